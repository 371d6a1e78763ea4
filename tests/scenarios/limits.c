/* SPDX-License-Identifier: MIT */
/*
 * Scenario: limits. Swap reservations that run out in vm_map and vm_create
 * (nothing changed on failure), a full arena, accesses just inside and just
 * outside the arena and its valid part, and numbers large enough to overflow
 * 32-bit arithmetic: block numbers up to 2^32 - 1 and an arena of 2^16
 * pages (4 GiB). Expected logs are worked out by hand from semantics.md and
 * design.md section 1.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "harness.h"


/*
 * Rule 2: a swap-backed vm_map with no unreserved block returns NULL and
 * uses no arena page; file-backed maps reserve nothing and still work; a
 * process's exit gives its blocks back. -s 2.
 */
static void test_scenario_limits_map_fails_without_swap_block(void **state)
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
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_MAP(0x600000000, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_R(0x600020000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x2)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1002) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	h->cfg.geom.swap_blocks = 2;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(0, 0), 0);
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(2));
	assert_int_equal(harness_load(ARENA_PAGE(2)), harness_file_byte(1, 0));
	inproc_exit();
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(0, 0), 0);
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 2, 12: vm_create needs one block per swap-backed page of the parent
 * (zero-page ones included); with too few it returns -1 and changes
 * nothing: the parent keeps w on its dirty page, its reservations and
 * blocks are untouched, and no child is queued. -s 3.
 */
static void test_scenario_limits_create_fails_without_swap_blocks(void **state)
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
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		/* two blocks needed, one left */
		L_CREATE(1001, 1002) L_CREATE_RET(-1)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		/* the store after it needs no fault; block 2 is still free */
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		/* three needed, none left */
		L_CREATE(1001, 1003) L_CREATE_RET(-1)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		/* nobody else to run: the yield switches nothing */
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.swap_blocks = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(0), 'A');
	assert_int_equal(inproc_fork(), -1);
	harness_store(ARENA_PAGE(0), 'B');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	assert_int_equal(inproc_map(0, 0), 0);
	assert_int_equal(inproc_fork(), -1);
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'B');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rule 2; C3. An arena of 4 pages: once full, vm_map returns NULL for swap
 * (blocks are left) and for files, and a file-backed vm_map does not read
 * its name first (the name's page is on swap and no file_read appears). A
 * child's copy of the full arena is full too. The last byte of the arena is
 * an ordinary byte.
 */
static void test_scenario_limits_arena_full(void **state)
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
		L_MAP(0x600000000, 1) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600030000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60003, 0x0)
		L_FAULT_R(0x600010000) L_READ(DATA1, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2) L_R(0x60003, 0x0)
		L_FAULT_R(0x600020000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2) L_R(0x60002, 0x3)
		L_R(0x60003, 0x0)
		/* [1r 2r 3r]: all cleared, p0 (the name) to block 0 */
		L_FAULT_W(0x600030000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60003, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60003, 0x1)
		L_MAP(0x600000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60003, 0x1)
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60003, 0x1)
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60003, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1002) L_R(0x60003, 0x1)
		L_DESTROY
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60003, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_make_data1(h);
	h->cfg.geom.arena_pages = 4;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(2));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(3));
	assert_int_equal(harness_load(ARENA_PAGE(1)), harness_file_byte(1, 0));
	assert_int_equal(harness_load(ARENA_PAGE(2)), harness_file_byte(1, PAGE_SIZE_DEFAULT));
	harness_store(ARENA_PAGE(3), 'z');
	assert_int_equal(inproc_map(0, 0), 0);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), 0);
	harness_store(ARENA_PAGE(4) - 1, 'e');
	assert_int_equal(harness_load(ARENA_PAGE(4) - 1), 'e');
	assert_int_equal(inproc_fork(), 1002);
	inproc_yield();
	assert_int_equal(inproc_map(0, 0), 0);
	assert_int_equal(harness_load(ARENA_PAGE(4) - 1), 'e');
	harness_finish(h, expected);
}

/* The expected log of test_scenario_limits_default_arena_full, built from
 * the section 3 format: 255 maps of alternating blocks, then the fault that
 * brings block 1 in for all the 128 pages that map it. */
