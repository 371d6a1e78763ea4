/* SPDX-License-Identifier: MIT */
/*
 * The step-through report (pgd-run --html): while an in-process run or a
 * replay goes, the state after every pager call is recorded as deltas from
 * the state before it (frames, the policy's order and swap use, PTEs) with
 * a full keyframe every REPORT_KEYFRAME steps, and the event log is teed
 * so that each step knows its lines. At the end both are deflated, base64
 * encoded and written into one self-contained HTML file with the shared
 * renderer (tools/web/render.js) and report.js. Format: docs/usage.md.
 */
#ifndef PGD_RUN_REPORT_H
#define PGD_RUN_REPORT_H

#include <stdio.h>

struct report;

/* Start recording for the report to path (created now, so that a path that
 * cannot be written fails before the run); the machine's log must be
 * *log_out, which writes through to log (NULL: the log is kept for the
 * report only). 0 or -errno (message on stderr). */
int report_start(const char *path, FILE *log, struct report **out, FILE **log_out);
/* The machine observer (machine_observe): record one step. */
void report_step(void *report);
/* Write the report, titled title; free everything. 0 or -errno (message
 * on stderr). */
int report_finish(struct report *r, const char *title);

#endif
