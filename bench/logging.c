/* SPDX-License-Identifier: MIT */
/*
 * Target 6, in process: what logging costs. The "every touch faults, with a
 * dirty victim" workload (4 KiB pages) runs with logging off and with the
 * log going to a file on the swap file's file system; the log's own output
 * is the time to write the same lines, already formatted, to such a file
 * with the same stdio calls per line. The goal: logging on costs no more
 * than its output, in a small arena and in a large one (where a dump that
 * walks the whole page table would show).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "benches.h"
#include "workload.h"

#define LOG_FRAMES 64u
#define LOG_PAGES  126u

/* A private, unlinked file in the swap directory, as a stdio stream. */
static FILE *logging_tmpfile(const struct bench_opts *o)
{
	const char *dir = o->swap_dir ? o->swap_dir : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;

	if (!f)
		bench_die("a log file in %s: %s", dir, strerror(errno));
	return f;
}

/* One run of the workload: its cost, and where its timed part's lines lie
 * in the log. */
struct logging_run {
	double ns;       /* per fault */
	uint64_t faults; /* in the timed part */
	long from, to;   /* byte offsets in the log of the timed part */
};

static struct logging_run logging_run(const struct bench_opts *o, size_t arena, FILE *log,
                                      uint64_t min_faults)
{
	struct workload_geom g = {4096, LOG_FRAMES, LOG_PAGES, arena, log};
	uint64_t passes = (min_faults + LOG_PAGES - 1) / LOG_PAGES;
	struct logging_run run = {0};
	uint64_t f0, t0, t1;

	workload_start(o, &g);
	workload_evict_setup(1, LOG_PAGES);
	f0 = workload_faults();
	run.from = log ? ftell(log) : 0;
	t0 = bench_now_ns();
	for (uint64_t i = 0; i < passes; i++)
		workload_evict_pass(1, LOG_PAGES);
	t1 = bench_now_ns();
	run.to = log ? ftell(log) : 0;
	run.faults = workload_faults() - f0;
	run.ns = (double)(t1 - t0) / (double)run.faults;
	workload_stop(); /* flushes the log, outside the timing */
	return run;
}

/* Read the lines of log[run->from, run->to) into memory, then time writing
 * them to a new file, one stdio call per line as the log makes; ns per
 * fault. */
static double logging_output(const struct bench_opts *o, FILE *log, const struct logging_run *run)
{
	FILE *to = logging_tmpfile(o);
	size_t len = (size_t)(run->to - run->from), nr = 0;
	char *text = malloc(len);
	size_t *ends = NULL; /* where each line ends */
	uint64_t t0, t1;

	if (!text || fseek(log, run->from, SEEK_SET) || fread(text, 1, len, log) != len)
		bench_die("reading the log back: %s", strerror(errno));
	for (size_t i = 0; i < len; i++)
		nr += text[i] == '\n';
	ends = malloc(nr * sizeof(*ends));
	if (!ends)
		bench_die("out of memory");
	nr = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			ends[nr++] = i + 1;
	t0 = bench_now_ns();
	for (size_t i = 0; i < nr; i++)
		fwrite(text + (i ? ends[i - 1] : 0), 1, ends[i] - (i ? ends[i - 1] : 0), to);
	fflush(to);
	t1 = bench_now_ns();
	free(ends);
	free(text);
	fclose(to);
	return (double)(t1 - t0) / (double)run->faults;
}

static void logging_arena(const struct bench_opts *o, size_t arena)
{
	uint64_t min_faults = o->quick ? 200 : 5000;
	struct series over = {0}, out = {0}, bytes = {0};
	char name[96];

	for (unsigned int r = 0; r < o->reps; r++) {
		FILE *log = logging_tmpfile(o);
		struct logging_run off = logging_run(o, arena, NULL, min_faults);
		struct logging_run on = logging_run(o, arena, log, min_faults);

		series_add(&over, (on.ns - off.ns) / 1e3);
		series_add(&out, logging_output(o, log, &on) / 1e3);
		series_add(&bytes, (double)(on.to - on.from) / (double)on.faults);
		fclose(log);
	}
	snprintf(name, sizeof(name), "logging on minus off, arena %zu pages", arena);
	report_row(&(struct row){"6", name, "us/fault", &over, &out, "us output of the lines",
	                         TARGET_RATIO_MAX, 1});
	snprintf(name, sizeof(name), "log bytes per fault, arena %zu pages", arena);
	report_row(&(struct row){"6", name, "bytes", &bytes, NULL, NULL, TARGET_NONE, 0});
	series_free(&over);
	series_free(&out);
	series_free(&bytes);
}

void bench_logging(const struct bench_opts *o)
{
	report_section("Target 6: logging (in process, 4 KiB pages, every touch faults)");
	logging_arena(o, 256);
	logging_arena(o, o->quick ? 1024 : 65536);
}
