/* SPDX-License-Identifier: MIT */
/*
 * Statistics as text: one table of the fields of struct pgd_stats (group,
 * key, JSON name, counter or gauge) drives both the '#' line and the JSON
 * object, so the two forms cannot drift apart. Process records leave out the
 * gauges that only mean something for the whole pager (ghost and free
 * frames). Parsing walks the same table and then formats what it read, so
 * that only text statsfmt_line would write is accepted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "statsfmt.h"

#define STATSFMT_FIELD(grp, key, field, is_counter, is_global)                                     \
	{                                                                                          \
		.group = grp, .name = key, .json = #field,                                         \
		.offset = offsetof(struct pgd_stats, field), .counter = is_counter,                \
		.global_only = is_global                                                           \
	}

const struct statsfmt_field statsfmt_fields[] = {
    STATSFMT_FIELD("faults", "zero-fill", faults_zero_fill, true, false),
    STATSFMT_FIELD("faults", "swap-in", faults_swap_in, true, false),
    STATSFMT_FIELD("faults", "file-in", faults_file_in, true, false),
    STATSFMT_FIELD("faults", "cow-copy", faults_cow_copy, true, false),
    STATSFMT_FIELD("faults", "permission", faults_permission, true, false),
    STATSFMT_FIELD("faults", "failed", faults_failed, true, false),
    STATSFMT_FIELD("evictions", "clean", evictions_clean, true, false),
    STATSFMT_FIELD("evictions", "dirty", evictions_dirty, true, false),
    STATSFMT_FIELD("swap", "reads", swap_reads, true, false),
    STATSFMT_FIELD("swap", "writes", swap_writes, true, false),
    STATSFMT_FIELD("file", "reads", file_reads, true, false),
    STATSFMT_FIELD("file", "writes", file_writes, true, false),
    STATSFMT_FIELD("pages", "mapped", pages_mapped, false, false),
    STATSFMT_FIELD("blocks", "reserved", blocks_reserved, false, false),
    STATSFMT_FIELD("frames", "resident", frames_resident, false, false),
    STATSFMT_FIELD("frames", "ghost", frames_ghost, false, true),
    STATSFMT_FIELD("frames", "free", frames_free, false, true),
};

const size_t statsfmt_nr_fields = sizeof(statsfmt_fields) / sizeof(statsfmt_fields[0]);

uint64_t statsfmt_get(const struct pgd_stats *s, const struct statsfmt_field *f)
{
	uint64_t v;

	memcpy(&v, (const char *)s + f->offset, sizeof(v));
	return v;
}

/* Append to buf at *pos; -ENOSPC once it no longer fits. */
static int statsfmt_add(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *pos)
		return -ENOSPC;
	*pos += (size_t)n;
	return 0;
}

int statsfmt_line(char *buf, size_t len, pid_t pid, const struct pgd_stats *s)
{
	const char *group = NULL;
	size_t pos = 0;
	int err;

	if (!len)
		return -ENOSPC;
	err = pid ? statsfmt_add(buf, len, &pos, "stats pid %ld:", (long)pid)
	          : statsfmt_add(buf, len, &pos, "stats global:");
	for (size_t i = 0; i < statsfmt_nr_fields && !err; i++) {
		const struct statsfmt_field *f = &statsfmt_fields[i];

		if (pid && f->global_only)
			continue;
		if (!group || strcmp(group, f->group))
			err = statsfmt_add(buf, len, &pos, " %s", f->group);
		group = f->group;
		if (!err)
			err = statsfmt_add(buf, len, &pos, " %s=%" PRIu64, f->name,
			                   statsfmt_get(s, f));
	}
	return err ? err : (int)pos;
}

int statsfmt_json(char *buf, size_t len, pid_t pid, const struct pgd_stats *s)
{
	size_t pos = 0;
	int err;

	if (!len)
		return -ENOSPC;
	err = statsfmt_add(buf, len, &pos, "{\"pid\":%ld", (long)pid);
	for (size_t i = 0; i < statsfmt_nr_fields && !err; i++) {
		const struct statsfmt_field *f = &statsfmt_fields[i];

		if (!(pid && f->global_only))
			err = statsfmt_add(buf, len, &pos, ",\"%s\":%" PRIu64, f->json,
			                   statsfmt_get(s, f));
	}
	if (!err)
		err = statsfmt_add(buf, len, &pos, "}");
	return err ? err : (int)pos;
}

/* *p starts with word: step over it. */
static bool statsfmt_skip(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n))
		return false;
	*p += n;
	return true;
}

int statsfmt_parse(const char *line, pid_t *pid, struct pgd_stats *s)
{
	char again[STATSFMT_MAX];
	const char *group = NULL, *p = line;
	char *end;
	long n = 0;

	memset(s, 0, sizeof(*s));
	if (statsfmt_skip(&p, "stats pid ")) {
		if (*p < '1' || *p > '9')
			return -EINVAL;
		n = strtol(p, &end, 10);
		if (n <= 0 || n != (pid_t)n || *end != ':')
			return -EINVAL;
		p = end + 1;
	} else if (!statsfmt_skip(&p, "stats global:")) {
		return -EINVAL;
	}
	for (size_t i = 0; i < statsfmt_nr_fields; i++) {
		const struct statsfmt_field *f = &statsfmt_fields[i];
		uint64_t v;

		if (n && f->global_only)
			continue;
		if ((!group || strcmp(group, f->group)) &&
		    !(statsfmt_skip(&p, " ") && statsfmt_skip(&p, f->group)))
			return -EINVAL;
		group = f->group;
		if (!(statsfmt_skip(&p, " ") && statsfmt_skip(&p, f->name) &&
		      statsfmt_skip(&p, "=")))
			return -EINVAL;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = strtoull(p, &end, 10);
		memcpy((char *)s + f->offset, &v, sizeof(v));
		p = end;
	}
	/* Whatever strtoull let through (overflow, leading zeros) differs here. */
	if (*p || statsfmt_line(again, sizeof(again), (pid_t)n, s) < 0 || strcmp(again, line))
		return -EINVAL;
	*pid = (pid_t)n;
	return 0;
}
