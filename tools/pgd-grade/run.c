/* SPDX-License-Identifier: MIT */
/*
 * One run of a test program under its own private pagerd, in the tests'
 * directory (its data files are beside it), in a process group of its own.
 * Bounds: --timeout seconds (then SIGTERM, which pagerd passes on, and
 * SIGKILL to the group a second later), and RLIMIT_NPROC at the processes
 * the user has now plus --nproc, so that a fork storm fails its forks; for
 * root, whom RLIMIT_NPROC does not bind, the group is killed once it holds
 * more than --nproc processes.
 * pagerd's status tells a pager crash: killed by a signal itself, or exit
 * 70 (a pager fault that pagerd caught and reported).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade.h"

/* pagerd's exit status for a pager that crashed, hung or lied. */
#define RUN_PAGER_FAILED 70

/* The sum of count(pid's directory name, arg) over the processes in
 * /proc now. */
static long run_each_proc(long (*count)(const char *pid, void *arg), void *arg)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	long nr = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
			nr += count(e->d_name, arg);
	closedir(d);
	return nr;
}

/* A process's threads if this user runs it, else 0. */
static long run_threads_of_user(const char *pid, void *arg)
{
	struct stat st;
	char path[300];
	FILE *f;
	long threads = 1;

	(void)arg;
	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	if (stat(path, &st) || st.st_uid != getuid() || !(f = fopen(path, "r")))
		return 0;
	while (fgets(path, sizeof(path), f))
		if (sscanf(path, "Threads: %ld", &threads) == 1)
			break;
	fclose(f);
	return threads;
}

/* The threads that processes of this user run now (RLIMIT_NPROC counts
 * them all). */
static long run_user_threads(void)
{
	return run_each_proc(run_threads_of_user, NULL);
}

static double run_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void run_child(const struct grade_opts *o, const struct grade_test *t, const char *pager,
                      const char *out, long limit)
{
	struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
	char memory[16], *bin = grade_fmt("%s/%s", o->out_dir, t->name);
	const char *argv[12];
	int n = 0, fd;

	setpgid(0, 0);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || dup2(fd, 1) < 0 || dup2(1, 2) < 0 || chdir(o->tests_dir))
		_exit(127);
	if (setrlimit(RLIMIT_NPROC, &rl))
		_exit(127);
	snprintf(memory, sizeof(memory), "%u", t->memory);
	argv[n++] = o->pagerd;
	argv[n++] = "--memory-pages";
	argv[n++] = memory;
	if (o->classic) {
		argv[n++] = "--classic";
		argv[n++] = o->classic;
	}
	if (pager) {
		argv[n++] = "--pager";
		argv[n++] = pager;
	}
	argv[n++] = "--";
	argv[n++] = bin;
	argv[n] = NULL;
	execvp(o->pagerd, (char **)argv);
	fprintf(stderr, "pgd-grade: %s: %s\n", o->pagerd, strerror(errno));
	_exit(127);
}

/* 1 if a process is in the process group *arg, else 0. */
static long run_in_group(const char *pid, void *arg)
{
	char path[300], buf[512], *close_paren;
	int group = 0;
	long in = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (!(f = fopen(path, "r")))
		return 0;
	/* "pid (comm) state ppid pgrp ...": comm may hold anything */
	if (fgets(buf, sizeof(buf), f) && (close_paren = strrchr(buf, ')')) &&
	    sscanf(close_paren + 1, " %*c %*d %d", &group) == 1 && group == *(pid_t *)arg)
		in = 1;
	fclose(f);
	return in;
}

/* The processes in process group pgid. */
static long run_group_size(pid_t pgid)
{
	return run_each_proc(run_in_group, &pgid);
}

/* pid's status; RUN_TIMEOUT if it has not ended by the deadline,
 * RUN_STORM as soon as its process group holds more than nproc processes
 * (RLIMIT_NPROC does not bind root). */
#define RUN_TIMEOUT (-1)
#define RUN_STORM   (-2)
static int run_wait(pid_t pid, double deadline, long nproc)
{
	int st;

	for (unsigned i = 1;; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return st;
		if (run_now() >= deadline)
			return RUN_TIMEOUT;
		if (i % 10 == 0 && run_group_size(pid) > nproc)
			return RUN_STORM;
		nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
	}
}

/* SIGTERM to pagerd's group (pagerd ends its sessions and removes its
 * socket), SIGKILL to what is left a second later; pid reaped. */
static void run_stop(pid_t pid)
{
	int st;

	kill(-pid, SIGTERM);
	if (run_wait(pid, run_now() + 1, LONG_MAX) == RUN_TIMEOUT) {
		kill(-pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	kill(-pid, SIGKILL);
}

enum grade_result grade_run(const struct grade_opts *o, const struct grade_test *t,
                            const char *pager, const char *out, char **detail)
{
	long limit = run_user_threads() + o->nproc;
	pid_t pid = fork();
	int st;

	if (pid < 0) {
		*detail = grade_fmt("%s: cannot fork: %s", t->name, strerror(errno));
		return GRADE_CRASH;
	}
	if (pid == 0)
		run_child(o, t, pager, out, limit);
	setpgid(pid, pid);
	st = run_wait(pid, run_now() + o->timeout, o->nproc);
	if (st == RUN_STORM || st == RUN_TIMEOUT)
		run_stop(pid);
	if (st == RUN_STORM) {
		*detail =
		    grade_fmt("%s: more than %ld processes (--nproc); killed", t->name, o->nproc);
		return GRADE_STORM;
	}
	if (st == RUN_TIMEOUT) {
		*detail =
		    grade_fmt("%s: no end within %g s (--timeout); killed", t->name, o->timeout);
		return GRADE_TIMEOUT;
	}
	kill(-pid, SIGKILL); /* what the program left behind */
	if (WIFSIGNALED(st)) {
		*detail = grade_fmt("%s: pagerd killed by signal %d (%s): the pager crashed",
		                    t->name, WTERMSIG(st), strsignal(WTERMSIG(st)));
		return GRADE_CRASH;
	}
	if (WEXITSTATUS(st) == RUN_PAGER_FAILED) {
		char *log = grade_slurp(out);

		*detail = grade_fmt("%s: pagerd reported the pager's failure (status %d):\n%s",
		                    t->name, RUN_PAGER_FAILED, log ? log : "");
		free(log);
		return GRADE_CRASH;
	}
	if (WEXITSTATUS(st) == 127) {
		*detail = grade_fmt("%s: %s could not run it (status 127)", t->name, o->pagerd);
		return GRADE_CRASH;
	}
	return GRADE_PASS;
}
