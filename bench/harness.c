/* SPDX-License-Identifier: MIT */
/*
 * The benchmarks' clock, series statistics and results table (a Markdown
 * table on standard output, so that a run pastes straight into
 * bench/README.md). Each row shows the median and range of a figure, its
 * baseline's median, the median and range of the per-rep ratios, the goal
 * and whether it is met.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* The CPUs the run started with. Main thread. */
static cpu_set_t *harness_cpus(void)
{
	static cpu_set_t start;
	static bool saved;

	if (!saved && sched_getaffinity(0, sizeof(start), &start) < 0)
		bench_die("sched_getaffinity: %s", strerror(errno));
	saved = true;
	return &start;
}

int bench_place_cpu(enum placement p, bool server)
{
	int want = p == PLACE_TWO_CPUS && server ? 2 : 1;

	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, harness_cpus()) && --want == 0)
			return cpu;
	return -1;
}

void bench_place(enum placement p, bool server)
{
	int cpu = bench_place_cpu(p, server);
	cpu_set_t one;

	if (cpu < 0)
		bench_die("this run may not use two CPUs");
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		bench_die("sched_setaffinity: %s", strerror(errno));
}

void bench_unplace(void)
{
	if (sched_setaffinity(0, sizeof(cpu_set_t), harness_cpus()) < 0)
		bench_die("sched_setaffinity: %s", strerror(errno));
}

const char *bench_place_name(enum placement p)
{
	return p == PLACE_ONE_CPU ? "one CPU" : "two CPUs";
}

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void series_add(struct series *s, double v)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		double *nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			bench_die("out of memory");
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = v;
}

void series_free(struct series *s)
{
	free(s->v);
	*s = (struct series){0};
}

static int harness_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double series_median(const struct series *s)
{
	double *sorted, m;

	if (!s->n)
		return 0;
	sorted = malloc(s->n * sizeof(*sorted));
	if (!sorted)
		bench_die("out of memory");
	memcpy(sorted, s->v, s->n * sizeof(*sorted));
	qsort(sorted, s->n, sizeof(*sorted), harness_cmp);
	m = s->n % 2 ? sorted[s->n / 2] : (sorted[s->n / 2 - 1] + sorted[s->n / 2]) / 2;
	free(sorted);
	return m;
}

double series_min(const struct series *s)
{
	double m = s->n ? s->v[0] : 0;

	for (size_t i = 1; i < s->n; i++)
		m = fmin(m, s->v[i]);
	return m;
}

double series_max(const struct series *s)
{
	double m = s->n ? s->v[0] : 0;

	for (size_t i = 1; i < s->n; i++)
		m = fmax(m, s->v[i]);
	return m;
}

struct series series_ratio(const struct series *s, const struct series *base)
{
	struct series r = {0};

	if (s->n != base->n)
		bench_die("internal: a figure and its baseline have %zu and %zu reps", s->n,
		          base->n);
	for (size_t i = 0; i < s->n; i++)
		series_add(&r, base->v[i] ? s->v[i] / base->v[i] : 0);
	return r;
}

/* Three significant digits, and no exponent for the sizes we print. */
static void harness_fmt(char *buf, size_t len, double v)
{
	if (fabs(v) >= 1000 || v == 0 || v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.3g", v);
}

static void harness_header(void)
{
	printf("| target | benchmark | median | range | unit | baseline | ratio [range] | goal | "
	       "verdict |\n");
	printf("|---|---|---|---|---|---|---|---|---|\n");
}

/* "met", or how far from the goal the figure is. */
static void harness_verdict(char *buf, size_t len, enum target_kind kind, double got, double limit)
{
	switch (kind) {
	case TARGET_NONE:
		snprintf(buf, len, "-");
		break;
	case TARGET_RATIO_MAX:
	case TARGET_VALUE_MAX:
		if (got <= limit)
			snprintf(buf, len, "met");
		else
			snprintf(buf, len, "**missed** (%.2fx the goal)", got / limit);
		break;
	case TARGET_VALUE_MIN:
		if (got >= limit)
			snprintf(buf, len, "met");
		else
			snprintf(buf, len, "**missed** (%.2fx the goal)", got / limit);
		break;
	}
}

void report_row(const struct row *r)
{
	char med[32], lo[32], hi[32], base[64] = "-", ratio[64] = "-", goal[48] = "-";
	char verdict[64];
	double got = series_median(r->s);

	harness_fmt(med, sizeof(med), got);
	harness_fmt(lo, sizeof(lo), series_min(r->s));
	harness_fmt(hi, sizeof(hi), series_max(r->s));
	if (r->base) {
		struct series q = series_ratio(r->s, r->base);
		char bm[32];

		harness_fmt(bm, sizeof(bm), series_median(r->base));
		snprintf(base, sizeof(base), "%s %s", bm, r->base_name);
		snprintf(ratio, sizeof(ratio), "%.2f [%.2f-%.2f]", series_median(&q),
		         series_min(&q), series_max(&q));
		if (r->kind == TARGET_RATIO_MAX)
			got = series_median(&q);
		series_free(&q);
	}
	if (r->kind == TARGET_RATIO_MAX)
		snprintf(goal, sizeof(goal), "ratio <= %.2f", r->limit);
	else if (r->kind == TARGET_VALUE_MIN)
		snprintf(goal, sizeof(goal), ">= %.3g", r->limit);
	else if (r->kind == TARGET_VALUE_MAX)
		snprintf(goal, sizeof(goal), "<= %.3g", r->limit);
	harness_verdict(verdict, sizeof(verdict), r->kind, got, r->limit);
	printf("| %s | %s | %s | %s-%s | %s | %s | %s | %s | %s |\n", r->target, r->name, med, lo,
	       hi, r->unit, base, ratio, goal, verdict);
	fflush(stdout);
}

/* Notes wait for the end of the current table. Main thread. */
static char *harness_notes;
static size_t harness_notes_len;

void report_flush(void)
{
	if (harness_notes_len) /* each note ends in a blank line; not the last */
		printf("\n%.*s", (int)harness_notes_len - 1, harness_notes);
	free(harness_notes);
	harness_notes = NULL;
	harness_notes_len = 0;
	fflush(stdout);
}

void report_section(const char *title)
{
	report_flush();
	printf("\n### %s\n\n", title);
	harness_header();
	fflush(stdout);
}

void report_note(const char *fmt, ...)
{
	va_list ap;
	char *note = NULL, *all;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&note, fmt, ap);
	va_end(ap);
	all = len < 0 ? NULL : realloc(harness_notes, harness_notes_len + (size_t)len + 3);
	if (!all)
		bench_die("out of memory");
	memcpy(all + harness_notes_len, note, (size_t)len);
	memcpy(all + harness_notes_len + len, "\n\n", 3);
	harness_notes = all;
	harness_notes_len += (size_t)len + 2;
	free(note);
}

void bench_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("pgd-bench: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}
