/* SPDX-License-Identifier: MIT */
/*
 * What every benchmark shares: the run's options, a monotonic clock, series
 * of repeated measurements with their median and spread, and the results
 * table. Figures are compared with a baseline measured in the same run, rep
 * by rep, because this machine is shared and noisy: a figure and its
 * baseline are taken side by side, and the ratio is the median of the
 * per-rep ratios.
 */
#ifndef PAGERD_BENCH_HARNESS_H
#define PAGERD_BENCH_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The run's options; immutable once parsed. */
struct bench_opts {
	bool quick;           /* tiny sizes, one rep: proves the benchmarks still run */
	unsigned int reps;    /* repetitions of every measurement */
	const char *swap_dir; /* the swap file's directory (NULL: $TMPDIR or /tmp) */
	const char *pagerd;   /* the daemon binary */
	const char *client;   /* pgd-bench-client, which pagerd runs */
};

/* Repeated measurements of one figure, in the order they were taken. */
struct series {
	double *v;
	size_t n;
	size_t cap;
};

/* How a figure is judged against its target. */
enum target_kind {
	TARGET_NONE,      /* information only */
	TARGET_RATIO_MAX, /* the ratio to the baseline must be at most target */
	TARGET_VALUE_MIN, /* the median must be at least target */
	TARGET_VALUE_MAX, /* the median must be at most target */
};

/* One row of the results table. base may be NULL (no baseline). */
struct row {
	const char *target; /* e.g. "1" (the target number) or "-" */
	const char *name;
	const char *unit;
	const struct series *s;
	const struct series *base; /* same number of reps as s */
	const char *base_name;
	enum target_kind kind;
	double limit;
};

/* Where the client side of a benchmark (this process and what it forks)
 * and its server (the floor's echo server, or pagerd and its threads) run.
 * A round trip between processes costs several times more across CPUs on
 * this machine (the wakeup of an idle virtual CPU) than on one, and left to
 * itself the scheduler picks either, so both are pinned: the client to the
 * first CPU of the run, the server to the same CPU or to the second. */
enum placement { PLACE_ONE_CPU, PLACE_TWO_CPUS };

/* The CPU of the client (server false) or server under p; -1 if the run
 * may use too few CPUs. */
int bench_place_cpu(enum placement p, bool server);
/* Pin the calling process there (dies if impossible); bench_unplace: back
 * to the CPUs the run started with. */
void bench_place(enum placement p, bool server);
void bench_unplace(void);
const char *bench_place_name(enum placement p);

uint64_t bench_now_ns(void);

void series_add(struct series *s, double v);
void series_free(struct series *s);
/* Median and range of s; 0 for an empty series. */
double series_median(const struct series *s);
double series_min(const struct series *s);
double series_max(const struct series *s);
/* The per-rep ratios s[i] / base[i], as a new series. */
struct series series_ratio(const struct series *s, const struct series *base);

/* The results: a section starts a table; rows go into it; notes are
 * printed under it, when the next section starts or at report_flush. */
void report_section(const char *title);
void report_row(const struct row *r);
void report_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_flush(void);

/* Exit with a message (the benchmark cannot go on, e.g. setup failed). */
void bench_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
