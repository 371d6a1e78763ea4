/* SPDX-License-Identifier: MIT */
/*
 * Scenario: file-backed pages. vm_map reads only the file name (through the
 * page table, faulting it in if needed), never the file; faults read the
 * block, pages are shared by (file, block) within and across processes,
 * dirty ones reach the file when evicted or at shutdown, and a missing file
 * or block fails the fault. Expected logs are worked out by hand from
 * semantics.md and design.md section 1; the clock is noted [head ... tail].
 */
#include "harness.h"

#define HALF  "half.bin"  /* one and a half pages, seed 3 */

/*
 * Rules 6, 9, 14; fault on a file page not in memory, two blocks of one
 * file. The file pages' PTEs stay r=w=0 until the first access.
 */
static void test_scenario_file_fault_reads_block(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		/* the name is stored in p0 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_FAULT_R(0x600020000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2) L_R(0x60002, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	harness_expect_file_page(ARENA_PAGE(1), 1, 0);
	harness_expect_file_page(ARENA_PAGE(2), 1, 1);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 5, 6, 7, 13; C7. A write fault on a file page reads it first; the
 * dirty page reaches the file when evicted; a clean resident file page
 * becomes dirty on a write with no I/O, and is written at shutdown as a
 * ghost. -m 3: frames 1, 2.
 */
static void test_scenario_file_write_reaches_file(void **state)
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
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		/* a write fault on a file page: read, then dirty */
		L_FAULT_W(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		/* [1r 2r]: both cleared, p0 to block 0 -> [2 1r] */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 0) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60002, 0x1)
		/* frame 2 (data1.bin block 0, dirty) written to the file */
		L_FAULT_R(0x600000000) L_WRITE(DATA1, 0) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_R(0x60002, 0x1)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_RW(0x60002, 0x1)
		/* p2's frame stays as a dirty ghost */
		L_DESTROY
		L_SHUTDOWN
		L_SHUTDOWN_WRITE(DATA1, 1);
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	harness_store(ARENA_PAGE(1), 'X');
	assert_int_equal(harness_load(ARENA_PAGE(1) + 1), harness_file_byte(1, 1));
	assert_int_equal(harness_load(ARENA_PAGE(2)), harness_file_byte(1, PAGE_SIZE_DEFAULT));
	assert_int_equal(harness_file_now(h, DATA1, 0), harness_file_byte(1, 0));
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'd');
	assert_int_equal(harness_file_now(h, DATA1, 0), 'X');
	harness_store(ARENA_PAGE(2), 'Y');
	inproc_exit();
	assert_int_equal(harness_file_now(h, DATA1, PAGE_SIZE_DEFAULT),
	                 harness_file_byte(1, PAGE_SIZE_DEFAULT));
	harness_finish(h, expected);
	assert_int_equal(harness_file_now(h, DATA1, 0), 'X');
	assert_int_equal(harness_file_now(h, DATA1, 1), harness_file_byte(1, 1));
	assert_int_equal(harness_file_now(h, DATA1, PAGE_SIZE_DEFAULT), 'Y');
	assert_int_equal(harness_file_now(h, DATA1, PAGE_SIZE_DEFAULT + 1),
	                 harness_file_byte(1, PAGE_SIZE_DEFAULT + 1));
}

/*
 * Rules 8, 9: two processes map the same block. The second vm_map points at
 * the resident frame with its current bits; a write by one is seen by the
 * other and gives both r=w=1; the page is written to the file once and read
 * back once into one frame that both map.
 */
