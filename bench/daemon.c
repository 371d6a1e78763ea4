/* SPDX-License-Identifier: MIT */
/*
 * Targets 1 and 2 (and daemon-side checks of 3, 5 and 6) through the real
 * daemon: a serving `pagerd --no-log` with the job's machine, and one
 * pgd-bench-client process per sample, which attaches, maps its pages and
 * times its own stores. A first client warms the daemon up (its physical
 * memory is touched once, as in a daemon that has been serving). The design
 * floor (and for evictions the disk floor) is sampled in the same rep, with
 * the same page size, number of faults and CPU placement; the ratio is
 * taken rep by rep.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benches.h"
#include "floors.h"
#include "spawn.h"

/* The eviction workload: 63 usable frames, twice as many pages. */
#define DAEMON_FRAMES 64u
#define DAEMON_PAGES  126u

static void daemon_name(char *name, size_t len, const char *what, size_t page_size,
                        enum placement p)
{
	snprintf(name, len, "%s, %zu KiB pages, %s", what, page_size >> 10, bench_place_name(p));
}

/* One client's ns per store. */
static double daemon_sample(const struct bench_opts *o, const struct spawn_daemon *d,
                            const char *mode, const size_t *args)
{
	double ns;

	spawn_client(o, d, mode, args, &ns, 1);
	return ns;
}

/* Target 1: first stores to never-written pages, none evicting. */
static void daemon_zero_fill(const struct bench_opts *o, size_t page_size, enum placement p)
{
	size_t n = o->quick ? 32 : 1000, args[] = {n, 0};
	struct spawn_config c = {.page_size = page_size,
	                         .frames = (unsigned int)n + 1,
	                         .blocks = (unsigned int)n,
	                         .arena = n > 256 ? n : 256,
	                         .place = p};
	struct series fault = {0}, floor = {0};
	struct design_floor *f;
	struct spawn_daemon *d;
	char name[96];

	bench_place(p, false);
	f = design_floor_start(page_size, n, p);
	d = spawn_daemon_start(o, &c);
	daemon_sample(o, d, "zero-fill", args);
	for (unsigned int r = 0; r < o->reps; r++) {
		series_add(&floor, design_floor_sample(f) / 1e3);
		series_add(&fault, daemon_sample(o, d, "zero-fill", args) / 1e3);
	}
	spawn_daemon_stop(d);
	design_floor_stop(f);
	bench_unplace();
	daemon_name(name, sizeof(name), "zero-fill fault through pagerd", page_size, p);
	report_row(&(struct row){"1", name, "us/fault", &fault, &floor, "us design floor",
	                         TARGET_RATIO_MAX, 1.5});
	series_free(&fault);
	series_free(&floor);
}

/* The eviction workload's machine: 63 usable frames, twice as many pages;
 * every store swaps its page in and evicts a dirty one. */
static struct spawn_config daemon_evict_config(size_t page_size, enum placement p)
{
	return (struct spawn_config){.page_size = page_size,
	                             .frames = DAEMON_FRAMES,
	                             .blocks = DAEMON_PAGES,
	                             .arena = 256,
	                             .place = p};
}

/* Target 2. */
static void daemon_evict(const struct bench_opts *o, size_t page_size, enum placement p)
{
	size_t passes = o->quick ? 1 : 8, n = passes * DAEMON_PAGES;
	size_t args[] = {DAEMON_PAGES, passes, 0};
	struct spawn_config c = daemon_evict_config(page_size, p);
	struct series fault = {0}, floor = {0};
	struct design_floor *f;
	struct disk_floor *disk;
	struct spawn_daemon *d;
	char name[96];

	bench_place(p, false);
	f = design_floor_start(page_size, n, p);
	disk = disk_floor_start(o->swap_dir, page_size, DAEMON_PAGES, DAEMON_FRAMES - 1);
	d = spawn_daemon_start(o, &c);
	daemon_sample(o, d, "evict", args);
	for (unsigned int r = 0; r < o->reps; r++) {
		double design = design_floor_sample(f);

		series_add(&floor, (design + disk_floor_sample(disk, (unsigned int)n)) / 1e3);
		series_add(&fault, daemon_sample(o, d, "evict", args) / 1e3);
	}
	spawn_daemon_stop(d);
	disk_floor_stop(disk);
	design_floor_stop(f);
	bench_unplace();
	daemon_name(name, sizeof(name), "fault with eviction through pagerd", page_size, p);
	report_row(&(struct row){"2", name, "us/fault", &fault, &floor, "us design + disk floor",
	                         TARGET_RATIO_MAX, 1.5});
	series_free(&fault);
	series_free(&floor);
}

/* Two daemons side by side, a client of each per rep: the second's ns per
 * store against the first's. */
static void daemon_compare(const struct bench_opts *o, const struct spawn_config *ca,
                           const size_t *aa, const struct spawn_config *cb, const size_t *ab,
                           struct series *a, struct series *b)
{
	struct spawn_daemon *da = spawn_daemon_start(o, ca), *db = spawn_daemon_start(o, cb);

	daemon_sample(o, da, "evict", aa);
	daemon_sample(o, db, "evict", ab);
	for (unsigned int r = 0; r < o->reps; r++) {
		series_add(a, daemon_sample(o, da, "evict", aa) / 1e3);
		series_add(b, daemon_sample(o, db, "evict", ab) / 1e3);
	}
	spawn_daemon_stop(da);
	spawn_daemon_stop(db);
}

