/* SPDX-License-Identifier: MIT */
/*
 * The daemon test harness (see dh.h). The daemon runs as a real child
 * process, started with fork/exec, so each test sees exactly what a user's
 * program sees.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"

static void dh_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

void dh_dir(struct dh *d)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/pgd-test.XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->sock, sizeof(d->sock), "%s/sock", d->dir);
	snprintf(d->log, sizeof(d->log), "%s/log", d->dir);
}

int dh_setup(void **state)
{
	struct dh *d = calloc(1, sizeof(*d));

	if (!d)
		return -1;
	dh_dir(d);
	*state = d;
	return 0;
}

int dh_teardown(void **state)
{
	dh_cleanup(*state);
	free(*state);
	return 0;
}

void dh_start(struct dh *d, const char *const *args)
{
	const char *argv[32] = { PAGERD_BIN, "--socket", d->sock, "--log", d->log,
				 "--files-dir", d->dir, "--check" };
	size_t n = 8;
	int fd;

	if (!d->dir[0])
		dh_dir(d);
	for (; args && *args && n < 31; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	d->pid = fork();
	assert_true(d->pid >= 0);
	if (!d->pid) {
		/* A test killed by ctest's timeout must not leave its daemon. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execv(PAGERD_BIN, (char **)argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		fd = dh_connect(d);
		if (fd >= 0) {
			close(fd);
			return;
		}
		dh_sleep_ms(10);
	}
	fail_msg("pagerd did not start on %s", d->sock);
}

int dh_stop(struct dh *d)
{
	int status;

	if (!d->pid)
		return -1;
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 1000; i++) {
		if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
			d->pid = 0;
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
		}
		dh_sleep_ms(10);
	}
	kill(d->pid, SIGKILL);
	waitpid(d->pid, NULL, 0);
	d->pid = 0;
	return -1;
}

void dh_cleanup(struct dh *d)
{
	char cmd[128];

	if (d->pid)
		dh_stop(d);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d->dir);
	if (d->dir[0] && system(cmd))
		fprintf(stderr, "cannot remove %s\n", d->dir);
}

char *dh_log(const struct dh *d)
{
	return dh_read(d->log);
}

char *dh_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return buf;
}

void dh_file(const struct dh *d, const char *name, size_t len, char c)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", d->dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < len; i++)
		fputc(c, f);
	fclose(f);
}

int dh_connect(const struct dh *d)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", d->sock);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

void dh_send(int fd, const struct proto_msg *m)
{
	assert_int_equal(proto_send(fd, m, NULL, 0, 0), 0);
}

void dh_send_raw(int fd, const void *buf, size_t len)
{
	assert_int_equal(send(fd, buf, len, MSG_NOSIGNAL), (ssize_t)len);
}

int dh_recv(int fd, struct proto_msg *m)
{
	int fds[PROTO_MAX_FDS];
	unsigned int nfds;
	int err = proto_recv(fd, m, fds, PROTO_MAX_FDS, &nfds);

	while (!err && nfds)
		close(fds[--nfds]);
	return err;
}

void dh_hello(int fd, pid_t parent)
{
	struct proto_msg m = { .type = PROTO_HELLO };

	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_NEW;
	m.hello.pid = getpid();
	m.hello.parent = parent;
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_HELLO_OK);
}

bool dh_closed(int fd)
{
	struct proto_msg m;

	while (!dh_recv(fd, &m))
		;
	return true;
}

void dh_wait_idle(const struct dh *d, unsigned int n)
{
	struct proto_msg m = { .type = PROTO_STATUS };

	for (int i = 0; i < 1000; i++) {
		int fd = dh_connect(d);

		assert_true(fd >= 0);
		dh_send(fd, &m);
		assert_int_equal(dh_recv(fd, &m), 0);
		close(fd);
		assert_int_equal(m.type, PROTO_STATUS_OK);
		if (m.status_ok.nr_sessions == n && !m.status_ok.nr_jobs)
			return;
		m.type = PROTO_STATUS;
		dh_sleep_ms(5);
	}
	fail_msg("pagerd did not reach %u sessions", n);
}

void dh_stats(const struct dh *d, struct proto_msg *out)
{
	struct proto_msg m = { .type = PROTO_STATS };
	int fd = dh_connect(d);

	assert_true(fd >= 0);
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, out), 0);
	assert_int_equal(out->type, PROTO_STATS_OK);
	close(fd);
}

void dh_assert_no_leak(const struct dh *d, unsigned int memory_pages)
{
	struct proto_msg m;

	dh_wait_idle(d, 0);
	dh_stats(d, &m);
	assert_int_equal(m.stats_ok.stats.pages_mapped, 0);
	assert_int_equal(m.stats_ok.stats.blocks_reserved, 0);
	assert_int_equal(m.stats_ok.stats.frames_free + m.stats_ok.stats.frames_ghost,
			 memory_pages - 1);
}