static void test_scenario_file_block_shared_by_two_processes(void **state)
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
		L_FAULT_R(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		/* a second program starts while 1001 runs */
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		/* the block is resident: mapped at once, readable, no read */
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_R(0x60001, 0x2)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2)
		/* 1001's PTE for the frame is rw too */
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		/* [1r 2r 3r]: all cleared, 1001's p0 to block 0 */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 0) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60002, 0x1)
		/* [2 3 1r]: the shared dirty block written once */
		L_FAULT_R(0x600000000) L_WRITE(DATA1, 0) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_R(0x60002, 0x1)
		L_SWITCH(1002) L_TABLE(1002)
		/* [3 1r 2r]: 1002's p0 to its block 1; the block read back */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 1) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60001, 0x3)
		/* 1001 maps the same frame */
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60000, 0x2) L_R(0x60001, 0x3)
		L_R(0x60002, 0x1)
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60001, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(harness_load(ARENA_PAGE(1)), harness_file_byte(1, 0));
	assert_int_equal(inproc_attach(), 1002);
	inproc_yield();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(harness_load(ARENA_PAGE(1) + 5), harness_file_byte(1, 5));
	harness_store(ARENA_PAGE(1), 'S');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'S');
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	harness_expect_file_page(ARENA_PAGE(2), 1, 1);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'd');
	assert_int_equal(harness_file_now(h, DATA1, 0), 'S');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'S');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'S');
	harness_finish(h, expected);
}

/*
 * Rules 8, 9: one process maps the same block at two pages. One fault
 * makes both readable, a store through one makes both writable and is seen
 * through the other, and the block is written back once.
 */
static void test_scenario_file_same_block_twice_in_one_process(void **state)
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
		L_MAP(0x600000000, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2) L_R(0x60002, 0x2)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_RW(0x60002, 0x2)
		L_DESTROY
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
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(2));
	assert_int_equal(harness_load(ARENA_PAGE(1)), harness_file_byte(1, 0));
	assert_int_equal(harness_load(ARENA_PAGE(2) + 9), harness_file_byte(1, 9));
	harness_store(ARENA_PAGE(2), 'T');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'T');
	inproc_exit();
	harness_finish(h, expected);
	assert_int_equal(harness_file_now(h, DATA1, 0), 'T');
}

/*
 * Rules 11, 15; C4. A fault on a page of a missing file fails after taking
 * frame 2, which goes to the back of the free list: the next program gets
 * frames 3, 2, 1 (1 freed by the killed process's exit).
 */
static void test_scenario_file_missing_file(void **state)
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
		/* vm_map does not open the file */
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ("nofile.bin", 0) L_NOENT L_FAULT_RET(-1)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3) L_RW(0x60001, 0x2) L_RW(0x60002, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), "nofile.bin");
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	harness_load_killed(ARENA_PAGE(1));
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(inproc_attach(), 1002);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(i));
		harness_store(ARENA_PAGE(i), (uint8_t)('a' + i));
	}
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 11, 13, 15; C4, C8. A block partly past the end of the file fails
 * after an eviction has already happened; the frame goes to the free list
 * and the next program gets it. The resident block 0 stays as a clean ghost
 * with its bit cleared: a new vm_map gives r=w=0 and the fault sets the bit
 * with no file_read. -m 3: frames 1, 2.
 */
static void test_scenario_file_block_past_end(void **state)
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
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(HALF, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		/* [1r 2r]: both cleared, p0 to block 0, then block 1 of the
		 * 1.5-page file fails */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 0) L_READ(HALF, 1) L_RANGE L_FAULT_RET(-1)
		L_TABLE(1001)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_file(h, HALF, PAGE_SIZE_DEFAULT + PAGE_SIZE_DEFAULT / 2, 3);
	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), HALF);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	assert_int_equal(harness_load(ARENA_PAGE(1)), harness_file_byte(3, 0));
	harness_load_killed(ARENA_PAGE(2));
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), HALF);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	harness_expect_file_page(ARENA_PAGE(1), 3, 0);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rule 10: a file name that starts at the end of one page and ends in the
 * next is read across the page boundary.
 */
