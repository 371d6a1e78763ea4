/* SPDX-License-Identifier: MIT */
/*
 * Per-process statistics of an in-process run. The pager forgets a process
 * at vm_destroy, so its record is taken as it exits; for a process killed by
 * a fault, the counters are its record before the killing step plus what
 * that step added to the global counters (only it ran), and the gauges are
 * those before the step. Printed as '#' lines and as JSON at the end.
 */
#ifndef PGD_RUN_PROCSTATS_H
#define PGD_RUN_PROCSTATS_H

#include <stdio.h>
#include <sys/types.h>

struct procstats;

struct procstats *procstats_new(void);
void procstats_free(struct procstats *ps);
/* Before a step of pid that may kill it. */
void procstats_before(struct procstats *ps, pid_t pid);
/* pid is about to exit normally: record it now. */
void procstats_exiting(struct procstats *ps, pid_t pid);
/* pid was killed during the step announced by procstats_before. */
void procstats_killed(struct procstats *ps, pid_t pid);
/* '#' lines through the event log: one per process (in pid order), then
 * the global one. Call while the machine runs (before inproc_stop). */
void procstats_log(struct procstats *ps);
/* {"processes":[...],"global":{...}} and a newline to f. 0 or -errno. */
int procstats_json(struct procstats *ps, FILE *f);

#endif
