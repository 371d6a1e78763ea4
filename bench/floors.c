/* SPDX-License-Identifier: MIT */
/*
 * The baselines on their own, at both page sizes the daemon benchmarks use:
 * what this machine physically allows for a fault through a user-space
 * pager (the design floor) and for the I/O of an eviction (the disk floor).
 * The daemon benchmarks measure them again, rep by rep, beside each figure.
 */
#include <stdio.h>

#include "benches.h"
#include "floors.h"

static void floors_design(const struct bench_opts *o, size_t page_size, enum placement p)
{
	struct design_floor *f;
	struct series s = {0};
	char name[64];

	bench_place(p, false);
	f = design_floor_start(page_size, o->quick ? 64 : 1024, p);
	for (unsigned int r = 0; r < o->reps; r++)
		series_add(&s, design_floor_sample(f) / 1e3);
	design_floor_stop(f);
	bench_unplace();
	snprintf(name, sizeof(name), "design floor, %zu KiB pages, %s", page_size >> 10,
	         bench_place_name(p));
	report_row(&(struct row){"-", name, "us/fault", &s, NULL, NULL, TARGET_NONE, 0});
	series_free(&s);
}

static void floors_disk(const struct bench_opts *o, size_t page_size)
{
	struct disk_floor *d = disk_floor_start(o->swap_dir, page_size, 256, 128);
	struct series s = {0};
	char name[64];

	for (unsigned int r = 0; r < o->reps; r++)
		series_add(&s, disk_floor_sample(d, o->quick ? 50 : 2000) / 1e3);
	disk_floor_stop(d);
	snprintf(name, sizeof(name), "disk floor, %zu KiB pages", page_size >> 10);
	report_row(&(struct row){"-", name, "us/pwrite+pread", &s, NULL, NULL, TARGET_NONE, 0});
	series_free(&s);
}

void bench_floors(const struct bench_opts *o)
{
	report_section("Baselines");
	floors_design(o, 4096, PLACE_ONE_CPU);
	floors_design(o, 65536, PLACE_ONE_CPU);
	if (bench_place_cpu(PLACE_TWO_CPUS, true) >= 0) {
		floors_design(o, 4096, PLACE_TWO_CPUS);
		floors_design(o, 65536, PLACE_TWO_CPUS);
	}
	floors_disk(o, 4096);
	floors_disk(o, 65536);
}
