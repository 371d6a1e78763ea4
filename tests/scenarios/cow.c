/* SPDX-License-Identifier: MIT */
/*
 * Scenario: copy-on-write. After a fork parent and child share each swap-
 * backed frame read-only; the writer gets the copy, the last owner gets its
 * write permission back when the rule allows, shared content is written
 * once and read back once into one frame, and every page keeps the swap
 * block it was created with unless its block holds the one copy of content
 * others still share (C6). Expected logs are worked out by hand from
 * semantics.md and design.md section 1; the clock is noted [head ... tail]
 * with r = referenced.
 */
#include "harness.h"

/*
 * Rules 7, 12 (last owner); C5, C6 (the holder splits). The parent, holder
 * of p0's content in block 0, writes first while that content is resident
 * and dirty (no block holds it): it gets frame 2 and keeps block 0; the
 * child keeps frame 1 and its own block 1 and gets w back at once; the
 * child's later eviction of that content goes to block 1.
 */
static void test_scenario_cow_parent_writes_first(void **state)
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
		/* fork: the child's p0 reserves block 1 */
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		/* the parent writes: a copy in frame 2, no I/O */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x2)
		/* the child, last owner of frame 1, has w back */
		L_SWITCH(1002) L_TABLE(1002) L_RW(0x60000, 0x1)
		/* the child maps p1 (block 2) and p2 (block 3) */
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_RW(0x60001, 0x3)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_RW(0x60001, 0x3) L_R(0x60002, 0x0)
		/* [1r 2r 3r]: all cleared, frame 1 (child p0) goes to block 1 */
		L_FAULT_W(0x600020000) L_WRITE(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60002, 0x1)
		L_SWITCH(1001) L_TABLE(1001)
		L_FAULT_R(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x2)
		/* the parent exits: frame 2 and block 0 are free */
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_RW(0x60002, 0x1)
		L_FAULT_R(0x600000000) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x2) L_RW(0x60002, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'A');
	harness_store(ARENA_PAGE(0) + 0x100, 'a');
	assert_int_equal(inproc_fork(), 1002);
	harness_store(ARENA_PAGE(0), 'B');
	assert_int_equal(harness_load(ARENA_PAGE(0) + 0x100), 'a');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	harness_store(ARENA_PAGE(0), 'C');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'D');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	harness_store(ARENA_PAGE(2), 'E');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'B');
	inproc_exit();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'C');
	assert_int_equal(harness_load(ARENA_PAGE(0) + 0x100), 'a');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 12 (last owner); C5, C6 (a non-holder splits). The child writes
 * first: it keeps its own block 1 for its copy, the parent keeps frame 1 and
 * block 0 and gets w back at once.
 */
static void test_scenario_cow_child_writes_first(void **state)
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
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x1)
		/* the child writes: its copy in frame 2 */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x2)
		/* the parent, last owner of frame 1, has w back */
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x3)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x3) L_R(0x60002, 0x0)
		/* [1r 2r 3r]: all cleared, frame 1 (parent p0) to block 0 */
		L_FAULT_W(0x600020000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60002, 0x1)
		L_SWITCH(1002) L_TABLE(1002)
		/* the child maps p1 (block 4); [2 3 1r]: frame 2 (child p0)
		 * goes to the child's own block 1 */
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_WRITE(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60001, 0x2)
		/* [3 1r 2r]: frame 3 (parent p1) to block 2 */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 2) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x3) L_RW(0x60001, 0x2)
		L_DESTROY
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60002, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'A');
	assert_int_equal(inproc_fork(), 1002);
	inproc_yield();
	harness_store(ARENA_PAGE(0), 'C');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'C');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	harness_store(ARENA_PAGE(0), 'B');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'D');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	harness_store(ARENA_PAGE(2), 'E');
	inproc_yield();
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'F');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'C');
	harness_finish(h, expected);
}

/*
 * C4, C5, C6: the eviction that gets the splitting page its frame evicts the
 * shared frame itself. The shared content is written once to the holder's
 * block 0 and stays in the frame as the parent's copy, with no read back;
 * block 0 now holds the one copy the child needs, so the parent (the
 * holder) hands it to the child and takes the child's block 1. -m 3:
 * frames 1, 2.
 */
static void test_scenario_cow_split_evicts_shared_frame(void **state)
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
		/* fork: the child's p0 reserves block 1 */
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1) L_RW(0x60001, 0x2)
		/* the parent writes p0: [1r 2r] -> both cleared, shared frame
		 * 1 written to block 0; its content is the parent's copy */
		L_FAULT_W(0x600000000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_SWITCH(1002) L_TABLE(1002)
		/* [2 1r]: parent p1 to block 2, the child's p0 from block 0 */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 2) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x2)
		L_DESTROY
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'A');
	harness_store(ARENA_PAGE(0) + 0x100, 'a');
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'B');
	harness_store(ARENA_PAGE(0), 'X');
	assert_int_equal(harness_load(ARENA_PAGE(0) + 0x100), 'a');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	assert_int_equal(harness_load(ARENA_PAGE(0) + 0x100), 'a');
	inproc_exit();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'X');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 3, 7, 8, 12; C5, C6. Shared content evicted dirty is written once to
 * its holder's block and read back once into one frame that every sharer
 * maps; a read fault on a shared dirty frame gives r only; when a split
 * leaves a clean frame to one owner, that owner gets no w, and its write
 * then dirties the frame in place. -m 3: frames 1, 2. Blocks: parent p0-p2
 * 0, 1, 4; child p0, p1 2, 3.
 */
