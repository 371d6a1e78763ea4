/* SPDX-License-Identifier: MIT */
/*
 * Target 3, per-fault cost: does a fault cost more as memory, swap, the
 * arena or the number of processes grows? The workload is "every touch
 * faults, with a dirty victim" (a swap-in and a dirty eviction per fault,
 * 4 KiB pages, logging off) through the in-process MMU. Each dimension is
 * swept with the others fixed; every rep measures every point, and each
 * point's ratio is taken against the smallest point of the same rep.
 *
 * Growing memory also grows the working set, so the kernel's page copies
 * (pwrite from a frame, pread into one) start to miss the caches and the
 * TLB. For that dimension each point also runs the disk floor over as many
 * blocks and frames, in the same access order, alternating with the pager
 * in chunks, and the pager's excess over it is compared as well.
 */
#include <stdio.h>

#include "benches.h"
#include "floors.h"
#include "workload.h"

#define SCALE_PAGE_SIZE  4096u
#define SCALE_MAX_POINTS 4
#define SCALE_CHUNKS     4 /* pager and floor alternate this many times */

/* One machine and workload: procs processes of `pages` pages each. */
struct scale_point {
	unsigned long value; /* the swept quantity, for the table */
	unsigned int frames;
	unsigned int blocks;
	size_t arena;
	size_t procs;
	size_t pages;
};

struct scale_dim {
	const char *what; /* "memory", shown with the value */
	const char *unit; /* "frames" */
	bool floor;       /* also measure the disk floor at each point */
	size_t nr;
	struct scale_point pt[SCALE_MAX_POINTS];
};

/* One point's figures, ns per fault. */
struct scale_cost {
	double fault;
	double floor; /* the disk floor over the point's blocks and frames */
};

/* The fixed sizes when another dimension is swept: 63 usable frames and
 * twice as many pages, so every touch faults. */
#define SCALE_FRAMES 64u
#define SCALE_PAGES  126u

static struct scale_point scale_memory(unsigned int frames)
{
	size_t pages = 2 * (size_t)(frames - 1);

	return (struct scale_point){frames, frames, (unsigned int)pages, pages > 256 ? pages : 256,
	                            1,      pages};
}

static struct scale_point scale_swap(unsigned int blocks)
{
	return (struct scale_point){blocks, SCALE_FRAMES, blocks, 256, 1, SCALE_PAGES};
}

static struct scale_point scale_arena(size_t arena)
{
	return (struct scale_point){arena, SCALE_FRAMES, 256, arena, 1, SCALE_PAGES};
}

static struct scale_point scale_procs(size_t procs)
{
	return (struct scale_point){procs, SCALE_FRAMES, (unsigned int)(procs * SCALE_PAGES),
	                            256,   procs,        SCALE_PAGES};
}

/* ns per fault at one point over at least min_faults faults, and with
 * `floor` the disk floor's ns per round over as many rounds, in turns. */
static struct scale_cost scale_measure(const struct bench_opts *o, const struct scale_point *p,
                                       uint64_t min_faults, bool floor)
{
	struct workload_geom g = {.page_size = SCALE_PAGE_SIZE,
	                          .frames = p->frames,
	                          .blocks = p->blocks,
	                          .arena_pages = p->arena};
	uint64_t per_pass = p->procs * p->pages;
	uint64_t passes = (min_faults / SCALE_CHUNKS + per_pass - 1) / per_pass;
	uint64_t fault_ns = 0, faults;
	double floor_ns = 0;
	struct disk_floor *d = NULL;

	workload_start(o, &g);
	workload_evict_setup(p->procs, p->pages);
	if (floor)
		d = disk_floor_start(o->swap_dir, SCALE_PAGE_SIZE, (unsigned int)per_pass,
		                     p->frames - 1);
	faults = workload_faults();
	for (int c = 0; c < SCALE_CHUNKS; c++) {
		uint64_t t0 = bench_now_ns();

		for (uint64_t i = 0; i < passes; i++)
			workload_evict_pass(p->procs, p->pages);
		fault_ns += bench_now_ns() - t0;
		if (d)
			floor_ns += disk_floor_sample(d, (unsigned int)(passes * per_pass));
	}
	faults = workload_faults() - faults;
	if (d)
		disk_floor_stop(d);
	workload_stop();
	if (faults != SCALE_CHUNKS * passes * per_pass)
		bench_die("scale point %lu: %llu touches made %llu faults, not one each", p->value,
		          (unsigned long long)(SCALE_CHUNKS * passes * per_pass),
		          (unsigned long long)faults);
	return (struct scale_cost){(double)fault_ns / (double)faults, floor_ns / SCALE_CHUNKS};
}

