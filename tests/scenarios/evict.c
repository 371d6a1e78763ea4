/* SPDX-License-Identifier: MIT */
/*
 * Scenario: eviction and swap I/O. The clock gives referenced frames a second
 * chance, dirty victims are written to their swap block and clean ones are
 * not, and pages come back from swap with the bytes that were written. The
 * expected logs are worked out by hand, frame by frame, from semantics.md
 * and design.md section 1.
 */
#include <stdlib.h>

#include "harness.h"

/*
 * Rules 3, 4, 5, 6, 7, 14; C8. -m 4: frames 1, 2, 3. Four pages on blocks
 * 0-3. The clock is written [head ... tail], r = referenced, d = dirty.
 */
static void test_scenario_evict_clean_and_dirty_victims(void **state)
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
		/* stores to p0, p1, p2 take the free frames 1, 2, 3 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		L_R(0x60003, 0x0)
		L_FAULT_W(0x600020000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_RW(0x60002, 0x3)
		L_R(0x60003, 0x0)
		/* store p3: [1r 2r 3r] all get a second chance, then frame 1
		 * (p0, dirty) is written to block 0 -> [2 3 1r] */
		L_FAULT_W(0x600030000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60003, 0x1)
		/* load p1: resident, bits cleared, dirty: referenced, r and w */
		L_FAULT_R(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x2) L_RW(0x60003, 0x1)
		/* load p0: [2r 3 1r] -> 2 cleared, 3 (p2, dirty) written, p0
		 * read into frame 3, clean -> [1r 2 3r] */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 2) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x3) L_RW(0x60003, 0x1)
		/* load p2: 1 cleared, 2 (p1, dirty) written -> [3r 1 2r] */
		L_FAULT_R(0x600020000) L_WRITE(SWAP, 1) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x3) L_R(0x60002, 0x2)
		/* load p1: 3 cleared, 1 (p3, dirty) written -> [2r 3 1r] */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 3) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1) L_R(0x60002, 0x2)
		/* load p3: 2 cleared, 3 (p0) is clean: evicted with no write */
		L_FAULT_R(0x600030000) L_READ(SWAP, 3) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1) L_R(0x60003, 0x3)
		/* store p1: resident and clean: dirty, r and w, no I/O */
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x1) L_R(0x60003, 0x3)
		/* load p2: resident, bits cleared, clean: r only */
		L_FAULT_R(0x600020000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x1) L_R(0x60002, 0x2) L_R(0x60003, 0x3)
		/* load p0: [1r 2r 3r] -> all cleared, 1 (p1, dirty) written */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		/* load p1: [2 3 1r] -> 2 (p2, clean) evicted with no write */
		L_FAULT_R(0x600010000) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	for (int i = 0; i < 4; i++)
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(i));
	harness_store(ARENA_PAGE(0), 'a');
	harness_store(ARENA_PAGE(1), 'b');
	harness_store(ARENA_PAGE(2), 'c');
	harness_store(ARENA_PAGE(3), 'd');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'b');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'a');
	assert_int_equal(harness_load(ARENA_PAGE(2)), 'c');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'b');
	assert_int_equal(harness_load(ARENA_PAGE(3)), 'd');
	harness_store(ARENA_PAGE(1), 'B');
	assert_int_equal(harness_load(ARENA_PAGE(2)), 'c');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'a');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	inproc_exit();
	harness_finish(h, expected);
}

/* The byte at offset of swap page `page` in the whole-page test. */
static uint8_t evict_pattern(int page, size_t offset)
{
	return harness_file_byte((uint8_t)(7 + page), offset);
}

/*
 * Rules 5, 6; swap I/O moves whole pages. -m 3: frames 1, 2. Three pages
 * are filled completely, then read back completely after eviction.
 */
static void test_scenario_evict_swap_keeps_whole_pages(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(3)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		/* fill p0, p1: frames 1, 2 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		/* fill p2: [1r 2r] -> p0 written to block 0 -> [2 1r] */
		L_FAULT_W(0x600020000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60002, 0x1)
		/* read p0: p1 written to block 1 -> [1r 2r] */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_RW(0x60002, 0x1)
		/* read p1: both cleared, p2 written to block 2 -> [2 1r] */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 2) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1)
		/* read p2: frame 2 (p0, clean) evicted with no write */
		L_FAULT_R(0x600020000) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x1) L_R(0x60002, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;
	uint8_t *page = malloc(PAGE_SIZE_DEFAULT);

	assert_non_null(page);
	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	for (int p = 0; p < 3; p++)
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(p));
	for (int p = 0; p < 3; p++) {
		for (size_t i = 0; i < PAGE_SIZE_DEFAULT; i++)
			page[i] = evict_pattern(p, i);
		assert_int_equal(inproc_write(ARENA_PAGE(p), page, PAGE_SIZE_DEFAULT), 0);
	}
	for (int p = 0; p < 3; p++) {
		assert_int_equal(inproc_read(ARENA_PAGE(p), page, PAGE_SIZE_DEFAULT), 0);
		for (size_t i = 0; i < PAGE_SIZE_DEFAULT; i++)
			if (page[i] != evict_pattern(p, i))
				fail_msg("page %d byte %zu: 0x%02x, written 0x%02x", p, i, page[i],
				         evict_pattern(p, i));
	}
	free(page);
	inproc_exit();
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_evict_clean_and_dirty_victims),
	    HARNESS_TEST(test_scenario_evict_swap_keeps_whole_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
