/* SPDX-License-Identifier: MIT */
/*
 * The daemon's end-of-run statistics: a record of each process taken just
 * before its vm_destroy (the pager forgets its counters then), printed at
 * shutdown as '#' lines, one per process in pid order and then the global
 * one, exactly as pgd-run prints them for an in-process run. Pager thread
 * only. At most STATSREC_MAX records (or --stats-records) are kept: then
 * they are written at once, after a '#' line that says so, and forgotten.
 */
#ifndef PAGERD_STATSREC_H
#define PAGERD_STATSREC_H

#include <stddef.h>
#include <sys/types.h>

/* Records kept before they are written early (--stats-records's default). */
#define STATSREC_MAX 4096

/* Keep at most max records (>= 1). Before the pager thread starts. */
void statsrec_set_max(size_t max);

/* Record pid's statistics (machine_stats) now; nothing when logging is off
 * or the pager keeps none. Call just before vm_destroy of pid. */
void statsrec_add(pid_t pid);
/* Print the records and the global statistics as '#' lines, then forget
 * the records. */
void statsrec_log(void);

#endif
