/* SPDX-License-Identifier: MIT */
/*
 * Scenario: the life of a process's memory after it ends. vm_destroy frees
 * frames and blocks (in ascending vpage order, to the back of their FIFO
 * lists) with no write-back; file pages stay as ghosts that a later vm_map
 * reuses with no file_read, written only when evicted dirty or at shutdown.
 * Expected logs are worked out by hand from semantics.md and design.md
 * section 1; the clock is noted [head ... tail], r = referenced.
 */
#include "harness.h"


/*
 * Rules 3, 13; C2, C8. -m 4 -s 4. 1001's exit frees p0's frame 2 and block
 * 0, then p1's frame 1 and block 1: the free lists become frames [3 2 1] and
 * blocks [2 3 0 1], and 1002's pages get exactly those, seen in the stores'
 * frames and in the blocks of the evictions.
 */
static void test_scenario_lifecycle_destroy_returns_frames_and_blocks(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x0) L_RW(0x60001, 0x1)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x2) L_RW(0x60001, 0x1)
		/* no write-back of the dirty pages */
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		/* blocks 2, 3, 0, 1 */
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1002) L_R(0x60000, 0x0) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600030000)
		L_TABLE(1002) L_R(0x60000, 0x0) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		/* frames 3, 2, 1 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2) L_RW(0x60002, 0x1)
		L_R(0x60003, 0x0)
		/* [3r 2r 1r]: all cleared, q0 to block 2 -> [2 1 3r] */
		L_FAULT_W(0x600030000) L_WRITE(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60003, 0x3)
		/* q1 to block 3 -> [1 3r 2r] */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 3) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x2) L_RW(0x60003, 0x3)
		/* q2 to block 0 -> [3r 2r 1r] */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 0) L_READ(SWAP, 3) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x2) L_R(0x60001, 0x1) L_RW(0x60003, 0x3)
		/* all cleared, q3 to block 1 -> [2 1 3r] */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60002, 0x3)
		/* frame 2 (q0, clean) evicted unwritten */
		L_FAULT_R(0x600030000) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60002, 0x3) L_R(0x60003, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.swap_blocks = 4;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'x');
	harness_store(ARENA_PAGE(0), 'y');
	inproc_exit();
	assert_int_equal(inproc_attach(), 1002);
	for (int i = 0; i < 4; i++)
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(i));
	for (int i = 0; i < 4; i++)
		harness_store(ARENA_PAGE(i), (uint8_t)('a' + i));
	for (int i = 0; i < 4; i++)
		assert_int_equal(harness_load(ARENA_PAGE(i)), 'a' + i);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 9, 13, 14; C7. 1001 dirties block 0 of a file and exits: the frame
 * stays, referenced and dirty, and the file is not written. 1002's vm_map of
 * the same block gets it at once with r=w=1 and no file_read; only shutdown
 * writes it.
 */
static void test_scenario_lifecycle_ghost_page_reused(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_W(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2)
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2)
		L_FAULT_R(0x600020000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2) L_R(0x60002, 0x1)
		L_DESTROY
		/* ghosts in the clock: frame 2 (block 0, dirty), frame 1
		 * (block 1, clean) */
		L_SHUTDOWN
		L_SHUTDOWN_WRITE(DATA1, 0);
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'G');
	inproc_exit();
	assert_int_equal(harness_file_now(h, DATA1, 0), harness_file_byte(1, 0));
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'G');
	assert_int_equal(harness_load(ARENA_PAGE(1) + 1), harness_file_byte(1, 1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	harness_expect_file_page(ARENA_PAGE(2), 1, 1);
	inproc_exit();
	assert_int_equal(harness_file_now(h, DATA1, 0), harness_file_byte(1, 0));
	harness_finish(h, expected);
	assert_int_equal(harness_file_now(h, DATA1, 0), 'G');
	assert_int_equal(harness_file_now(h, DATA1, 1), harness_file_byte(1, 1));
}

/*
 * Rules 5, 9, 13. A dirty ghost is evicted like any page: written to its
 * file block then. A later vm_map of the block (its name's page faulted in
 * by vm_map as a read: dirty, so r=w=1) reads it from the file again.
 * -m 3: frames 1, 2. Blocks: 1001 p0 0; 1002 p0, p1 1, 2.
 */
static void test_scenario_lifecycle_ghost_evicted_dirty(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(3)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_W(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		/* [2r 1r]: both cleared, the ghost is written to the file */
		L_FAULT_W(0x600010000) L_WRITE(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60001, 0x2)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600020000)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		/* [1r 2r]: both cleared, p0 to block 1 */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 1) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60002, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'G');
	inproc_exit();
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 's');
	assert_int_equal(harness_file_now(h, DATA1, 0), 'G');
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(2));
	assert_int_equal(harness_load(ARENA_PAGE(2)), 'G');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rule 13; C7. Shutdown with a process still alive: its exit writes nothing,
 * then every dirty file page is written in clock order from the head
 * (blocks 2, 0, 1), which is neither frame, vpage nor block order. data1.bin
 * has three pages here. -m 4.
 */
static void test_scenario_lifecycle_shutdown_writes_in_clock_order(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 1) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 2) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600030000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_W(0x600020000) L_READ(DATA1, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60002, 0x2)
		L_FAULT_W(0x600030000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60002, 0x2) L_RW(0x60003, 0x3)
		/* [1r 2r 3r]: all cleared, p0 to block 0 -> [2 3 1r] */
		L_FAULT_W(0x600010000) L_WRITE(SWAP, 0) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x1)
		L_DESTROY
		L_SHUTDOWN
		L_SHUTDOWN_WRITE(DATA1, 2)
		L_SHUTDOWN_WRITE(DATA1, 0)
		L_SHUTDOWN_WRITE(DATA1, 1);
	/* clang-format on */
	struct harness *h = *state;

	harness_file(h, DATA1, 3 * PAGE_SIZE_DEFAULT, 1);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 2), ARENA_PAGE(2));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(3));
	harness_store(ARENA_PAGE(2), 'c');
	harness_store(ARENA_PAGE(3), 'a');
	harness_store(ARENA_PAGE(1), 'b');
	harness_finish(h, expected);
	for (unsigned int b = 0; b < 3; b++) {
		assert_int_equal(harness_file_now(h, DATA1, b * PAGE_SIZE_DEFAULT), 'a' + b);
		assert_int_equal(harness_file_now(h, DATA1, b * PAGE_SIZE_DEFAULT + 1),
		                 harness_file_byte(1, b * PAGE_SIZE_DEFAULT + 1));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_lifecycle_destroy_returns_frames_and_blocks),
	    HARNESS_TEST(test_scenario_lifecycle_ghost_page_reused),
	    HARNESS_TEST(test_scenario_lifecycle_ghost_evicted_dirty),
	    HARNESS_TEST(test_scenario_lifecycle_shutdown_writes_in_clock_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
