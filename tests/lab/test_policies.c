/* SPDX-License-Identifier: MIT */
/*
 * Every policy on small reference strings whose victims were worked out by
 * hand from the policy's rules (docs/policies.md), and the textbook cases.
 * The online policies run behind pgd-lab's host, which shows them what a
 * pager sees: a page enters with its referenced bit set; an access faults
 * (a soft fault) when the bit is clear or when it writes a clean page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "labrun.h"

/* The string every policy is worked on, with 3 frames. */
#define S "1 2 3 4 2 5 6 5 4 7"

static void expect(const char *policy, uint32_t frames, const char *refs, uint64_t faults,
		   uint64_t soft, const uint64_t *victims, unsigned int nr)
{
	struct labrun run;

	labrun(policy, frames, refs, 0, &run);
	if (run.r.faults != faults || run.r.soft_faults != soft || run.nr_victims != nr ||
	    memcmp(run.victims, victims, nr * sizeof(*victims))) {
		fprintf(stderr, "%s on %s, %u frames: %llu faults, %llu soft, victims", policy, refs,
			frames, (unsigned long long)run.r.faults,
			(unsigned long long)run.r.soft_faults);
		for (unsigned int i = 0; i < run.nr_victims; i++)
			fprintf(stderr, " %llu", (unsigned long long)run.victims[i]);
		fprintf(stderr, "\n");
		fail_msg("%s does not do what was worked out by hand", policy);
	}
}

#define EXPECT(policy, frames, refs, faults, soft, ...)                                           \
	do {                                                                                       \
		const uint64_t v[] = {__VA_ARGS__};                                                \
		expect(policy, frames, refs, faults, soft, v, sizeof(v) / sizeof(v[0]));           \
	} while (0)

/* Belady's anomaly: more frames, more faults. */
static void test_fifo_textbook(void **state)
{
	(void)state;
	EXPECT("fifo", 3, "1 2 3 4 1 2 5 1 2 3 4 5", 9, 0, 1, 2, 3, 4, 1, 2);
	EXPECT("fifo", 4, "1 2 3 4 1 2 5 1 2 3 4 5", 10, 0, 1, 2, 3, 4, 5, 1);
}

/* Silberschatz's string: OPT 9, LRU 12, FIFO 15 faults with 3 frames. */
static void test_textbook_string(void **state)
{
	const char *refs = "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1";
	struct labrun run;

	(void)state;
	labrun("opt", 3, refs, 0, &run);
	assert_int_equal(run.r.faults, 9);
	labrun("lru", 3, refs, 0, &run);
	assert_int_equal(run.r.faults, 12);
	labrun("fifo", 3, refs, 0, &run);
	assert_int_equal(run.r.faults, 15);
}

static void test_fifo(void **state)
{
	(void)state;
	EXPECT("fifo", 3, S, 7, 0, 1, 2, 3, 4);
}

/* The hand clears 1 2 3 and takes 1; 2's access faults (soft); 5: 2 has
 * its bit, to the tail, 3 goes; 6: 4 to the tail, 2 goes; 5 is still
 * referenced (no fault), 4 faults; 7: every bit is set: a full turn, 5
 * goes. */
static void test_clock(void **state)
{
	(void)state;
	EXPECT("clock", 3, S, 7, 2, 1, 3, 2, 5);
}

/* As the clock up to 6, but a kept frame stays in place: the pass for 6
 * clears 4 and 5 and takes 2, so 5 and 4 both fault again; at 7 the hand
 * is at 4, clears 4 5 6 and takes 4 (the clock took 5). */
static void test_sieve(void **state)
{
	(void)state;
	EXPECT("sieve", 3, S, 7, 3, 1, 3, 2, 4);
}

