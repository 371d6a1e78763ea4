/* SPDX-License-Identifier: MIT */
/*
 * The pager thread (daemon/pagerthread.c) over the machine and the reference
 * pager, with this test as its loop thread. Jobs come back in the order they
 * were submitted. A MAP, or a FAULT the pager accepts, given a socket is
 * answered on it by the pager thread once the call's effects are in the page
 * table, without waking the loop, and its done callback runs at the next
 * reap; a refused fault, and a job without a socket, are left to the loop,
 * which is woken.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "machine.h"
#include "pagerthread.h"
#include "proto.h"
#include "refpager.h"

#define PID 100

/* What a done callback saw. */
struct seen {
	enum job_kind kind;
	int ret;
	bool replied;
	uint64_t addr_ret;
};

static struct test {
	struct machine_config cfg;
	uv_loop_t loop;
	int sv[2]; /* [0]: the daemon's end (reply_fd), [1]: the client's */
	struct seen seen[16];
	unsigned int nr_seen;
} t;

static void record(struct job *job)
{
	assert_true(t.nr_seen < sizeof(t.seen) / sizeof(t.seen[0]));
	t.seen[t.nr_seen++] = (struct seen){job->kind, job->ret, job->replied, job->addr_ret};
}

/* A job of pid PID: addr is MAP's file name or FAULT's address. */
static struct job *submit(enum job_kind kind, uint64_t addr, bool write, int reply_fd)
{
	struct job *job = pagerthread_job(kind);

	job->pid = PID;
	job->parent = 1;
	job->addr = addr;
	job->write = write;
	job->reply_fd = reply_fd;
	job->done = record;
	pagerthread_submit(job);
	return job;
}

/* The client's end: the next message, which must be of this type. */
static struct proto_msg answer(enum proto_type type)
{
	struct proto_msg m;
	unsigned int nfds;

	assert_int_equal(proto_recv(t.sv[1], &m, NULL, 0, &nfds), 0);
	assert_int_equal(m.type, type);
	return m;
}

static void assert_no_answer(void)
{
	char byte;

	assert_int_equal(recv(t.sv[1], &byte, 1, MSG_DONTWAIT), -1);
	assert_int_equal(errno, EAGAIN);
}

static uint64_t base(void)
{
	return machine_geometry()->arena_base;
}

/* Process PID, current, with its first page mapped; every job done and
 * reaped, and no wakeup of the loop left pending. */
static int setup(void **state)
{
	(void)state;
	memset(&t, 0, sizeof(t));
	machine_config_defaults(&t.cfg);
	t.cfg.ops = &refpager_ops;
	t.cfg.check = true;
	if (machine_start(&t.cfg) || uv_loop_init(&t.loop))
		return -1;
	if (pagerthread_start(&t.loop) || socketpair(AF_UNIX, SOCK_STREAM, 0, t.sv))
		return -1;
	submit(JOB_CREATE, 0, false, -1);
	submit(JOB_SWITCH, 0, false, -1);
	submit(JOB_MAP, 0, false, t.sv[0]);
	/* The pager thread woke the loop for the first two before it took
	 * the third: one turn of the loop runs all three. */
	answer(PROTO_MAP_OK);
	uv_run(&t.loop, UV_RUN_NOWAIT);
	if (t.nr_seen != 3 || t.seen[0].ret || !t.seen[2].replied)
		return -1;
	t.nr_seen = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pagerthread_stop();
	uv_run(&t.loop, UV_RUN_DEFAULT);
	uv_loop_close(&t.loop);
	machine_stop();
	close(t.sv[0]);
	close(t.sv[1]);
	return 0;
}

/* The answers come from the pager thread before the loop thread has done
 * anything; each finds the call's effects in place, and the job already
 * done for the loop's next reap. */
