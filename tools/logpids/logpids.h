/* SPDX-License-Identifier: MIT */
/*
 * Pid normalization for pgd-grade and the tests that compare event logs
 * (semantics.md section 3). Pids differ from run to run and appear only in `vm_create\t(P, C)`,
 * `vm_switch\t(P)` and `returning to (P) with` lines; these functions renumber
 * them 1000, 1001, ... in order of first appearance (the numbers an
 * in-process run, launcher 1000, gives) and leave every other number alone.
 */
#ifndef PGD_LOGPIDS_H
#define PGD_LOGPIDS_H

/* The number the first pid of a log gets; the next ones follow it. */
#define LOGPIDS_FIRST 1000

/* The log without its '#' lines, pids renumbered (malloc'd; aborts when out
 * of memory). */
char *logpids_normalize(const char *log);
/* The log's '#' statistics lines ("# stats pid N: ..." and "# stats global:
 * ..."), each without its "# ", pids renumbered as the log's pid lines
 * number them; a pid no pid line names before its stats line gets -pid
 * (malloc'd; aborts when out of memory). */
char *logpids_stats(const char *log);

#endif