/* The period is 4 events (3 frames and the zero page's, as in the pager
 * with -m 4): harvests when 4, 6 and 7 come in, each clearing the new
 * frame's bit too, so its access faults again (3 retries). All clean, so
 * the victim is the lowest class, oldest first: 1 (all referenced); 3 (2
 * and 4 referenced since); 2 (all referenced); 4 (all referenced). Soft:
 * 2, 5, 4 and the 3 retries. */
static void test_nru(void **state)
{
	(void)state;
	EXPECT("nru", 3, S, 7, 6, 1, 3, 2, 4);
	/* 1 (written) is class 3, 2 and 3 class 2: 2 goes; the harvest then
	 * makes 4 fault again */
	EXPECT("nru", 3, "1w 2 3 4", 4, 1, 2);
}

/* Period 4 events (as nru). 4: all 100, 1 goes; harvest: 2 3 4 at 80,
 * 4 faults again (180). 2's fault: 180; 5: 3 (80) goes. 6: 5 (100) is the
 * least (2, 4 180): 5 goes; harvest: 2 c0, 4 c0, 6 80, 6 faults again
 * (180). 5 misses: 2 and 4 tie at c0, 2 goes. 4's fault: 1c0. 7: 5 (100)
 * goes. Soft: 2, 4 and 3 retries. */
static void test_aging(void **state)
{
	(void)state;
	EXPECT("aging", 3, S, 8, 5, 1, 3, 5, 2, 5);
}

/* tau is 3 faults, never exceeded here: each pass clears the referenced
 * frames and takes the oldest unreferenced one (the first of equals), or
 * after a full turn the frame it started at. Virtual time is the fault
 * count: 4 takes 1 (all referenced); 5 takes 3 (age 2); 6 takes 4 (age 1,
 * before 2 at age 1); 4 takes 2 (age 3); 7 takes 5 (age 1). */
static void test_wsclock(void **state)
{
	(void)state;
	EXPECT("wsclock", 3, S, 8, 2, 1, 3, 4, 2, 5);
}

/* T1 1 2 3, each with its first bit: a turn each, then 1 to B1, and the
 * directory (|T1| + |B1| = c) forgets it. 5: 2 was seen again: T2; 3 to
 * B1. 6: 4 and 5 get their first turn, 4 goes to B1, 3 is forgotten. 4
 * misses: 5 to T2, 6 after its turn to B1; 4 is in B1: p = 1, 4 enters
 * T2. 7: |T1| = 0 < p: T2's head 2 (bit clear) goes. */
static void test_car(void **state)
{
	(void)state;
	EXPECT("car", 3, S, 8, 2, 1, 3, 4, 6, 2);
}

/* S holds everything (c = 3, S's share 1, M's 2). A first bit buys a turn
 * in S: 1 goes to G; 5: 2 was seen again: M; 3 to G; 6: 4 goes to G;
 * 4 misses: 5 to M, 6 to G (1 forgotten); 4 is in G: it enters M. 7: S is
 * empty; M's 2 and 5 spend their counts, 4's first bit counts, then 2
 * goes. */
static void test_s3fifo(void **state)
{
	(void)state;
	EXPECT("s3-fifo", 3, S, 8, 2, 1, 3, 4, 6, 2);
}

/* m_c = 1. New pages are cold in their test period; a first bit buys a
 * turn. 4: 1 goes, a ghost. 5: 2 was seen again in its test period: hot;
 * 3 goes (ghost). 6: 4 and 5 take their turns, 4 goes (ghost). 4 misses:
 * 5 is promoted, 6 takes its turn and goes; four ghosts are more than m:
 * HAND_test forgets 1. 4 is a ghost: it comes back hot, m_c = 2; three hot
 * pages are more than m - m_c: HAND_hot forgets ghost 3 (m_c = 1) and
 * turns 2 (bit clear) cold. 7: HAND_cold takes 2. */
static void test_clockpro(void **state)
{
	(void)state;
	EXPECT("clock-pro", 3, S, 8, 2, 1, 3, 4, 6, 2);
}