static void test_pagerthread_answers_map_and_fault(void **state)
{
	uint64_t second = base() + machine_geometry()->page_size;
	struct proto_msg m;

	(void)state;
	submit(JOB_MAP, 0, false, t.sv[0]);
	m = answer(PROTO_MAP_OK);
	assert_int_equal(m.map_ok.addr, second);
	submit(JOB_FAULT, base(), true, t.sv[0]);
	m = answer(PROTO_FAULT_OK);
	assert_int_equal(m.fault_ok.result, 0);
	assert_true(machine_page_table(PID)[0].write_enable);
	assert_int_equal(t.nr_seen, 0);

	pagerthread_reap();
	assert_int_equal(t.nr_seen, 2);
	assert_int_equal(t.seen[0].kind, JOB_MAP);
	assert_true(t.seen[0].replied);
	assert_int_equal(t.seen[0].addr_ret, second);
	assert_int_equal(t.seen[1].kind, JOB_FAULT);
	assert_true(t.seen[1].replied);
	assert_int_equal(t.seen[1].ret, 0);
	assert_int_equal(pagerthread_pending(), 0);
}

/* An answered job wakes nobody: the loop finds nothing to do. */
static void test_pagerthread_answer_does_not_wake_loop(void **state)
{
	(void)state;
	submit(JOB_FAULT, base(), true, t.sv[0]);
	answer(PROTO_FAULT_OK);
	uv_run(&t.loop, UV_RUN_NOWAIT);
	assert_int_equal(t.nr_seen, 0);
	assert_int_equal(pagerthread_pending(), 1);
	pagerthread_reap();
	assert_int_equal(t.nr_seen, 1);
	assert_true(t.seen[0].replied);
}

/* A fault the pager refuses (past the valid part of the arena) is not
 * answered by the pager thread: the loop is woken and answers it. */
static void test_pagerthread_refused_fault_left_to_loop(void **state)
{
	(void)state;
	submit(JOB_FAULT, base() + 8 * machine_geometry()->page_size, false, t.sv[0]);
	submit(JOB_BARRIER, 0, false, -1);
	while (t.nr_seen < 2)
		uv_run(&t.loop, UV_RUN_ONCE);
	assert_int_equal(t.seen[0].kind, JOB_FAULT);
	assert_int_equal(t.seen[0].ret, -1);
	assert_false(t.seen[0].replied);
	assert_no_answer();
}

/* Without a socket the loop answers, so it is woken. */
static void test_pagerthread_no_socket_left_to_loop(void **state)
{
	(void)state;
	submit(JOB_FAULT, base(), false, -1);
	while (t.nr_seen < 1)
		uv_run(&t.loop, UV_RUN_ONCE);
	assert_false(t.seen[0].replied);
	assert_int_equal(t.seen[0].ret, 0);
	assert_no_answer();
}

/* Answered jobs and jobs that wake the loop come back in submission order. */
static void test_pagerthread_done_in_order(void **state)
{
	static const enum job_kind kinds[] = {JOB_MAP,   JOB_COMMENT, JOB_FAULT,
	                                      JOB_STATS, JOB_MAP,     JOB_BARRIER};
	size_t n = sizeof(kinds) / sizeof(kinds[0]);

	(void)state;
	for (size_t i = 0; i < n; i++)
		submit(kinds[i], kinds[i] == JOB_FAULT ? base() : 0, true,
		       kinds[i] == JOB_COMMENT ? -1 : t.sv[0]);
	while (t.nr_seen < n)
		uv_run(&t.loop, UV_RUN_ONCE);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(t.seen[i].kind, kinds[i]);
	answer(PROTO_MAP_OK);
	answer(PROTO_FAULT_OK);
	answer(PROTO_MAP_OK);
	assert_no_answer();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pagerthread_answers_map_and_fault, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pagerthread_answer_does_not_wake_loop, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pagerthread_refused_fault_left_to_loop, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pagerthread_no_socket_left_to_loop, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_pagerthread_done_in_order, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