/* For each point: the cost of a fault against the smallest point, and with
 * floors, the floor and the excess over it. */
static void scale_report(const struct scale_dim *d, const struct series *fault,
                         const struct series *floor, const struct series *excess)
{
	char name[128];

	for (size_t i = 0; i < d->nr; i++) {
		struct row r = {"3", name, "us/fault", &fault[i], NULL, NULL, TARGET_NONE, 0};

		if (i > 0) {
			r.base = &fault[0];
			r.base_name = "us (smallest)";
			r.kind = TARGET_RATIO_MAX;
			r.limit = 1.3;
		}
		snprintf(name, sizeof(name), "fault with eviction, %s %lu%s%s", d->what,
		         d->pt[i].value, *d->unit ? " " : "", d->unit);
		report_row(&r);
		if (!d->floor)
			continue;
		snprintf(name, sizeof(name), "... disk floor over the same blocks and frames");
		report_row(
		    &(struct row){"-", name, "us/round", &floor[i], NULL, NULL, TARGET_NONE, 0});
		snprintf(name, sizeof(name), "... the fault's excess over that floor");
		r.s = &excess[i];
		if (i > 0)
			r.base = &excess[0];
		report_row(&r);
	}
}

static void scale_sweep(const struct bench_opts *o, const struct scale_dim *d)
{
	struct series fault[SCALE_MAX_POINTS] = {0}, floor[SCALE_MAX_POINTS] = {0};
	struct series excess[SCALE_MAX_POINTS] = {0};
	uint64_t min_faults = o->quick ? 100 : 20000;

	for (unsigned int r = 0; r < o->reps; r++) {
		for (size_t i = 0; i < d->nr; i++) {
			struct scale_cost c = scale_measure(o, &d->pt[i], min_faults, d->floor);

			series_add(&fault[i], c.fault / 1e3);
			series_add(&floor[i], c.floor / 1e3);
			series_add(&excess[i], (c.fault - c.floor) / 1e3);
		}
	}
	scale_report(d, fault, floor, excess);
	for (size_t i = 0; i < d->nr; i++) {
		series_free(&fault[i]);
		series_free(&floor[i]);
		series_free(&excess[i]);
	}
}

void bench_scale(const struct bench_opts *o)
{
	const struct scale_dim full[] = {
	    {"memory",
	     "frames",
	     true,
	     4,
	     {scale_memory(16), scale_memory(256), scale_memory(4096), scale_memory(65536)}},
	    {"swap",
	     "blocks",
	     false,
	     4,
	     {scale_swap(256), scale_swap(4096), scale_swap(65536), scale_swap(1048576)}},
	    {"arena", "pages", false, 3, {scale_arena(256), scale_arena(4096), scale_arena(65536)}},
	    {"processes", "", false, 3, {scale_procs(1), scale_procs(10), scale_procs(100)}},
	};
	const struct scale_dim quick[] = {
	    {"memory", "frames", true, 2, {scale_memory(16), scale_memory(64)}},
	    {"swap", "blocks", false, 2, {scale_swap(256), scale_swap(1024)}},
	    {"arena", "pages", false, 2, {scale_arena(256), scale_arena(1024)}},
	    {"processes", "", false, 2, {scale_procs(1), scale_procs(3)}},
	};
	const struct scale_dim *dims = o->quick ? quick : full;

	report_section("Target 3: per-fault cost as the machine grows (4 KiB pages, logging off)");
	for (size_t i = 0; i < 4; i++)
		scale_sweep(o, &dims[i]);
	report_note(
	    "Memory rows: the disk floor runs over 2(F-1) blocks and F-1 frames of a memfd, "
	    "in the order the clock uses them, alternating with the pager in %d chunks; "
	    "the excess is the fault minus that floor. bench/run adds callgrind "
	    "instruction counts per fault at the smallest and largest points.",
	    SCALE_CHUNKS);
}
