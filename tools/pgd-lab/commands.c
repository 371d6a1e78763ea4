/* SPDX-License-Identifier: MIT */
/* pgd-lab sim, mrc, compare and convert: simulations into tables, traces
 * into files (commands.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "plot.h"

static double lab_ratio(uint64_t misses, uint64_t refs)
{
	return refs ? (double)misses / (double)refs : 0.0;
}

int lab_sim(const struct lab_args *a, const struct trace *t)
{
	static const char *const header[] = {"policy", "frames", "refs", "faults", "hits",
					     "soft_faults", "evictions_clean",
					     "evictions_dirty", "miss_ratio"};
	struct output o = {.nr_cols = 9, .header = header, .first_numeric = 1};
	struct progress progress;
	struct lab_ctx ctx = {.frames = a->frames_lo, .t = t, .seed = a->seed, .progress = &progress};
	uint64_t *next = trace_next_use(t);
	struct lab_result r;
	int ret = 1, sim;

	ctx.next = next;
	progress_start(&progress, "sim", t->n);
	sim = next ? lab_simulate(a->policies[0], &ctx, &r) : -1;
	progress_end(&progress);
	if (sim < 0 || output_row(&o)) {
		fprintf(stderr, "pgd-lab: out of memory\n");
		goto out;
	}
	if (sim)
		fprintf(stderr, "pgd-lab: interrupted: %llu of %llu references replayed\n",
			(unsigned long long)r.refs, (unsigned long long)t->n);
	output_cell(&o, 0, "%s", a->policies[0]->name);
	output_cell(&o, 1, "%u", a->frames_lo);
	output_cell(&o, 2, "%llu", (unsigned long long)r.refs);
	output_cell(&o, 3, "%llu", (unsigned long long)r.faults);
	output_cell(&o, 4, "%llu", (unsigned long long)r.hits);
	output_cell(&o, 5, "%llu", (unsigned long long)r.soft_faults);
	output_cell(&o, 6, "%llu", (unsigned long long)r.evictions_clean);
	output_cell(&o, 7, "%llu", (unsigned long long)r.evictions_dirty);
	output_cell(&o, 8, "%.6f", lab_ratio(r.faults, r.refs));
	output_print(&o, a->output, stdout);
	ret = sim ? LAB_INTERRUPTED : 0;
out:
	output_free(&o);
	free(next);
	return ret;
}

/* A row for each size with a point done (the others blank). */
static int lab_mrc_rows(const struct lab_args *a, const struct trace *t, uint64_t **misses,
			struct output *o)
{
	size_t sizes = (size_t)a->frames_hi - a->frames_lo + 1;

	for (size_t s = 0; s < sizes; s++) {
		bool any = false;

		for (unsigned int p = 0; p < a->nr_policies; p++)
			any |= misses[p][s] != LAB_NOT_DONE;
		if (!any)
			continue;
		if (output_row(o))
			return -1;
		output_cell(o, 0, "%zu", a->frames_lo + s);
		for (unsigned int p = 0; p < a->nr_policies; p++)
			if (misses[p][s] != LAB_NOT_DONE)
				output_cell(o, p + 1, "%.6f", lab_ratio(misses[p][s], t->n));
	}
	return 0;
}

static int lab_plot(const struct lab_args *a, const struct output *o)
{
	const char *base = strrchr(a->trace, '/');
	char title[256];

	snprintf(title, sizeof(title), "Miss ratio of %s", base ? base + 1 : a->trace);
	return plot_draw(o, a->plot, title, "frames", "miss ratio (faults / references)");
}