/* Target 3, client side: the eviction workload with many more pages
 * mapped than touched, in an arena that holds them all either way (16384
 * pages; tests/client maps a whole 2^16-page arena). */
static void daemon_mapped(const struct bench_opts *o)
{
	size_t passes = o->quick ? 1 : 8, many = o->quick ? 1024 : 16384;
	size_t few_args[] = {DAEMON_PAGES, passes, DAEMON_PAGES},
	       lots_args[] = {DAEMON_PAGES, passes, many};
	struct spawn_config few = daemon_evict_config(4096, PLACE_ONE_CPU), lots;
	struct series a = {0}, b = {0};
	char name[96];

	few.arena = many;
	lots = few;
	lots.blocks = (unsigned int)many;
	daemon_compare(o, &few, few_args, &lots, lots_args, &a, &b);
	snprintf(name, sizeof(name), "fault with eviction through pagerd, %u of %zu pages mapped",
	         DAEMON_PAGES, many);
	report_row(&(struct row){"3", name, "us/fault", &b, &a, "us with 126 mapped",
	                         TARGET_RATIO_MAX, 1.3});
	series_free(&a);
	series_free(&b);
}

/* A file in the swap directory for what (the log, a recording), into path;
 * removed by the caller. */
static void daemon_tmpfile(const struct bench_opts *o, const char *what, char *path, size_t len)
{
	const char *dir = o->swap_dir ? o->swap_dir : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int fd;

	snprintf(path, len, "%s/pgd-bench-%s.XXXXXX", dir, what);
	fd = mkstemp(path);
	if (fd < 0)
		bench_die("a %s file in %s: %s", what, dir, strerror(errno));
	close(fd);
}

/* Target 6, through pagerd: the eviction workload with the log going to a
 * file in the swap directory (or, with record, --record to such a file),
 * against neither. */
static void daemon_to_file(const struct bench_opts *o, bool record)
{
	size_t args[] = {DAEMON_PAGES, o->quick ? 1 : 8, 0};
	struct spawn_config off = daemon_evict_config(4096, PLACE_ONE_CPU), on = off;
	struct series a = {0}, b = {0};
	char path[4096];

	daemon_tmpfile(o, record ? "record" : "log", path, sizeof(path));
	if (record)
		on.record = path;
	else
		on.log = path;
	daemon_compare(o, &off, args, &on, args, &a, &b);
	unlink(path);
	report_row(&(struct row){"6",
	                         record ? "fault with eviction through pagerd, --record to a file, one CPU"
	                                : "fault with eviction through pagerd, log to a file, one CPU",
	                         "us/fault", &b, &a, "us with --no-log", TARGET_NONE, 0});
	series_free(&a);
	series_free(&b);
}

/* Target 5, daemon side: pagerd's anonymous memory per mapped, written
 * page (its heap; physical memory and page tables are memfds), in a fresh
 * daemon each rep so that no freed memory is reused. 16384 pages: see
 * daemon_mapped for the client's limit. */
static void daemon_rss(const struct bench_opts *o)
{
	size_t n = o->quick ? 1024 : 16384, args[] = {n, 0};
	struct spawn_config c = {.page_size = 4096,
	                         .frames = DAEMON_FRAMES,
	                         .blocks = (unsigned int)n,
	                         .arena = n,
	                         .place = PLACE_ONE_CPU};
	struct series per = {0};

	for (unsigned int r = 0; r < o->reps; r++) {
		struct spawn_daemon *d = spawn_daemon_start(o, &c);
		double rss[2];

		spawn_client(o, d, "rss", args, rss, 2);
		spawn_daemon_stop(d);
		series_add(&per, (rss[1] - rss[0]) / (double)n);
	}
	report_row(&(struct row){"5", "pagerd RssAnon per mapped, written page", "bytes", &per,
	                         NULL, NULL, TARGET_VALUE_MAX, 16});
	series_free(&per);
}

void bench_daemon(const struct bench_opts *o)
{
	static const enum placement places[] = {PLACE_ONE_CPU, PLACE_TWO_CPUS};
	size_t nr_places = bench_place_cpu(PLACE_TWO_CPUS, true) < 0 ? 1 : 2;

	report_section("Targets 1, 2 (and 3, 5, 6): faults through pagerd --no-log");
	for (size_t i = 0; i < nr_places; i++) {
		daemon_zero_fill(o, 4096, places[i]);
		daemon_zero_fill(o, 65536, places[i]);
	}
	for (size_t i = 0; i < nr_places; i++) {
		daemon_evict(o, 4096, places[i]);
		daemon_evict(o, 65536, places[i]);
	}
	daemon_mapped(o);
	daemon_to_file(o, false);
	daemon_to_file(o, true);
	daemon_rss(o);
	report_note("pagerd serves a private socket; each sample is a new pgd-bench-client "
	            "process, which times its stores. \"one CPU\": the floor's client and "
	            "server, pagerd and its clients all run on one CPU; \"two CPUs\": the "
	            "servers (the floor's, and pagerd with its threads) on one, the clients on "
	            "another.");
}
