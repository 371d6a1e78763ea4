/* SPDX-License-Identifier: MIT */
/*
 * Slow and silent peers (docs/security.md section 7): connections that
 * never complete a request are closed after the idle timeout; a process
 * that holds the simulated CPU and is stopped keeps the others waiting, but
 * pagerctl still answers (and says who holds the CPU, for how long) and
 * SIGTERM still stops the daemon; pagerctl gives up on a daemon that does
 * not answer, after --timeout, with its own exit status. A peer that does
 * not read its answers is disconnected.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

/* Run pagerctl --socket SOCK with up to three more arguments: its exit
 * status; what it wrote in *out and *err (malloc'd). */
static int pagerctl(const struct atk *a, char **out, char **err, const char *a1, const char *a2,
		    const char *a3)
{
	char opath[128], epath[128];
	int status;
	pid_t pid;

	snprintf(opath, sizeof(opath), "%s/ctl-out", a->d.dir);
	snprintf(epath, sizeof(epath), "%s/ctl-err", a->d.dir);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int o = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (o < 0 || e < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(126);
		execl(PAGERCTL_BIN, PAGERCTL_BIN, "--socket", a->d.sock, a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	status = atk_wait(pid, 10000);
	*out = dh_read(opath);
	*err = dh_read(epath);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* A connection stalled half-way through HELLO and one that sends nothing
 * are told ERROR(ETIMEDOUT) and closed after the idle timeout, not before;
 * a session waiting for the CPU, however long, is not. */
static void test_attack_idle_timeout(void **state)
{
	const char *const args[] = { "--idle-timeout", "300", NULL };
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_HELLO };
	uint8_t buf[64];
	int half, silent, session;
	int64_t start;

	atk_start(a, args);
	session = dh_connect(&a->d);
	assert_true(session >= 0);
	dh_hello(session, getppid());
	m.hello.version = PROTO_VERSION;
	m.hello.pid = getpid();
	assert_true(proto_encode(&m, buf, sizeof(buf)) > 5);
	start = atk_now_ms();
	half = dh_connect(&a->d);
	silent = dh_connect(&a->d);
	assert_true(half >= 0 && silent >= 0);
	dh_send_raw(half, buf, 5);
	for (int i = 0; i < 2; i++) {
		int fd = i ? silent : half;

		assert_int_equal(atk_recv_within(fd, &m, 5000), 0);
		assert_int_equal(m.type, PROTO_ERROR);
		assert_int_equal(m.error.err, ETIMEDOUT);
		assert_true(dh_closed(fd));
		close(fd);
	}
	assert_true(atk_now_ms() - start >= 300);
	/* the session has waited longer than the timeout: still served */
	atk_sleep_ms(300);
	atk_release(a);
	assert_int_equal(atk_recv_within(session, &m, 5000), 0);
	assert_int_equal(m.type, PROTO_RUN);
	close(session);
	atk_finish(a);
}

/* The bystander holds the CPU and is stopped (SIGSTOP): pagerctl status
 * answers at once and names it, with how long it has held the CPU. */
static void test_attack_stopped_cpu_holder(void **state)
{
	struct atk *a = *state;
	char want[96], *out, *err;

	atk_start(a, NULL);
	assert_int_equal(kill(a->bystander, SIGSTOP), 0);
	atk_sleep_ms(300);
	assert_int_equal(pagerctl(a, &out, &err, "--timeout", "5", "status"), 0);
	snprintf(want, sizeof(want), "(pid %ld running, holding the CPU for ", (long)a->bystander);
	assert_non_null(strstr(out, want));
	assert_true(atol(strstr(out, want) + strlen(want)) >= 300);
	free(out);
	free(err);
	assert_int_equal(kill(a->bystander, SIGCONT), 0);
	atk_release(a);
	atk_finish(a);
}

/* SIGTERM stops the daemon while the process holding the CPU is stopped;
 * the stopped process is told ERROR(ESHUTDOWN) when it resumes. */
static void test_attack_sigterm_with_stopped_holder(void **state)
{
	struct atk *a = *state;
	int status;

	atk_start(a, NULL);
	assert_int_equal(kill(a->bystander, SIGSTOP), 0);
	assert_int_equal(dh_stop(&a->d), 0);
	assert_int_equal(kill(a->bystander, SIGCONT), 0);
	atk_release(a);
	status = atk_wait(a->bystander, 5000);
	a->bystander = 0;
	assert_true(WIFEXITED(status) && WEXITSTATUS(status));
}

/* A daemon that does not answer (stopped): pagerctl gives up after
 * --timeout, says so, and exits 3; the daemon, resumed, goes on. */
static void test_attack_pagerctl_timeout(void **state)
{
	struct atk *a = *state;
	char *out, *err;
	int64_t start;

	atk_start(a, NULL);
	assert_int_equal(kill(a->d.pid, SIGSTOP), 0);
	start = atk_now_ms();
	assert_int_equal(pagerctl(a, &out, &err, "--timeout", "0.3", "status"), 3);
	assert_true(atk_now_ms() - start >= 300);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "did not answer within 0.300 s (--timeout)"));
	assert_non_null(strstr(err, a->d.sock));
	free(out);
	free(err);
	assert_int_equal(kill(a->d.pid, SIGCONT), 0);
	atk_release(a);
	atk_finish(a);
}