static char *limits_full_arena_log(void)
{
	/* clang-format off */
	static const char head[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1);
	/* for each page p of 1-255: vm_map(name, p % 2) returns page p */
	static const char map[] =
		"vm_map\t\t(0x600000000, %u)\n"
		"vm_map returned 0x%" PRIxPTR "\n"
		L_TABLE(1001) L_RW(0x60000, 0x1);
	/* the arena is full; the fault on its last byte brings block 1 in */
	static const char full[] =
		L_MAP(0x600000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600ffffff) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1);
	/* then every odd page, on frame 2 */
	static const char odd[] = "\t\t\t\t\tr\tvpage 0x%x\tppage 0x2\n";
	static const char tail[] = L_DESTROY L_SHUTDOWN;
	/* clang-format on */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fputs(head, f);
	for (unsigned int i = 1; i < 256; i++)
		fprintf(f, map, i % 2, ARENA_PAGE(i));
	fputs(full, f);
	for (unsigned int i = 1; i < 256; i += 2)
		fprintf(f, odd, 0x60000 + i);
	fputs(tail, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/*
 * Rules 2, 8, 9 at the default size: 256 pages (one for the name, 255 file
 * pages on blocks 0 and 1 alternately) fill the arena; one fault on the
 * last byte brings block 1 in for the 128 pages that share it.
 */
static void test_scenario_limits_default_arena_full(void **state)
{
	struct harness *h = *state;
	char *expected = limits_full_arena_log();

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	for (unsigned int i = 1; i < 256; i++)
		assert_int_equal(inproc_map(ARENA_PAGE(0), i % 2), ARENA_PAGE(i));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 0), 0);
	assert_int_equal(inproc_map(0, 0), 0);
	assert_int_equal(harness_load(ARENA_PAGE(256) - 1),
	                 harness_file_byte(1, 2 * PAGE_SIZE_DEFAULT - 1));
	assert_int_equal(harness_load(ARENA_PAGE(1) + 7),
	                 harness_file_byte(1, PAGE_SIZE_DEFAULT + 7));
	inproc_exit();
	harness_finish(h, expected);
	free(expected);
}

/*
 * Rule 11: the last byte of the valid part is an ordinary byte; the first
 * byte past it, read or written, and the last byte of the arena of a
 * process with no pages, are refused and the process is killed.
 */
static void test_scenario_limits_fault_outside_valid_part(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_R(0x600010000) L_FAULT_RET(-1)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(-1)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1003) L_CREATE_RET(0)
		L_SWITCH(1003) L_TABLE(1003)
		L_FAULT_R(0x600ffffff) L_FAULT_RET(-1)
		L_TABLE(1003)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(harness_load(ARENA_PAGE(1) - 1), 0);
	harness_load_killed(ARENA_PAGE(1));
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_store(ARENA_PAGE(1), 1), -EFAULT);
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(inproc_attach(), 1003);
	harness_load_killed(ARENA_PAGE(256) - 1);
	harness_finish(h, expected);
}

/*
 * Architecture, the simulated MMU: an access outside the arena is an
 * ordinary SIGSEGV that kills the process without a FAULT message, so the
 * log shows only vm_destroy. Just below and just past the arena.
 */
static void test_scenario_limits_access_outside_arena_kills(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_load_killed(ARENA_PAGE(0) - 1);
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(inproc_store(ARENA_PAGE(256), 1), -EFAULT);
	assert_int_equal(inproc_running(), 0);
	harness_finish(h, expected);
}

/* One process that maps a page, then makes a fault at addr that the pager
 * must refuse, and is killed for it (as the daemon does on -1). */
static void limits_refused_fault(pid_t pid, uintptr_t addr, bool write)
{
	assert_int_equal(inproc_attach(), pid);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	assert_int_equal(machine_fault(addr, write), -1);
	inproc_exit();
}

/*
 * Rule 11, the pager's side: vm_fault returns -1 for addresses just below
 * and just past the arena, and 4 GiB above or below its base (which a
 * 32-bit offset would take for the valid, zero-page p0). The faults are
 * made through the machine directly, as a client's FAULT message would.
 */
static void test_scenario_limits_pager_refuses_faults_outside_arena(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(4)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_R(0x5ffffffff) L_FAULT_RET(-1)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x601000000) L_FAULT_RET(-1)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1003) L_CREATE_RET(0)
		L_SWITCH(1003) L_TABLE(1003)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1003) L_R(0x60000, 0x0)
		L_FAULT_W(0x700000000) L_FAULT_RET(-1)
		L_TABLE(1003) L_R(0x60000, 0x0)
		L_DESTROY
		L_CREATE(1000, 1004) L_CREATE_RET(0)
		L_SWITCH(1004) L_TABLE(1004)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1004) L_R(0x60000, 0x0)
		L_FAULT_W(0x500000000) L_FAULT_RET(-1)
		L_TABLE(1004) L_R(0x60000, 0x0)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	limits_refused_fault(1001, ARENA_PAGE(0) - 1, false);
	limits_refused_fault(1002, ARENA_PAGE(256), true);
	limits_refused_fault(1003, ARENA_PAGE(0) + 0x100000000, true);
	limits_refused_fault(1004, ARENA_PAGE(0) - 0x100000000, true);
	harness_finish(h, expected);
}

