/* SPDX-License-Identifier: MIT */
/*
 * Scenario: the pinned zero page. Swap-backed pages start on physical page 0,
 * readable at once; reading them uses no frame and causes no fault, and only
 * the first write allocates and zero-fills a frame. Expected logs are worked
 * out by hand from semantics.md and design.md section 1.
 */
#include <string.h>

#include "harness.h"

/*
 * Rules 1, 4, 5, 6, 14; C8. With -m 2 there is one frame besides the zero
 * page. Loads from mapped pages never fault and the first store gets frame 1
 * without any eviction or file_read; the frame is reused by eviction and
 * zero-filled again; page 0 itself is never written or evicted.
 */
static void test_scenario_zero_reads_use_no_frame(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(2)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		/* two swap-backed pages, both on the zero page at once */
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		/* the loads made no fault; store p1: free frame 1, zero-filled */
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x0) L_RW(0x60001, 0x1)
		/* store p0: sweep, evict p1 (dirty) to its block 1 */
		L_FAULT_W(0x600000000) L_WRITE(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		/* load p1: evict p0 (dirty, block 0), read p1 back, clean */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 0) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_R(0x60001, 0x1) L_R(0x60002, 0x0)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;
	const uint8_t *frame0;

	h->cfg.geom.memory_pages = 2;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0)); /* block 0 */
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1)); /* block 1 */
	/* Zero pages read as zeros, anywhere in the page, with no fault. */
	assert_int_equal(harness_load(ARENA_PAGE(0)), 0);
	assert_int_equal(harness_load(ARENA_PAGE(1) + 0xffff), 0);
	assert_int_equal(harness_load(ARENA_PAGE(0) + 0x1234), 0);
	/* First write: frame 1, zero-filled, no eviction (nothing else used). */
	harness_store(ARENA_PAGE(1), 'x');
	harness_store(ARENA_PAGE(1) + 1, 'z');
	assert_int_equal(harness_load(ARENA_PAGE(1) + 2), 0);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 0);
	/* p0's first write evicts p1 (dirty, block 1); frame 1 is zero-filled
	 * for p0 although it still held p1's bytes. */
	harness_store(ARENA_PAGE(0), 'y');
	assert_int_equal(harness_load(ARENA_PAGE(0) + 1), 0);
	/* p1 comes back from block 1, after p0 is written to block 0. */
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'x');
	assert_int_equal(harness_load(ARENA_PAGE(1) + 1), 'z');
	/* A page mapped now is on the zero page again, whatever memory holds. */
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	assert_int_equal(harness_load(ARENA_PAGE(2) + 1), 0);
	frame0 = machine_physmem();
	for (size_t i = 0; i < PAGE_SIZE_DEFAULT; i++)
		assert_int_equal(frame0[i], 0);
	inproc_exit();
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_zero_reads_use_no_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
