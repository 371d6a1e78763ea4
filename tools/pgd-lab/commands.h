/* SPDX-License-Identifier: MIT */
/* pgd-lab's commands, once the command line is parsed (main.c). */
#ifndef PGD_LAB_COMMANDS_H
#define PGD_LAB_COMMANDS_H

#include <stdbool.h>
#include <stdint.h>

#include "lab.h"
#include "output.h"
#include "tracefmt.h"

#define LAB_MAX_POLICIES 32
#define LAB_INTERRUPTED 130 /* the shell's status for SIGINT */

enum lab_cmd { LAB_SIM, LAB_MRC, LAB_CONVERT, LAB_COMPARE }; /* as main.c's names */

struct lab_args {
	const struct lab_policy *policies[LAB_MAX_POLICIES];
	unsigned int nr_policies;
	uint32_t frames_lo, frames_hi; /* sim: lo == hi */
	uint64_t seed;
	enum tracefmt format;		 /* the trace's (convert: --from) */
	enum tracefmt to;		 /* convert's output */
	struct tracefmt_opts fmt_opts;
	enum output_format output;
	const char *plot;		 /* mrc --plot: NULL if none */
	const char *trace;		 /* compare: or the workload script */
	const char *out;		 /* convert's OUT */
	bool workload;			 /* compare: trace is a script (*.pgd) */
	bool in_process;		 /* compare on a workload: pgd-run --in-process */
};

/* 0, 1 for a failure (message on stderr), 130 if interrupted (what was
 * done is printed). */
int lab_sim(const struct lab_args *a, const struct trace *t);
int lab_mrc(const struct lab_args *a, const struct trace *t);
/* compare: every policy of a at frames_lo, and each one's faults against
 * clock's. */
int lab_compare(const struct lab_args *a, const struct trace *t);
int lab_convert(const struct lab_args *a, const struct trace *t);

/* workload.c: compare on a workload script (a->trace), run by pgd-run
 * under each policy of a (online ones; clock too, for faults_vs_clock). */
bool lab_workload_name(const char *arg);
/* The command line's checks for a workload (frames: --frames's argument,
 * NULL if none; trace_opts: --format or --page-size given); the online
 * policies by default. 0 or -EINVAL (message on stderr). */
int lab_workload_args(struct lab_args *a, const char *frames, bool trace_opts);
int lab_compare_workload(const struct lab_args *a);

#define LAB_NOT_DONE UINT64_MAX /* a curve's point not computed (interrupted) */

/* mrc's curves: misses[p][c - lo] for policy p, size c in [lo, hi]; one
 * pass for lru and opt (mrc.h), a simulation per size for the others,
 * reporting to progress (may be NULL). 0, or -1 out of memory, or 1
 * interrupted (the points not computed are LAB_NOT_DONE). Also for the
 * tests. */
int lab_curves(const struct lab_args *a, const struct trace *t, uint64_t **misses,
	       struct progress *progress);

#endif
