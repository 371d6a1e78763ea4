/* SPDX-License-Identifier: MIT */
/*
 * The daemon's end-of-run statistics: a record of each process taken just
 * before its vm_destroy (the pager forgets its counters then), printed at
 * shutdown as '#' lines, one per process in pid order and then the global
 * one, exactly as pgd-run prints them for an in-process run. Pager thread
 * only.
 */
#ifndef PAGERD_STATSREC_H
#define PAGERD_STATSREC_H

#include <sys/types.h>

/* Record pid's statistics (machine_stats) now; nothing when logging is off
 * or the pager keeps none. Call just before vm_destroy of pid. */
void statsrec_add(pid_t pid);
/* Print the records and the global statistics as '#' lines, then forget
 * the records. */
void statsrec_log(void);

#endif