/* Reproducible with a seed; a victim is always a resident page. */
static void test_random(void **state)
{
	const char *refs = "1 2 3 4 5 6 1 2 3 4 5 6 7 8 1 2 9 3 1 4 2 5";
	struct labrun a, b, c;

	(void)state;
	labrun("random", 3, refs, 42, &a);
	labrun("random", 3, refs, 42, &b);
	assert_int_equal(a.nr_victims, b.nr_victims);
	assert_memory_equal(a.victims, b.victims, a.nr_victims * sizeof(a.victims[0]));
	assert_int_equal(a.r.faults, b.r.faults);
	for (uint64_t seed = 0; seed < 50; seed++) {
		labrun("random", 3, refs, seed, &c);
		if (c.nr_victims != a.nr_victims ||
		    memcmp(c.victims, a.victims, a.nr_victims * sizeof(a.victims[0])))
			return; /* another seed, another run */
	}
	fail_msg("50 seeds all chose the same victims");
}

/* Offline. LRU: 1; 2 hit; 3, 4, 2 (least recent), 6. */
static void test_lru(void **state)
{
	(void)state;
	EXPECT("lru", 3, S, 8, 0, 1, 3, 4, 2, 6);
}

/* In-cache LFU, least recent among equals: 1; 3 (2 has 2); 4; 6 (5 has
 * 2); 4 (fewest again). */
static void test_lfu(void **state)
{
	(void)state;
	EXPECT("lfu", 3, S, 8, 0, 1, 3, 4, 6, 4);
}

/* Cases of the ARC paper: 4: |T1| + |B1| = c and |T1| = c: T1's LRU 1 is
 * dropped; 2 to T2; 5: REPLACE: 3 to B1; 6: B1's 3 dropped, 4 to B1; 5 to
 * T2; 4 in B1: p = 1, REPLACE takes T2's 2 (|T1| = 1 = p); 7: 5. */
static void test_arc(void **state)
{
	(void)state;
	EXPECT("arc", 3, S, 8, 0, 1, 3, 4, 2, 5);
}

/* Kin = 1, Kout = 1: A1in is a FIFO of everything; 2, 5 and 4 are hits in
 * A1in, which changes nothing. */
static void test_2q(void **state)
{
	(void)state;
	EXPECT("2q", 3, S, 7, 0, 1, 2, 3, 4);
	/* 1, found in A1out, enters Am, which keeps it while A1in (Kin = 1)
	 * gives up 3, 4 and 5: the last 1 hits (FIFO would miss it) */
	EXPECT("2q", 3, "1 2 3 4 1 5 6 7 1", 8, 0, 1, 2, 3, 4, 5);
}

/* Llirs = 2 (1 and 2), Lhirs = 1. 3 is HIR: evicted at 4, and 4 at 5, 5
 * at 6 (each stays in S). 5 again: a miss, 6 goes; 5 was in S: it becomes
 * LIR and the bottom LIR page 1 becomes HIR; pruning takes 3 and 4 off S.
 * 4: 1 goes (Q's front); 7: 4 goes. */
static void test_lirs(void **state)
{
	(void)state;
	EXPECT("lirs", 3, S, 9, 0, 3, 4, 5, 6, 1, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fifo_textbook), cmocka_unit_test(test_textbook_string),
	    cmocka_unit_test(test_fifo),	  cmocka_unit_test(test_clock),
	    cmocka_unit_test(test_sieve),	  cmocka_unit_test(test_nru),
	    cmocka_unit_test(test_aging),	  cmocka_unit_test(test_wsclock),
	    cmocka_unit_test(test_clockpro),	  cmocka_unit_test(test_car),
	    cmocka_unit_test(test_s3fifo),	  cmocka_unit_test(test_random),
	    cmocka_unit_test(test_lru),		  cmocka_unit_test(test_lfu),
	    cmocka_unit_test(test_arc),		  cmocka_unit_test(test_2q),
	    cmocka_unit_test(test_lirs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