int lab_mrc(const struct lab_args *a, const struct trace *t)
{
	const char *header[LAB_MAX_POLICIES + 1] = {"frames"};
	struct output o = {.nr_cols = a->nr_policies + 1, .header = header, .first_numeric = 0};
	uint64_t *misses[LAB_MAX_POLICIES] = {0};
	size_t sizes = (size_t)a->frames_hi - a->frames_lo + 1;
	struct progress progress;
	uint64_t per_size = 0;
	int ret = 0, curves;

	for (unsigned int p = 0; p < a->nr_policies; p++) {
		header[p + 1] = a->policies[p]->name;
		misses[p] = malloc(sizes * sizeof(**misses));
		ret = ret || !misses[p];
		per_size += strcmp(header[p + 1], "lru") && strcmp(header[p + 1], "opt");
	}
	if (a->plot && plot_check(a->plot)) {
		ret = 1;
		goto out;
	}
	progress_start(&progress, "mrc", t->n * (a->nr_policies - per_size + per_size * sizes));
	curves = ret ? -1 : lab_curves(a, t, misses, &progress);
	progress_end(&progress);
	if (curves < 0) {
		fprintf(stderr, "pgd-lab: out of memory\n");
		ret = 1;
		goto out;
	}
	if (lab_mrc_rows(a, t, misses, &o)) {
		fprintf(stderr, "pgd-lab: out of memory\n");
		ret = 1;
		goto out;
	}
	if (curves)
		fprintf(stderr, "pgd-lab: interrupted: %zu of %zu sizes done\n", o.nr_rows, sizes);
	output_print(&o, a->output, stdout);
	fflush(stdout);
	ret = curves ? LAB_INTERRUPTED : a->plot && lab_plot(a, &o) ? 1 : 0;
out:
	for (unsigned int p = 0; p < a->nr_policies; p++)
		free(misses[p]);
	output_free(&o);
	return ret;
}

int lab_convert(const struct lab_args *a, const struct trace *t)
{
	char err[512];

	if (tracefmt_write(a->out, a->to, &a->fmt_opts, t, err, sizeof(err))) {
		fprintf(stderr, "pgd-lab: %s\n", err);
		return 1;
	}
	return 0;
}

/* The faults of clock at ctx's size, for compare's last column; 0 if it
 * cannot be run. */
static uint64_t lab_clock_faults(const struct lab_ctx *ctx)
{
	const struct lab_policy *clock = lab_policy_find("clock");
	struct lab_result r;

	return clock && !lab_simulate(clock, ctx, &r) ? r.faults : 0;
}

int lab_compare(const struct lab_args *a, const struct trace *t)
{
	static const char *const header[] = {"policy", "frames", "faults", "soft_faults",
					     "evictions_clean", "evictions_dirty", "io_reads",
					     "io_writes", "miss_ratio", "faults_vs_clock"};
	struct output o = {.nr_cols = 10, .header = header, .first_numeric = 1};
	struct lab_ctx ctx = {.frames = a->frames_lo, .t = t, .seed = a->seed};
	uint64_t *next = trace_next_use(t), clock;
	int ret = 1;

	ctx.next = next;
	if (!next)
		goto out_nomem;
	clock = lab_clock_faults(&ctx);
	for (unsigned int p = 0; p < a->nr_policies; p++) {
		struct lab_result r;

		if (lab_simulate(a->policies[p], &ctx, &r) || output_row(&o))
			goto out_nomem;
		output_cell(&o, 0, "%s", a->policies[p]->name);
		output_cell(&o, 1, "%u", a->frames_lo);
		output_cell(&o, 2, "%llu", (unsigned long long)r.faults);
		output_cell(&o, 3, "%llu", (unsigned long long)r.soft_faults);
		output_cell(&o, 4, "%llu", (unsigned long long)r.evictions_clean);
		output_cell(&o, 5, "%llu", (unsigned long long)r.evictions_dirty);
		/* every page's first reference misses and reads nothing back */
		output_cell(&o, 6, "%llu", (unsigned long long)(r.faults - t->nr_pages));
		output_cell(&o, 7, "%llu", (unsigned long long)r.evictions_dirty);
		output_cell(&o, 8, "%.6f", lab_ratio(r.faults, r.refs));
		output_cell(&o, 9, "%.4f", clock ? (double)r.faults / (double)clock : 0.0);
	}
	output_print(&o, a->output, stdout);
	ret = 0;
	goto out;
out_nomem:
	fprintf(stderr, "pgd-lab: out of memory\n");
out:
	output_free(&o);
	free(next);
	return ret;
}