static void test_scenario_cow_shared_page_read_back_once(void **state)
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
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2)
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x2)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1001) L_R(0x60000, 0x1) L_R(0x60001, 0x2) L_R(0x60002, 0x0)
		/* [1r 2r]: shared p0 content written once, to block 0 */
		L_FAULT_W(0x600020000) L_WRITE(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60002, 0x1)
		L_SWITCH(1002) L_TABLE(1002)
		/* shared, dirty, resident: referenced, r only */
		L_FAULT_R(0x600010000) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60001, 0x2)
		/* [2r 1r]: shared p1 content written to block 1; p0's content
		 * read from block 0 into frame 2 for both sharers */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x2)
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60000, 0x2)
		/* the parent (holder) writes p0: [1 2r] -> frame 1 (p2) to
		 * block 4, a copy in frame 1; the child keeps clean frame 2: no
		 * w; blocks swap: parent p0 2, child p0 0 */
		L_FAULT_W(0x600000000) L_WRITE(SWAP, 4) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x2)
		/* the child writes its own clean frame: no copy, no I/O */
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60000, 0x2)
		/* [2r 1r]: frame 2 (child p0) to block 0; p1 from block 1 */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 0) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60001, 0x2)
		/* [1 2r]: frame 1 (parent p0) to block 2; child p0 from 0 */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 2) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x1) L_R(0x60001, 0x2)
		L_SWITCH(1001) L_TABLE(1001) L_R(0x60001, 0x2)
		/* [2r 1r]: both cleared, frame 2 (p1, clean) evicted unwritten */
		L_FAULT_R(0x600000000) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2)
		/* [1 2r]: frame 1 (child p0, clean) evicted unwritten */
		L_FAULT_R(0x600020000) L_READ(SWAP, 4) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x2) L_R(0x60002, 0x1)
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002)
		L_FAULT_R(0x600010000) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60001, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.memory_pages = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'A');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	harness_store(ARENA_PAGE(1), 'B');
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	harness_store(ARENA_PAGE(2), 'C');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	harness_store(ARENA_PAGE(0), 'Z');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	harness_store(ARENA_PAGE(0), 'Q');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'Q');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'Z');
	assert_int_equal(harness_load(ARENA_PAGE(2)), 'C');
	inproc_exit();
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rule 12, last owner: w comes back at once only for a resident, referenced,
 * dirty frame. When the child exits, the parent is the last owner of p3's
 * frame (referenced, dirty: rw at once) and of p1's (dirty but its reference
 * bit cleared: stays r=w=0 until it faults). Blocks: parent p0-p4 0-3, 8;
 * child p0-p3 4-7.
 */
static void test_scenario_cow_last_owner_needs_referenced_dirty(void **state)
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
		L_FAULT_R(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x2) L_RW(0x60003, 0x1)
		/* fork: p0 on swap, p1 and p3 resident and referenced, p2
		 * resident with its bit cleared */
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60001, 0x2) L_R(0x60003, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600040000)
		L_TABLE(1001) L_R(0x60001, 0x2) L_R(0x60003, 0x1) L_R(0x60004, 0x0)
		/* [2r 3 1r]: frame 2 (shared p1) cleared, frame 3 (shared p2)
		 * written to its holder's block 2 -> [1r 2 3r] */
		L_FAULT_W(0x600040000) L_WRITE(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1001) L_R(0x60003, 0x1) L_RW(0x60004, 0x3)
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60003, 0x1)
		L_DESTROY
		L_SWITCH(1001) L_TABLE(1001) L_RW(0x60003, 0x1) L_RW(0x60004, 0x3)
		/* p1: resident, dirty, now unshared: a read fault gives rw */
		L_FAULT_R(0x600010000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60001, 0x2) L_RW(0x60003, 0x1) L_RW(0x60004, 0x3)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	for (int i = 0; i < 4; i++)
		assert_int_equal(inproc_map(0, 0), ARENA_PAGE(i));
	for (int i = 0; i < 4; i++)
		harness_store(ARENA_PAGE(i), (uint8_t)('A' + i));
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(4));
	harness_store(ARENA_PAGE(4), 'E');
	inproc_yield();
	assert_int_equal(harness_load(ARENA_PAGE(3)), 'D');
	inproc_exit();
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'B');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * Rules 2, 12, 13; C6 (the holder exits). -m 2 -s 2. The parent, holder of
 * p0's content in block 0, exits while its child shares it and the content
 * is resident and dirty: the child keeps its own block 1, and the parent's
 * freed block 0 is what the child's next vm_map gets; then no block is
 * left.
 */
