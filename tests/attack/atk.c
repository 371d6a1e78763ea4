/* SPDX-License-Identifier: MIT */
/*
 * The attack-suite harness (see atk.h). The bystander is a real client
 * program run against the daemon as a user's program would be; it talks to
 * the test through two pipes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

int atk_setup(void **state)
{
	struct atk *a = calloc(1, sizeof(*a));

	if (!a)
		return -1;
	a->by_go = -1;
	dh_dir(&a->d);
	*state = a;
	return 0;
}

int atk_teardown(void **state)
{
	struct atk *a = *state;

	if (a->bystander > 0) {
		kill(a->bystander, SIGKILL);
		waitpid(a->bystander, NULL, 0);
	}
	if (a->by_go >= 0)
		close(a->by_go);
	dh_cleanup(&a->d);
	free(a);
	return 0;
}

/* The child's side of atk_spawn: in and out become stdin and stdout. */
static void atk_exec(const struct dh *d, const char *const *argv, int in, int out)
{
	char err[128];
	int fd;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	snprintf(err, sizeof(err), "%s/err", d->dir);
	fd = open(err, O_WRONLY | O_CREAT | O_APPEND, 0600);
	if (fd < 0 || dup2(in, 0) < 0 || (out >= 0 && dup2(out, 1) < 0) || dup2(fd, 2) < 0)
		_exit(126);
	setenv("PAGERD_SOCKET", d->sock, 1);
	execv(argv[0], (char **)argv);
	_exit(127);
}

pid_t atk_spawn(const struct dh *d, const char *const *argv)
{
	int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	pid_t pid;

	assert_true(in >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		atk_exec(d, argv, in, -1);
	close(in);
	return pid;
}

int atk_run_pagerd(const struct dh *d, const char *tmpdir, const char *const *args, char **err)
{
	const char *argv[16] = { PAGERD_BIN };
	char path[128];
	size_t n = 1;
	int status;
	pid_t pid;

	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	snprintf(path, sizeof(path), "%s/pagerd-err", d->dir);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int out = open("/dev/null", O_WRONLY), fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (out < 0 || fd < 0 || dup2(out, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		if (tmpdir)
			setenv("TMPDIR", tmpdir, 1);
		execv(PAGERD_BIN, (char **)argv);
		_exit(127);
	}
	status = atk_wait(pid, 20000);
	*err = dh_read(path);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int atk_recv_within(int fd, struct proto_msg *m, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return -ETIMEDOUT;
	return dh_recv(fd, m);
}

void atk_sleep_ms(long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&t, NULL);
}

int64_t atk_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int atk_wait(pid_t pid, int timeout_ms)
{
	struct timespec ms = { 0, 1000000 };
	int status;

	for (int i = 0; i < timeout_ms; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		nanosleep(&ms, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fail_msg("process %ld did not end within %d ms", (long)pid, timeout_ms);
	return -1;
}

void atk_start_nofile(struct atk *a, const char *const *args, unsigned int nofile)
{
	struct rlimit lim;
	char path[128];
	int saved = dup(2), fd;

	snprintf(path, sizeof(path), "%s/pagerd-err", a->d.dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	assert_true(dup2(fd, 2) == 2); /* the daemon inherits it */
	atk_start(a, args);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	close(fd);
	/* set from outside (valgrind fakes a process's own setrlimit) */
	assert_int_equal(prlimit(a->d.pid, RLIMIT_NOFILE, NULL, &lim), 0);
	lim.rlim_cur = nofile;
	assert_int_equal(prlimit(a->d.pid, RLIMIT_NOFILE, &lim, NULL), 0);
}

void atk_start(struct atk *a, const char *const *args)
{
	const char *argv[24] = { "-m" }, *prog[] = { ATK_BYSTANDER, NULL };
	char buf[6], pages[16];
	int go[2], ready[2];
	size_t n = 2;

	snprintf(pages, sizeof(pages), "%u", ATK_MEMORY_PAGES);
	argv[1] = pages;
	a->memory_pages = ATK_MEMORY_PAGES;
	for (; args && *args && n < 23; args++) {
		if (!strcmp(*args, "-m") && args[1])
			a->memory_pages = (unsigned int)strtoul(args[1], NULL, 0);
		argv[n++] = *args;
	}
	argv[n] = NULL;
	dh_start(&a->d, argv);
	assert_int_equal(pipe2(go, O_CLOEXEC), 0);
	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	a->bystander = fork();
	assert_true(a->bystander >= 0);
	if (!a->bystander)
		atk_exec(&a->d, prog, go[0], ready[1]);
	close(go[0]);
	close(ready[1]);
	a->by_go = go[1];
	if (read(ready[0], buf, sizeof(buf)) != (ssize_t)sizeof(buf) || memcmp(buf, "ready\n", 6))
		fail_msg("the bystander did not start (status %d)", atk_wait(a->bystander, 5000));
	close(ready[0]);
}

void atk_release(struct atk *a)
{
	assert_int_equal(write(a->by_go, "g", 1), 1);
}

void atk_finish(struct atk *a)
{
	int status = atk_wait(a->bystander, 20000);

	a->bystander = 0;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("the bystander's data is not intact: wait status 0x%x", status);
	dh_assert_no_leak(&a->d, a->memory_pages);
}