/* Read everything until end of file or ms of silence: true at end of
 * file (or a reset: the daemon closed with requests of ours unread). */
static bool drained_to_eof(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[65536];

	while (poll(&p, 1, ms) == 1) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0)
			return n == 0 || errno == ECONNRESET;
	}
	return false;
}

/* A control connection that sends STATUS after STATUS and reads nothing
 * leaves more answers unread than its socket buffer holds: it is closed
 * (the documented bound), not served forever. */
static void test_attack_unread_answers(void **state)
{
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_STATUS };
	uint8_t req[8 * 1024];
	int fd, n;

	atk_start(a, NULL);
	fd = dh_connect(&a->d);
	assert_true(fd >= 0);
	n = proto_encode(&m, req, sizeof(req));
	assert_int_equal(n, 8);
	for (size_t i = 8; i < sizeof(req); i += 8)
		memcpy(req + i, req, 8);
	/* 64 Ki STATUS: 3.5 MiB of answers, far more than a socket buffer */
	for (int i = 0; i < 64; i++)
		if (send(fd, req, sizeof(req), MSG_NOSIGNAL) != (ssize_t)sizeof(req))
			break; /* closed already */
	assert_true(drained_to_eof(fd, 5000));
	close(fd);
	atk_release(a);
	atk_finish(a);
}

/* Readers that ask for a frame table (20000 frames: about 500 KiB, more
 * than a socket buffer) and never take it are closed after the idle
 * timeout. */
static void test_attack_frames_not_taken(void **state)
{
	const char *const args[] = { "-m", "20000", "--idle-timeout", "300", NULL };
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_FRAMES };
	int fds[8];

	atk_start(a, args);
	for (int i = 0; i < 8; i++) {
		fds[i] = dh_connect(&a->d);
		assert_true(fds[i] >= 0);
		dh_send(fds[i], &m);
	}
	atk_sleep_ms(1000);
	for (int i = 0; i < 8; i++) {
		assert_true(drained_to_eof(fds[i], 2000));
		close(fds[i]);
	}
	atk_release(a);
	atk_finish(a);
}

/* Frame tables queued for all connections together stay within
 * --answer-memory: with 1 MiB, one table of 20000 frames (about 550 KiB
 * with its CHUNK headers) is queued for a reader that does not read, the
 * others are refused (EBUSY); once that reader is gone the budget is free
 * again and pagerctl frames gets the whole table. */
static void test_attack_frames_budget(void **state)
{
	const char *const args[] = { "-m", "20000", "--answer-memory", "1", NULL };
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_FRAMES };
	int fds[4], nr_ok = 0, nr_busy = 0;
	char *out, *err;

	atk_start(a, args);
	for (int i = 0; i < 4; i++) {
		fds[i] = dh_connect(&a->d);
		assert_true(fds[i] >= 0);
		dh_send(fds[i], &m);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(atk_recv_within(fds[i], &m, 10000), 0);
		if (m.type == PROTO_FRAMES_OK)
			nr_ok++;
		else if (m.type == PROTO_ERROR && m.error.err == EBUSY)
			nr_busy++;
	}
	assert_int_equal(nr_ok, 1);
	assert_int_equal(nr_busy, 3);
	for (int i = 0; i < 4; i++)
		close(fds[i]);
	assert_int_equal(pagerctl(a, &out, &err, "frames", NULL, NULL), 0);
	assert_true(strlen(out) > 500000);
	free(out);
	free(err);
	atk_release(a);
	atk_finish(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
		T(test_attack_idle_timeout),
		T(test_attack_stopped_cpu_holder),
		T(test_attack_sigterm_with_stopped_holder),
		T(test_attack_pagerctl_timeout),
		T(test_attack_unread_answers),
		T(test_attack_frames_not_taken),
		T(test_attack_frames_budget),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