/*
 * Rules 11, 15, no overflow: a block exactly at the end of the file, and
 * blocks 65536 and 65537 (whose byte offsets are 2^32 and 2^32 + 2^16: a
 * 32-bit offset would read blocks 0 and 1) and 2^32 - 1 are out of range.
 * Each failed fault takes a frame and gives it back to the free list (C4):
 * the names of the next programs alternate between frames 3 and 1.
 */
static void test_scenario_limits_huge_block_numbers(void **state)
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
		L_FAULT_R(0x600010000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_MAP(0x600000000, 2) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_FAULT_R(0x600020000) L_READ(DATA1, 2) L_RANGE L_FAULT_RET(-1)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_CREATE(1000, 1002) L_CREATE_RET(0)
		L_SWITCH(1002) L_TABLE(1002)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1002) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		L_MAP(0x600000000, 65536) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		L_FAULT_R(0x600010000) L_READ(DATA1, 65536) L_RANGE L_FAULT_RET(-1)
		L_TABLE(1002) L_RW(0x60000, 0x3)
		L_DESTROY
		L_CREATE(1000, 1003) L_CREATE_RET(0)
		L_SWITCH(1003) L_TABLE(1003)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1003) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1003) L_RW(0x60000, 0x1)
		L_MAP(0x600000000, 65537) L_MAP_RET(0x600010000)
		L_TABLE(1003) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(DATA1, 65537) L_RANGE L_FAULT_RET(-1)
		L_TABLE(1003) L_RW(0x60000, 0x1)
		L_DESTROY
		L_CREATE(1000, 1004) L_CREATE_RET(0)
		L_SWITCH(1004) L_TABLE(1004)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1004) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1004) L_RW(0x60000, 0x3)
		L_MAP(0x600000000, 4294967295) L_MAP_RET(0x600010000)
		L_TABLE(1004) L_RW(0x60000, 0x3)
		L_FAULT_R(0x600010000) L_READ(DATA1, 4294967295) L_RANGE L_FAULT_RET(-1)
		L_TABLE(1004) L_RW(0x60000, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	static const unsigned int huge[] = {65536, 65537, 4294967295u};
	struct harness *h = *state;

	harness_make_data1(h);
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(1));
	assert_int_equal(harness_load(ARENA_PAGE(1)), harness_file_byte(1, PAGE_SIZE_DEFAULT));
	assert_int_equal(inproc_map(ARENA_PAGE(0), 2), ARENA_PAGE(2));
	harness_load_killed(ARENA_PAGE(2));
	for (int i = 0; i < 3; i++) {
		assert_int_equal(inproc_attach(), 1002 + i);
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
		harness_store_str(ARENA_PAGE(0), DATA1);
		assert_int_equal(inproc_map(ARENA_PAGE(0), huge[i]), ARENA_PAGE(1));
		harness_load_killed(ARENA_PAGE(1));
	}
	harness_finish(h, expected);
}

/*
 * Arena of 2^16 pages (4 GiB, offsets up to 2^32 - 1): pages work as
 * usual; a name at the arena's last byte (not valid) or just past the arena
 * (offset 2^32, page 0 to a 32-bit offset) gives NULL; a fault on the last
 * page (not valid) is refused.
 */
static void test_scenario_limits_large_arena(void **state)
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
		L_FAULT_R(0x600010000) L_READ(DATA1, 1) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_MAP(0x6ffffffff, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_MAP(0x700000000, 0) L_MAP_RET(0x0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_FAULT_R(0x6ffff0000) L_FAULT_RET(-1)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;
	const uintptr_t end = ARENA_PAGE(0) + 0x100000000;

	harness_make_data1(h);
	h->cfg.geom.arena_pages = 1u << 16;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store_str(ARENA_PAGE(0), DATA1);
	assert_int_equal(inproc_map(ARENA_PAGE(0), 1), ARENA_PAGE(1));
	harness_expect_file_page(ARENA_PAGE(1), 1, 1);
	assert_int_equal(inproc_map(end - 1, 0), 0);
	assert_int_equal(inproc_map(end, 0), 0);
	harness_load_killed(end - PAGE_SIZE_DEFAULT);
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_limits_map_fails_without_swap_block),
	    HARNESS_TEST(test_scenario_limits_create_fails_without_swap_blocks),
	    HARNESS_TEST(test_scenario_limits_arena_full),
	    HARNESS_TEST(test_scenario_limits_default_arena_full),
	    HARNESS_TEST(test_scenario_limits_fault_outside_valid_part),
	    HARNESS_TEST(test_scenario_limits_access_outside_arena_kills),
	    HARNESS_TEST(test_scenario_limits_pager_refuses_faults_outside_arena),
	    HARNESS_TEST(test_scenario_limits_huge_block_numbers),
	    HARNESS_TEST(test_scenario_limits_large_arena),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
