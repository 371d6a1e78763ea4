/* SPDX-License-Identifier: MIT */
/*
 * Scenario: fork and context switches. vm_create copies the running
 * process's arena, round-robin scheduling logs vm_switch only when the
 * running process changes, and processes map and fork at every phase of
 * their lives with independent arenas. Expected logs are worked out by hand
 * from semantics.md and design.md section 1.
 */
#include "harness.h"

/*
 * Section 3 scheduling; rules 8, 12 (last owner), 13. Two forks and a new
 * program share nothing but p0's frame; yield goes round the queue; exits
 * (the last ones through inproc_stop) switch to the next process in order.
 */
static void test_scenario_fork_round_robin_switches(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		/* a yield with nobody else to run switches nothing */
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		/* two forks: p0's frame is shared copy-on-write by three */
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_CREATE(1001, 1003) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		/* yields: 1002, 1003, back to 1001 */
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x1)
		L_SWITCH(1003) L_TABLE(1003) L_R(0x60000, 0x1)
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60000, 0x1)
		/* a new program while 1001 runs: the table shown is 1001's */
		L_CREATE(1000, 1004) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		/* yields: 1002, 1003, 1004 (empty arena), 1001 */
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x1)
		L_SWITCH(1003) L_TABLE(1003) L_R(0x60000, 0x1)
		L_SWITCH(1004) L_TABLE(1004)
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60000, 0x1)
		/* stop: exits in run-queue order; when 1002 is gone, 1003 is
		 * the last owner of a referenced dirty frame: w at once */
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x1)
		L_DESTROY
		L_SWITCH(1003) L_TABLE(1003) L_RW(0x60000, 0x1)
		L_DESTROY
		L_SWITCH(1004) L_TABLE(1004)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'P');
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_fork(), 1003);
	assert_int_equal(inproc_running(), 1001);
	inproc_yield();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'P');
	inproc_yield();
	assert_int_equal(inproc_running(), 1003);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'P');
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(inproc_attach(), 1004);
	assert_int_equal(inproc_running(), 1001);
	for (pid_t pid = 1002; pid <= 1004; pid++) {
		inproc_yield();
		assert_int_equal(inproc_running(), pid);
	}
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	harness_finish(h, expected);
}

/*
 * Rules 1, 2, 3, 12; C2, C5 (zero-page split), C6. -s 16. Forks of an empty
 * arena, of a zero page, of a dirty page; maps in parent and children after
 * the fork (each arena has its own next page); a fork of a child; a split by
 * a non-holder with a third sharer left; the holder's exit. Blocks: 1001 p0
 * 0; 1003 p0 1; 1001 p1 2; 1004 p0, p1 3, 4; 1002 p0 5; 1003 p1 6; 1004 p2
 * 7; 1005 p0-p2 8-10; 1001 p2 11.
 */
static void test_scenario_fork_map_at_phases(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		/* fork of an empty arena */
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		/* fork of a zero page: it stays r on page 0 */
		L_CREATE(1001, 1003) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x0)
		/* write to the shared zero page: a plain zero-fill */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		/* fork of a dirty page and a zero page */
		L_CREATE(1001, 1004) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x0)
		/* 1002 maps its own first page */
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x2)
		/* 1003 still sees zeros in p0 and maps its second page */
		L_SWITCH(1003) L_TABLE(1003) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1003) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		/* 1004 maps its third page and forks 1005 */
		L_SWITCH(1004) L_TABLE(1004) L_R(0x60000, 0x1) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1004) L_R(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_CREATE(1004, 1005) L_CREATE_RET(0)
		L_TABLE(1004) L_R(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		/* 1004 writes p0: its own copy in frame 3; 1001 and 1005 still
		 * share frame 1 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1004) L_RW(0x60000, 0x3) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		/* 1001 exits: 1005 is frame 1's last owner */
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_RW(0x60000, 0x2)
		L_DESTROY
		L_SWITCH(1003) L_TABLE(1003) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_DESTROY
		L_SWITCH(1005) L_TABLE(1005) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_R(0x60002, 0x0)
		L_DESTROY
		L_SWITCH(1004) L_TABLE(1004) L_RW(0x60000, 0x3) L_R(0x60001, 0x0)
		L_R(0x60002, 0x0)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.swap_blocks = 16;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_fork(), 1003);
	harness_store(ARENA_PAGE(0), 'A');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	assert_int_equal(inproc_fork(), 1004);

	inproc_yield();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'B');

	inproc_yield();
	assert_int_equal(inproc_running(), 1003);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 0);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));

	inproc_yield();
	assert_int_equal(inproc_running(), 1004);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 0);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	assert_int_equal(inproc_fork(), 1005);
	harness_store(ARENA_PAGE(0), 'C');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'C');

	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	inproc_exit();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'B');
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_fork_round_robin_switches),
	    HARNESS_TEST(test_scenario_fork_map_at_phases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
