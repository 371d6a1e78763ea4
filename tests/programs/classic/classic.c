/* SPDX-License-Identifier: MIT */
/*
 * The launcher and the checks of the classic scenario programs (classic.h).
 * The launcher starts the processes in order with pgd-run's attach_order (the
 * next is forked once the daemon's run queue shows the last one attached),
 * then reaps them and everything they fork.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "classic.h"
#include "attach_order.h"
#include "pagerd/client.h"

#define CLASSIC_MAX_PROCS 16

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

/* In a forked top-level process: attach, and if first, hold the CPU until
 * the launcher closes the go pipe; then run. */
static void classic_start(const struct classic_proc *p, bool first, int go_fd)
{
	char c;

	if (pgd_attach())
		exit(1);
	while (first && read(go_fd, &c, 1) < 0 && errno == EINTR)
		;
	close(go_fd);
	p->run();
	exit(0);
}

/* Fork and attach every process in order; 0 or -errno (those started still
 * run once the go pipe closes). */
static int classic_fork_all(const struct classic_proc *procs, size_t nr, pid_t *pids)
{
	struct attach_order fa;
	int err = attach_order_begin(&fa, "classic");

	if (err)
		return err;
	for (size_t i = 0; i < nr && !err; i++) {
		pids[i] = attach_order_fork(&fa);
		if (pids[i] < 0) {
			err = pids[i];
			break;
		}
		if (pids[i] == 0)
			classic_start(&procs[i], i == 0, fa.go_fd);
		err = attach_order_wait(&fa, pids[i]);
		if (err)
			fprintf(stderr, "classic: process %s did not attach: %s\n", procs[i].name,
			        strerror(-err));
	}
	attach_order_go(&fa);
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
