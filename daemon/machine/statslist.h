/* SPDX-License-Identifier: MIT */
/*
 * The statistics records of processes that ended, for the end-of-run
 * report that pagerd (statsrec.c) and pgd-run's in-process runs print
 * alike. Records arrive in any order and come out in pid order, one '#'
 * line or JSON record each, then the global statistics, in statsfmt's
 * formats.
 */
#ifndef PAGERD_STATSLIST_H
#define PAGERD_STATSLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "pagerd/stats.h"

struct statslist_rec {
	pid_t pid;
	struct pgd_stats st;
};

/* Every field: the thread that runs the pager (pagerd's pager thread,
 * pgd-run's only thread). Zero-initialized is empty. */
struct statslist {
	struct statslist_rec *recs;
	size_t nr, cap;
	bool lost; /* a record did not fit in memory */
};

/* Keep st as pid's record. 0, or -ENOMEM: the record is lost, and the '#'
 * lines will say that some are. */
int statslist_add(struct statslist *l, pid_t pid, const struct pgd_stats *st);
/* Through the event log: a '#' line per record in pid order, a note if
 * records were lost, then the global line. */
void statslist_log(struct statslist *l, const struct pgd_stats *global);
/* The same without the global line: the records and the note. */
void statslist_log_records(struct statslist *l);
/* {"processes":[...],"global":{...}} and a newline to f (docs/workloads.md).
 * 0 or -EIO. */
int statslist_json(struct statslist *l, const struct pgd_stats *global, FILE *f);
/* Forget every record; the list is empty again. */
void statslist_free(struct statslist *l);

#endif
