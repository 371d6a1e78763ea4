/* SPDX-License-Identifier: MIT */
/*
 * Exhaustion (docs/security.md section 7): a daemon started with few file
 * descriptors, and connections opened until it has none left. It must stop
 * accepting without spinning or flooding its standard error, say so once,
 * keep its sessions going, tell a HELLO it cannot serve why (EMFILE), and
 * serve the connections that waited once descriptors are free again. And
 * a frame table too long to send is refused before it is built whole, and
 * the statistics records of ended processes are bounded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

/* The daemon's descriptor limit: room for its own descriptors, the
 * bystander's session and a few connections. */
#define EXHAUST_NOFILE 32
#define EXHAUST_MAX_CONNS 64
/* Short sessions after the bystander's, for the statistics records. */
#define NR_SHORT 9

/* Clock ticks of CPU time the process has used (utime + stime). */
static long cpu_ticks(pid_t pid)
{
	unsigned long utime = 0, stime = 0;
	char path[64], buf[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "re");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	p = strrchr(buf, ')');
	assert_non_null(p);
	/* after ')': state ppid pgrp session tty tpgid flags minflt cminflt
	 * majflt cmajflt utime stime */
	assert_int_equal(sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
				&utime, &stime),
			 2);
	return (long)(utime + stime);
}

static unsigned int count(const char *s, const char *what)
{
	unsigned int n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static void test_attack_descriptor_exhaustion(void **state)
{
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_STATUS };
	int conns[EXHAUST_MAX_CONNS], n = 0, waiting;
	long hz = sysconf(_SC_CLK_TCK), ticks;
	char path[128], *err;
	unsigned int episodes;

	atk_start_nofile(a, NULL, EXHAUST_NOFILE);
	/* Connect until a connection is not served: the daemon is out of
	 * descriptors, and that one waits in the listen backlog. */
	for (;;) {
		assert_true(n < EXHAUST_MAX_CONNS);
		conns[n] = dh_connect(&a->d);
		assert_true(conns[n] >= 0);
		m.type = PROTO_STATUS;
		dh_send(conns[n], &m);
		if (atk_recv_within(conns[n], &m, 300) == -ETIMEDOUT)
			break;
		assert_int_equal(m.type, PROTO_STATUS_OK);
		n++;
	}
	waiting = conns[n];
	assert_true(n > 0);

	/* Starved, the daemon waits quietly: under 10% of a CPU over a second. */
	ticks = cpu_ticks(a->d.pid);
	atk_sleep_ms(1000);
	ticks = cpu_ticks(a->d.pid) - ticks;
	if (ticks * 10 > hz)
		fail_msg("the starved daemon used %ld of %ld clock ticks in a second", ticks, hz);

	/* A HELLO it cannot serve is told why: no descriptor for the page
	 * table (EMFILE), not "vm_create failed". */
	m.type = PROTO_HELLO;
	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_NEW;
	m.hello.pid = getpid();
	m.hello.parent = getppid();
	dh_send(conns[n - 1], &m);
	assert_int_equal(atk_recv_within(conns[n - 1], &m, 5000), 0);
	assert_int_equal(m.type, PROTO_ERROR);
	assert_int_equal(m.error.err, EMFILE);
	assert_int_equal(m.error.request, PROTO_HELLO);
	assert_true(dh_closed(conns[n - 1]));
	close(conns[n - 1]);

	/* Descriptors free: the connection that waited is served. */
	for (int i = 0; i < n - 1; i++)
		close(conns[i]);
	assert_int_equal(atk_recv_within(waiting, &m, 5000), 0);
	assert_int_equal(m.type, PROTO_STATUS_OK);
	close(waiting);

	atk_release(a);
	atk_finish(a);
	/* One report per episode, and one when it is over: a few lines, not a
	 * flood (a descriptor the daemon uses for a moment, or the sanitizers
	 * do, may end an episode early and start another). */
	snprintf(path, sizeof(path), "%s/pagerd-err", a->d.dir);
	err = dh_read(path);
	episodes = count(err, "not accepting connections");
	assert_int_equal(count(err, "accepting connections on"), episodes);
	assert_true(episodes >= 1 && episodes <= 3);
	assert_true(strlen(err) < 1024);
	free(err);
}