static void test_scenario_cow_holder_exits_first(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(2)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1)
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_RW(0x60000, 0x1)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1002) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		/* [1r] -> p0 to block 1; p1 (block 0) zero-filled in frame 1 */
		L_FAULT_W(0x600010000) L_WRITE(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_RW(0x60001, 0x1)
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 0) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60000, 0x1)
		L_FAULT_R(0x600010000) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1002) L_R(0x60001, 0x1)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.memory_pages = 2;
	h->cfg.geom.swap_blocks = 2;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'A');
	assert_int_equal(inproc_fork(), 1002);
	inproc_exit();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'A');
	harness_store(ARENA_PAGE(0), 'C');
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(0, 0), 0);
	harness_store(ARENA_PAGE(1), 'D');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'C');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'D');
	inproc_exit();
	harness_finish(h, expected);
}

/*
 * C2, C6: sharers exit one by one. Three processes share p0's content while
 * it is resident and dirty, so no block holds it and every page keeps its
 * own block (1001: 0, 1002: 1, 1003: 2): when the holder exits, the
 * content's block becomes that of the first remaining sharer in sharing
 * order (1002, forked before 1003), then 1003's own; the freed blocks come
 * back in the order 0, 1. -m 3 -s 3.
 */
static void test_scenario_cow_holder_passes_in_sharing_order(void **state)
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
		L_CREATE(1001, 1002) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_CREATE(1001, 1003) L_CREATE_RET(0)
		L_TABLE(1001) L_R(0x60000, 0x1)
		L_DESTROY
		L_SWITCH(1002) L_TABLE(1002) L_R(0x60000, 0x1)
		L_DESTROY
		L_SWITCH(1003) L_TABLE(1003) L_RW(0x60000, 0x1)
		/* blocks 0 and 1 came back in that order; then none is left */
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1003) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600020000)
		L_TABLE(1003) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x0)
		L_TABLE(1003) L_RW(0x60000, 0x1) L_R(0x60001, 0x0) L_R(0x60002, 0x0)
		L_FAULT_W(0x600010000) L_FAULT_RET(0)
		L_TABLE(1003) L_RW(0x60000, 0x1) L_RW(0x60001, 0x2) L_R(0x60002, 0x0)
		/* [1r 2r]: p0 (block 2) written -> [2 1r] */
		L_FAULT_W(0x600020000) L_WRITE(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1003) L_RW(0x60002, 0x1)
		/* p1 (block 0) written, p0 read -> [1r 2r] */
		L_FAULT_R(0x600000000) L_WRITE(SWAP, 0) L_READ(SWAP, 2) L_FAULT_RET(0)
		L_TABLE(1003) L_R(0x60000, 0x2) L_RW(0x60002, 0x1)
		/* both cleared, p2 (block 1) written -> [2 1r] */
		L_FAULT_R(0x600010000) L_WRITE(SWAP, 1) L_READ(SWAP, 0) L_FAULT_RET(0)
		L_TABLE(1003) L_R(0x60001, 0x1)
		/* frame 2 (p0, clean) evicted unwritten */
		L_FAULT_R(0x600020000) L_READ(SWAP, 1) L_FAULT_RET(0)
		L_TABLE(1003) L_R(0x60001, 0x1) L_R(0x60002, 0x2)
		L_DESTROY
		L_SHUTDOWN;
	/* clang-format on */
	struct harness *h = *state;

	h->cfg.geom.memory_pages = 3;
	h->cfg.geom.swap_blocks = 3;
	harness_start(h);
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(0));
	harness_store(ARENA_PAGE(0), 'P');
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_fork(), 1003);
	inproc_exit();
	inproc_exit();
	assert_int_equal(inproc_running(), 1003);
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(1));
	assert_int_equal(inproc_map(0, 0), ARENA_PAGE(2));
	assert_int_equal(inproc_map(0, 0), 0);
	harness_store(ARENA_PAGE(1), 'b');
	harness_store(ARENA_PAGE(2), 'c');
	assert_int_equal(harness_load(ARENA_PAGE(0)), 'P');
	assert_int_equal(harness_load(ARENA_PAGE(1)), 'b');
	assert_int_equal(harness_load(ARENA_PAGE(2)), 'c');
	inproc_exit();
	harness_finish(h, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_cow_parent_writes_first),
	    HARNESS_TEST(test_scenario_cow_child_writes_first),
	    HARNESS_TEST(test_scenario_cow_split_evicts_shared_frame),
	    HARNESS_TEST(test_scenario_cow_shared_page_read_back_once),
	    HARNESS_TEST(test_scenario_cow_last_owner_needs_referenced_dirty),
	    HARNESS_TEST(test_scenario_cow_holder_exits_first),
	    HARNESS_TEST(test_scenario_cow_holder_passes_in_sharing_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
