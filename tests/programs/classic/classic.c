/* SPDX-License-Identifier: MIT */
/*
 * The launcher and the checks of the classic scenario programs (classic.h).
 * The launcher knows that a process has attached when the daemon's run
 * queue (STATUS, a request any local client may make) has grown by one: a
 * program blocked in its first call cannot tell anyone itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "classic.h"
#include "pagerd/client.h"
#include "proto.h"

#define CLASSIC_ATTACH_TIMEOUT_MS 10000
#define CLASSIC_MAX_PROCS         16

void classic_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: pid %ld: check failed: %s\n", file, line, (long)getpid(), what);
	exit(1);
}

static void classic_expect_byte(const volatile char *p, char want)
{
	char got = *p;

	if (got == want)
		return;
	fprintf(stderr, "pid %ld: byte at %p is 0x%02x, expected 0x%02x\n", (long)getpid(),
	        (const void *)p, (unsigned char)got, (unsigned char)want);
	exit(1);
}

void classic_store_str(volatile char *p, const char *s)
{
	size_t i = 0;

	do
		p[i] = s[i];
	while (s[i++]);
}

void classic_expect_bytes(const volatile char *p, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		classic_expect_byte(p + i, c);
}

void classic_expect_str(const volatile char *p, const char *s)
{
	size_t i = 0;

	do
		classic_expect_byte(p + i, s[i]);
	while (s[i++]);
}

/* A connection to the daemon of $PAGERD_SOCKET, for STATUS; -errno. */
static int classic_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, err;

	err = proto_socket_path(sa.sun_path, sizeof(sa.sun_path));
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* The length of the daemon's run queue (the running process included). */
static int classic_queued(int sock, unsigned int *out)
{
	struct proto_msg m = {.type = PROTO_STATUS};
	unsigned int nfds;
	int err = proto_send(sock, &m, NULL, 0, 0);

	if (!err)
		err = proto_recv(sock, &m, NULL, 0, &nfds);
	if (!err && m.type != PROTO_STATUS_OK)
		err = -EPROTO;
	if (!err)
		*out = m.status_ok.nr_queued;
	return err;
}

/* Wait until the run queue holds want processes; -ECHILD if pid died. */
static int classic_wait_queued(int sock, unsigned int want, pid_t pid)
{
	struct timespec ms = {.tv_nsec = 1000000};

	for (int waited = 0; waited < CLASSIC_ATTACH_TIMEOUT_MS; waited++) {
		unsigned int queued;
		int err = classic_queued(sock, &queued);

		if (err)
			return err;
		if (queued >= want)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -ECHILD;
		nanosleep(&ms, NULL);
	}
	return -ETIMEDOUT;
}

/* In a forked top-level process: attach, and if first, hold the CPU until
 * the launcher closes the go pipe; then run. */
static void classic_start(const struct classic_proc *p, bool first, int sock, const int go[2])
{
	char c;

	close(sock);
	close(go[1]);
	if (pgd_attach())
		exit(1);
	while (first && read(go[0], &c, 1) < 0 && errno == EINTR)
		;
	close(go[0]);
	p->run();
	exit(0);
}

/* Fork and attach every process in order; 0 or -errno (those started still
 * run once the go pipe closes). */
static int classic_fork_all(const struct classic_proc *procs, size_t nr, pid_t *pids)
{
	unsigned int base;
	int go[2], sock, err;

	sock = classic_connect();
	if (sock < 0) {
		fprintf(stderr, "classic: cannot reach pagerd: %s\n", strerror(-sock));
		return sock;
	}
	err = classic_queued(sock, &base);
	if (err) {
		fprintf(stderr, "classic: STATUS: %s\n", strerror(-err));
		goto out_sock;
	}
	if (pipe2(go, O_CLOEXEC)) {
		err = -errno;
		goto out_sock;
	}
	for (size_t i = 0; i < nr && !err; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			err = -errno;
			break;
		}
		if (pids[i] == 0)
			classic_start(&procs[i], i == 0, sock, go);
		err = classic_wait_queued(sock, base + (unsigned int)i + 1, pids[i]);
		if (err)
			fprintf(stderr, "classic: process %s did not attach: %s\n", procs[i].name,
			        strerror(-err));
	}
	close(go[0]);
	close(go[1]);
out_sock:
	close(sock);
	return err;
}

/* Whether status is how proc (NULL: a forked child) must end; else say so. */
static bool classic_ended_well(const struct classic_proc *proc, pid_t pid, int status)
{
	bool killed = proc && proc->end == CLASSIC_KILLED;

	if (killed ? WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV
	           : WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return true;
	fprintf(stderr, "classic: %s%s (pid %ld) ", proc ? "process " : "a forked child",
	        proc ? proc->name : "", (long)pid);
	if (WIFSIGNALED(status))
		fprintf(stderr, "was killed by signal %d", WTERMSIG(status));
	else
		fprintf(stderr, "exited with status %d", WEXITSTATUS(status));
	fprintf(stderr, ", expected %s\n", killed ? "SIGSEGV" : "exit status 0");
	return false;
}

int classic_launch(const struct classic_proc *procs, size_t nr)
{
	pid_t pids[CLASSIC_MAX_PROCS] = {0};
	int status, ret = 0;
	pid_t pid;

	if (nr > CLASSIC_MAX_PROCS) {
		fprintf(stderr, "classic: at most %d processes\n", CLASSIC_MAX_PROCS);
		return 1;
	}
	if (prctl(PR_SET_CHILD_SUBREAPER, 1)) {
		fprintf(stderr, "classic: PR_SET_CHILD_SUBREAPER: %s\n", strerror(errno));
		return 1;
	}
	if (classic_fork_all(procs, nr, pids))
		ret = 1;
	while ((pid = wait(&status)) > 0 || (pid < 0 && errno == EINTR)) {
		const struct classic_proc *proc = NULL;

		for (size_t i = 0; pid > 0 && i < nr; i++)
			if (pids[i] == pid)
				proc = &procs[i];
		if (pid > 0 && !classic_ended_well(proc, pid, status))
			ret = 1;
	}
	return ret;
}