static void test_scenario_file_name_spans_two_pages(void **state)
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
		/* "data" at the end of p0, "1.bin" and the NUL in p1 */
		L_FAULT_W(0x60000fffc) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_MAP(0x60000fffc, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_FAULT_R(0x600020000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_R(0x60002, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store_str(ARENA_PAGE(1) - 4, DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(1) - 4, 1), ARENA_PAGE(2));
	harness_expect_file_page(ARENA_PAGE(2), 1, 1);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 10, 11; C3. A name must lie with its NUL in the valid part of the
 * arena: one that runs off the last valid page, one that starts just past
 * it, just below or just past the arena, or 4 GiB away (an address that a
 * 32-bit offset would take for page 0) gives NULL and changes nothing; a
 * name whose NUL is the last valid byte works.
 */
static void test_scenario_file_name_outside_valid_arena(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		/* "data1" in the last 5 bytes of p0, no NUL */
		L_FAULT_W(0x60000fffb) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x60000fffb, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x600010000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x5ffffffff, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x601000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x700000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x500000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		/* "data1.bin" with its NUL on the last byte of p0 */
		L_MAP(0x60000fff6, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_write(ARENA_PAGE(1) - 5, "data1", 5), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(1) - 5, 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(1), 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(0) - 1, 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(256), 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(0) + 0x100000000, 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(0) - 0x100000000, 0), 0);
	harness_store_str(ARENA_PAGE(1) - 10, DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(1) - 10, 0), ARENA_PAGE(1));
	harness_expect_file_page(ARENA_PAGE(1), 1, 0);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 5, 7, 10; C3. The name's page was evicted: vm_map faults it in as a
 * read, evicting another page, between `vm_map` and its return. Later the
 * name's page is resident with its bit cleared: vm_map's read sets the bit
 * (r again, no I/O), so the next eviction passes it over.
 */
static void test_scenario_file_name_faulted_in_by_map(void **state)
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
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600030000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		/* the name in p0, then p1, p2 written: frames 1, 2, 3 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_RW(0x60002, 0x3)
		L_R(0x60003, 0x0)
		/* [1r 2r 3r]: all cleared, p0 to block 0 -> [2 3 1r] */
		L_FAULT_W(0x600030000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60003, 0x1)
		/* vm_map reads the name: p1 evicted, p0 read -> [3 1r 2r] */
		L_MAP(0x600000000, 0) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_MAP_RET(0x600040000)
		L_TABLE(1001) L_R(0x60000, 0x2) L_RW(0x60003, 0x1)
		/* p2 evicted -> [1r 2r 3r] */
		L_FAULT_R(0x600040000) L_WRITE(SWAP, 2) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_RW(0x60003, 0x1) L_R(0x60004, 0x3)
		/* all cleared, p3 evicted -> [2 3 1r] */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 3) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1)
		/* the name's page is resident, bit cleared: referenced again */
		L_MAP(0x600000000, 1) L_MAP_RET(0x600050000)
		L_TABLE(1001) L_R(0x60000, 0x2) L_R(0x60001, 0x1)
		/* [2r 3 1r]: p0 gets its second chance, frame 3 (data1.bin
		 * block 0, clean) is evicted unwritten */
		L_FAULT_R(0x600050000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1) L_R(0x60005, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	for (int i = 0; i < 4; i++)
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(i));
	harness_store_str(ARENA_PAGE(0), DATA1);
	harness_store(ARENA_PAGE(1), 'b');
	harness_store(ARENA_PAGE(2), 'c');
	harness_store(ARENA_PAGE(3), 'd');
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(4));
	harness_expect_file_page(ARENA_PAGE(4), 1, 0);
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'b');
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(5));
	harness_expect_file_page(ARENA_PAGE(5), 1, 1);
	inproc_exit();
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_file_fault_reads_block),
	    HARNESS_TEST(test_scenario_file_write_reaches_file),
	    HARNESS_TEST(test_scenario_file_block_shared_by_two_processes),
	    HARNESS_TEST(test_scenario_file_same_block_twice_in_one_process),
	    HARNESS_TEST(test_scenario_file_missing_file),
	    HARNESS_TEST(test_scenario_file_block_past_end),
	    HARNESS_TEST(test_scenario_file_name_spans_two_pages),
	    HARNESS_TEST(test_scenario_file_name_outside_valid_arena),
	    HARNESS_TEST(test_scenario_file_name_faulted_in_by_map),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