/* A field of /proc/PID/status, in kB. */
static long status_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "re");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, strlen(field)) && line[strlen(field)] == ':')
			kb = atol(line + strlen(field) + 1);
	fclose(f);
	assert_true(kb >= 0);
	return kb;
}

/* A frame table longer than the protocol's 64 MiB (4 Mi frames: about 110
 * MiB of text) is refused with EFBIG without being built whole: the
 * daemon's peak memory grows by less than 96 MiB. */
static void test_attack_frames_too_long(void **state)
{
	const char *const args[] = { "-m", "4194304", NULL };
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_FRAMES };
	long before, peak;
	int fd;

	atk_start(a, args);
	before = status_kb(a->d.pid, "VmRSS");
	fd = dh_connect(&a->d);
	assert_true(fd >= 0);
	dh_send(fd, &m);
	assert_int_equal(atk_recv_within(fd, &m, 30000), 0);
	assert_int_equal(m.type, PROTO_ERROR);
	assert_int_equal(m.error.err, EFBIG);
	close(fd);
	peak = status_kb(a->d.pid, "VmHWM");
	if (peak - before >= 96 * 1024)
		fail_msg("the daemon's memory grew from %ld kB to a peak of %ld kB", before, peak);
	atk_release(a);
	atk_finish(a);
}

/* A short-lived raw client: HELLO, RUN, exit. Its pid. */
static pid_t short_session(const struct atk *a)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (!pid) {
		struct proto_msg m = { .type = PROTO_HELLO };
		int fd = dh_connect(&a->d);

		m.hello.version = PROTO_VERSION;
		m.hello.kind = PROTO_ATTACH_NEW;
		m.hello.pid = getpid();
		m.hello.parent = getppid();
		if (fd < 0 || proto_send(fd, &m, NULL, 0, 0) || dh_recv(fd, &m) ||
		    m.type != PROTO_HELLO_OK || dh_recv(fd, &m) || m.type != PROTO_RUN)
			_exit(1);
		_exit(0);
	}
	return pid;
}

/* With a log, the statistics of ended processes are kept for the end of
 * the run, at most --stats-records of them: then they are written at once
 * and forgotten. Every process's line is in the log exactly once. */
static void test_attack_stats_records_rolled(void **state)
{
	const char *const args[] = { "--stats-records", "4", NULL };
	struct atk *a = *state;
	pid_t pids[NR_SHORT];
	char line[64], *log;
	int status;

	atk_start(a, args);
	atk_release(a);
	atk_finish(a);
	for (int i = 0; i < NR_SHORT; i++) {
		pids[i] = short_session(a);
		status = atk_wait(pids[i], 5000);
		assert_true(WIFEXITED(status) && !WEXITSTATUS(status));
	}
	assert_int_equal(dh_stop(&a->d), 0);
	log = dh_log(&a->d);
	/* the bystander and NR_SHORT processes: rolled twice, at 4 and 8 */
	assert_int_equal(count(log, "# stats pid "), NR_SHORT + 1);
	assert_int_equal(count(log, "processes ended; their records follow now "
				    "(pagerd keeps at most 4, --stats-records)"),
			 (NR_SHORT + 1) / 4);
	for (int i = 0; i < NR_SHORT; i++) {
		snprintf(line, sizeof(line), "# stats pid %ld:", (long)pids[i]);
		assert_int_equal(count(log, line), 1);
	}
	assert_int_equal(count(log, "# stats global:"), 1);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
		T(test_attack_descriptor_exhaustion),
		T(test_attack_frames_too_long),
		T(test_attack_stats_records_rolled),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
