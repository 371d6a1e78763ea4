/* SPDX-License-Identifier: MIT */
/*
 * Target 3, process life: vm_create must cost time linear in the parent's
 * mapped pages and not in the arena's size, and vm_destroy linear in the
 * process's pages. A parent maps K swap-backed pages and stores to each;
 * then, repeatedly, it forks (vm_create, timed), the child is switched to
 * and exits (vm_destroy and the switch back, timed). Linearity is judged on
 * the marginal cost per page, (cost(K) - cost(16)) / (K - 16), which must
 * not grow with K; the arena on the cost at K = 16 as the arena grows.
 */
#include <stdio.h>

#include "benches.h"
#include "inproc.h"
#include "workload.h"

#define LIFECYCLE_FRAMES 64u
#define LIFECYCLE_SMALL  16u /* pages of the parent whose cost is the fixed part */

struct lifecycle_cost {
	double create;  /* ns per vm_create */
	double destroy; /* ns per vm_destroy (and the switch back to the parent) */
};

static struct lifecycle_cost lifecycle_measure(const struct bench_opts *o, size_t arena,
                                               size_t pages, unsigned int ops)
{
	struct workload_geom g = {.page_size = 4096,
	                          .frames = LIFECYCLE_FRAMES,
	                          .blocks = (unsigned int)(2 * pages),
	                          .arena_pages = arena};
	uint64_t create = 0, destroy = 0;

	workload_start(o, &g);
	workload_attach();
	workload_map(pages);
	for (size_t i = 0; i < pages; i++)
		workload_touch(i, true);
	for (unsigned int i = 0; i < ops; i++) {
		uint64_t t0, t1, t2, t3;
		pid_t child;

		t0 = bench_now_ns();
		child = inproc_fork();
		t1 = bench_now_ns();
		if (child < 0)
			bench_die("vm_create of a parent with %zu pages refused", pages);
		inproc_yield();
		if (inproc_running() != child)
			bench_die("the forked child is not running after a yield");
		t2 = bench_now_ns();
		inproc_exit();
		t3 = bench_now_ns();
		create += t1 - t0;
		destroy += t3 - t2;
	}
	workload_stop();
	return (struct lifecycle_cost){(double)create / ops, (double)destroy / ops};
}

/* Rows for one operation: the fixed cost, the marginal cost per page at the
 * middle and large sizes, the cost in a small arena and a large one. */
static void lifecycle_report(const char *op, const struct series *small, const struct series *mid,
                             const struct series *large, const struct series *small_arena,
                             size_t mid_k, size_t large_k, size_t arena_small, size_t arena_large)
{
	char name[128], base[32];

	snprintf(name, sizeof(name), "%s, %u pages, arena %zu pages", op, LIFECYCLE_SMALL,
	         arena_small);
	report_row(&(struct row){"3", name, "us", small_arena, NULL, NULL, TARGET_NONE, 0});
	snprintf(name, sizeof(name), "%s, %u pages, arena %zu pages", op, LIFECYCLE_SMALL,
	         arena_large);
	report_row(&(struct row){"3", name, "us", small, small_arena, "us (small arena)",
	                         TARGET_RATIO_MAX, 1.3});
	snprintf(name, sizeof(name), "%s, marginal cost per page at %zu pages", op, mid_k);
	report_row(&(struct row){"3", name, "ns/page", mid, NULL, NULL, TARGET_NONE, 0});
	snprintf(name, sizeof(name), "%s, marginal cost per page at %zu pages", op, large_k);
	snprintf(base, sizeof(base), "ns/page (%zu)", mid_k);
	report_row(&(struct row){"3", name, "ns/page", large, mid, base, TARGET_RATIO_MAX, 1.3});
}

void bench_lifecycle(const struct bench_opts *o)
{
	const size_t mid_k = o->quick ? 64 : 1024, large_k = o->quick ? 256 : 65536;
	const size_t arena_small = 256, arena_large = o->quick ? 1024 : 65536;
	struct series c[4] = {0}, d[4] = {0}; /* small, mid, large, small arena */

	for (unsigned int r = 0; r < o->reps; r++) {
		struct lifecycle_cost small =
		    lifecycle_measure(o, arena_large, LIFECYCLE_SMALL, o->quick ? 2 : 50);
		struct lifecycle_cost mid =
		    lifecycle_measure(o, arena_large, mid_k, o->quick ? 2 : 20);
		struct lifecycle_cost large =
		    lifecycle_measure(o, arena_large, large_k, o->quick ? 2 : 3);
		struct lifecycle_cost sa =
		    lifecycle_measure(o, arena_small, LIFECYCLE_SMALL, o->quick ? 2 : 50);

		series_add(&c[0], small.create / 1e3);
		series_add(&d[0], small.destroy / 1e3);
		series_add(&c[1], (mid.create - small.create) / (double)(mid_k - LIFECYCLE_SMALL));
		series_add(&d[1],
		           (mid.destroy - small.destroy) / (double)(mid_k - LIFECYCLE_SMALL));
		series_add(&c[2],
		           (large.create - small.create) / (double)(large_k - LIFECYCLE_SMALL));
		series_add(&d[2],
		           (large.destroy - small.destroy) / (double)(large_k - LIFECYCLE_SMALL));
		series_add(&c[3], sa.create / 1e3);
		series_add(&d[3], sa.destroy / 1e3);
	}
	report_section("Target 3: vm_create and vm_destroy (4 KiB pages, logging off)");
	lifecycle_report("vm_create", &c[0], &c[1], &c[2], &c[3], mid_k, large_k, arena_small,
	                 arena_large);
	lifecycle_report("vm_destroy", &d[0], &d[1], &d[2], &d[3], mid_k, large_k, arena_small,
	                 arena_large);
	for (size_t i = 0; i < 4; i++) {
		series_free(&c[i]);
		series_free(&d[i]);
	}
}
