/* SPDX-License-Identifier: MIT */
/*
 * The run queue: the front runs, yield sends it to the back, a process can
 * leave from anywhere, and pids are unique.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>

#include <cmocka.h>

#include "runq.h"

static int setup(void **state)
{
	*state = runq_new();
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	runq_free(*state);
	return 0;
}

/* The queue front to back, by yielding through it once. */
static void assert_order(struct runq *s, const pid_t *want, unsigned int n)
{
	assert_int_equal(runq_count(s), n);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(runq_running(s), want[i]);
		runq_yield(s);
	}
	assert_int_equal(runq_running(s), n ? want[0] : 0);
}

static void test_runq_empty_has_no_runner(void **state)
{
	struct runq *s = *state;

	assert_int_equal(runq_running(s), 0);
	assert_int_equal(runq_count(s), 0);
	runq_yield(s);
	runq_remove(s, 5);
	assert_int_equal(runq_running(s), 0);
}

static void test_runq_round_robin_order(void **state)
{
	struct runq *s = *state;

	assert_int_equal(runq_add(s, 11), 0);
	assert_int_equal(runq_running(s), 11);
	assert_int_equal(runq_add(s, 12), 0);
	assert_int_equal(runq_add(s, 13), 0);
	assert_int_equal(runq_running(s), 11); /* adding never preempts */
	runq_yield(s);
	assert_int_equal(runq_running(s), 12);
	assert_order(s, (pid_t[]){12, 13, 11}, 3);
	/* a new process goes behind everyone, including the runner */
	assert_int_equal(runq_add(s, 14), 0);
	assert_order(s, (pid_t[]){12, 13, 11, 14}, 4);
}

static void test_runq_single_yield_keeps_runner(void **state)
{
	struct runq *s = *state;

	assert_int_equal(runq_add(s, 3), 0);
	runq_yield(s);
	assert_int_equal(runq_running(s), 3);
}

static void test_runq_remove_anywhere(void **state)
{
	struct runq *s = *state;

	for (pid_t pid = 1; pid <= 5; pid++)
		assert_int_equal(runq_add(s, pid), 0);
	runq_remove(s, 1); /* the runner: the next one runs */
	assert_order(s, (pid_t[]){2, 3, 4, 5}, 4);
	runq_remove(s, 4); /* the middle */
	assert_order(s, (pid_t[]){2, 3, 5}, 3);
	runq_remove(s, 5); /* the back: a new one still goes last */
	assert_int_equal(runq_add(s, 6), 0);
	assert_order(s, (pid_t[]){2, 3, 6}, 3);
	assert_false(runq_contains(s, 4));
	assert_true(runq_contains(s, 6));
	runq_remove(s, 4); /* not there: nothing happens */
	runq_remove(s, 2);
	runq_remove(s, 3);
	runq_remove(s, 6);
	assert_order(s, NULL, 0);
	assert_int_equal(runq_add(s, 2), 0); /* a pid can come back */
	assert_order(s, (pid_t[]){2}, 1);
}

static void test_runq_pids_unique(void **state)
{
	struct runq *s = *state;

	assert_int_equal(runq_add(s, 9), 0);
	assert_int_equal(runq_add(s, 10), 0);
	assert_int_equal(runq_add(s, 10), -EEXIST);
	assert_order(s, (pid_t[]){9, 10}, 2);
}

/* Many processes: every operation stays on the hash and the list. */
static void test_runq_many_processes(void **state)
{
	struct runq *s = *state;
	const pid_t n = 100000;

	for (pid_t pid = 1; pid <= n; pid++)
		assert_int_equal(runq_add(s, pid), 0);
	for (pid_t pid = n; pid > 1; pid -= 2)
		runq_remove(s, pid);
	assert_int_equal(runq_count(s), n / 2);
	for (pid_t pid = 1; pid < n; pid += 2) {
		assert_int_equal(runq_running(s), pid);
		runq_yield(s);
	}
	assert_int_equal(runq_running(s), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_runq_empty_has_no_runner, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runq_round_robin_order, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runq_single_yield_keeps_runner, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runq_remove_anywhere, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runq_pids_unique, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_runq_many_processes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
