/* SPDX-License-Identifier: MIT */
/*
 * Formatting of pager statistics (struct pgd_stats): the '#' lines printed
 * at the end of a run and the JSON served on request, both documented in
 * docs/workloads.md ("Statistics"). Pure functions over a buffer; the table
 * of fields is shared so that every user names and orders them the same way.
 */
#ifndef PAGERD_STATSFMT_H
#define PAGERD_STATSFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pagerd/stats.h"

/* Room for either form of one record, whatever the values. */
#define STATSFMT_MAX 1024

struct statsfmt_field {
	const char *group; /* the line's group word: "faults", "evictions", ... */
	const char *name;  /* the key within the group: "zero-fill" */
	const char *json;  /* the JSON key: the struct field's name */
	size_t offset;     /* in struct pgd_stats */
	bool counter;      /* an event count (else a gauge of what is held now) */
	bool global_only;  /* meaningless per process: left out of process records */
};

extern const struct statsfmt_field statsfmt_fields[];
extern const size_t statsfmt_nr_fields;

uint64_t statsfmt_get(const struct pgd_stats *s, const struct statsfmt_field *f);

/* "stats global: faults zero-fill=3 ..." (pid 0) or "stats pid 1001: ...",
 * without the leading "# " (evlog_comment adds it) and without a newline.
 * The length written, or -ENOSPC if len is too small. */
int statsfmt_line(char *buf, size_t len, pid_t pid, const struct pgd_stats *s);
/* One JSON object: {"pid":1001,"faults_zero_fill":1,...}; pid 0 is the
 * whole pager. The length written, or -ENOSPC. */
int statsfmt_json(char *buf, size_t len, pid_t pid, const struct pgd_stats *s);
/* The inverse of statsfmt_line: line (NUL-terminated, without "# " or a
 * newline) gives *pid (0 for the global line) and *s (the fields a process
 * line leaves out are 0). Strict: 0 only for exactly what statsfmt_line
 * writes, else -EINVAL. */
int statsfmt_parse(const char *line, pid_t *pid, struct pgd_stats *s);

#endif
