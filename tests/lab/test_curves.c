/* SPDX-License-Identifier: MIT */
/*
 * Properties of miss-ratio curves on seeded random traces (with locality
 * and writes): the one-pass LRU and OPT curves equal a simulation at every
 * size; OPT is never worse than any policy at any size; LRU's and OPT's
 * curves never rise with more frames (stack algorithms: no Belady
 * anomaly).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "commands.h"
#include "mrc.h"

#define NR_REFS 3000
#define NR_PAGES 60
#define MAX_FRAMES 70

static uint64_t rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ull + 1442695040888963407ull;
	return *s >> 33;
}

/* A working set of 8 pages that drifts, and one reference in 4 anywhere. */
static void random_trace(uint64_t seed, struct trace *t)
{
	uint64_t s = seed;
	uint32_t base = 0;

	trace_init(t);
	for (int i = 0; i < NR_REFS; i++) {
		uint32_t page = rnd(&s) % 4 ? (base + rnd(&s) % 8) % NR_PAGES : rnd(&s) % NR_PAGES;

		if (rnd(&s) % 50 == 0)
			base++;
		assert_int_equal(trace_push(t, page, rnd(&s) % 5 == 0), 0);
	}
}

static uint64_t simulate(const char *name, uint32_t frames, const struct trace *t,
			 const uint64_t *next)
{
	struct lab_ctx ctx = {.frames = frames, .t = t, .next = next, .seed = 7};
	struct lab_result r;

	assert_int_equal(lab_simulate(lab_policy_find(name), &ctx, &r), 0);
	return r.faults;
}

static void test_one_pass_equals_per_size(void **state)
{
	uint64_t lru[MAX_FRAMES + 1], opt[MAX_FRAMES + 1];

	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		struct trace t;
		uint64_t *next;

		random_trace(seed, &t);
		next = trace_next_use(&t);
		assert_non_null(next);
		assert_int_equal(mrc_lru(&t, MAX_FRAMES, lru, NULL), 0);
		assert_int_equal(mrc_opt(&t, next, MAX_FRAMES, opt, NULL), 0);
		for (uint32_t c = 1; c <= MAX_FRAMES; c++) {
			assert_int_equal(lru[c], simulate("lru", c, &t, next));
			assert_int_equal(opt[c], simulate("opt", c, &t, next));
		}
		free(next);
		trace_free(&t);
	}
}

static void test_opt_is_best_and_stack_curves_fall(void **state)
{
	struct lab_args a = {.frames_lo = 1, .frames_hi = MAX_FRAMES, .seed = 3};
	static const char *const names[] = {"fifo",  "clock", "random",  "nru", "aging",
					    "wsclock", "clock-pro", "car", "sieve", "s3-fifo", "lru",
					    "opt",   "lfu",	"arc",	   "2q",  "lirs"};
	uint64_t *curves[LAB_MAX_POLICIES];
	unsigned int opt = 0, lru = 0;

	(void)state;
	for (unsigned int p = 0; p < sizeof(names) / sizeof(names[0]); p++) {
		a.policies[a.nr_policies] = lab_policy_find(names[p]);
		assert_non_null(a.policies[a.nr_policies]);
		opt = strcmp(names[p], "opt") ? opt : p;
		lru = strcmp(names[p], "lru") ? lru : p;
		curves[a.nr_policies] = calloc(MAX_FRAMES, sizeof(uint64_t));
		assert_non_null(curves[a.nr_policies++]);
	}
	for (uint64_t seed = 11; seed <= 13; seed++) {
		struct trace t;

		random_trace(seed, &t);
		assert_int_equal(lab_curves(&a, &t, curves, NULL), 0);
		for (uint32_t c = 0; c < MAX_FRAMES; c++) {
			for (unsigned int p = 0; p < a.nr_policies; p++)
				if (curves[opt][c] > curves[p][c])
					fail_msg("%u frames: opt %llu faults, %s %llu", c + 1,
						 (unsigned long long)curves[opt][c], names[p],
						 (unsigned long long)curves[p][c]);
			if (c) {
				assert_true(curves[lru][c] <= curves[lru][c - 1]);
				assert_true(curves[opt][c] <= curves[opt][c - 1]);
			}
		}
		/* enough frames for every page: only the first references miss */
		for (unsigned int p = 0; p < a.nr_policies; p++)
			assert_int_equal(curves[p][MAX_FRAMES - 1], t.nr_pages);
		trace_free(&t);
	}
	for (unsigned int p = 0; p < a.nr_policies; p++)
		free(curves[p]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_one_pass_equals_per_size),
	    cmocka_unit_test(test_opt_is_best_and_stack_curves_fall),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
