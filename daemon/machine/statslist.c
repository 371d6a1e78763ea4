/* SPDX-License-Identifier: MIT */
/*
 * Per-process statistics records (statslist.h): a growing array, sorted
 * by pid when printed, so that adding one costs O(1) amortized while the
 * pager runs. A record is a struct pgd_stats, so memory grows with the
 * processes the log already names.
 */
#include <errno.h>
#include <stdlib.h>

#include "evlog.h"
#include "statsfmt.h"
#include "statslist.h"

int statslist_add(struct statslist *l, pid_t pid, const struct pgd_stats *st)
{
	if (l->nr == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct statslist_rec *recs = realloc(l->recs, cap * sizeof(*recs));

		if (!recs) {
			l->lost = true;
			return -ENOMEM;
		}
		l->recs = recs;
		l->cap = cap;
	}
	l->recs[l->nr++] = (struct statslist_rec){.pid = pid, .st = *st};
	return 0;
}

static int statslist_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct statslist_rec *)a)->pid;
	pid_t y = ((const struct statslist_rec *)b)->pid;

	return (x > y) - (x < y);
}

static void statslist_sort(struct statslist *l)
{
	if (l->nr)
		qsort(l->recs, l->nr, sizeof(*l->recs), statslist_cmp);
}

void statslist_log_records(struct statslist *l)
{
	char buf[STATSFMT_MAX];

	statslist_sort(l);
	for (size_t i = 0; i < l->nr; i++)
		if (statsfmt_line(buf, sizeof(buf), l->recs[i].pid, &l->recs[i].st) > 0)
			evlog_comment("%s", buf);
	if (l->lost)
		evlog_comment("stats: out of memory: some processes' records are missing");
}

void statslist_log(struct statslist *l, const struct pgd_stats *global)
{
	char buf[STATSFMT_MAX];

	statslist_log_records(l);
	if (statsfmt_line(buf, sizeof(buf), 0, global) > 0)
		evlog_comment("%s", buf);
}

int statslist_json(struct statslist *l, const struct pgd_stats *global, FILE *f)
{
	char buf[STATSFMT_MAX];

	statslist_sort(l);
	fputs("{\"processes\":[", f);
	for (size_t i = 0; i < l->nr; i++)
		if (statsfmt_json(buf, sizeof(buf), l->recs[i].pid, &l->recs[i].st) > 0)
			fprintf(f, "%s%s", i ? "," : "", buf);
	if (statsfmt_json(buf, sizeof(buf), 0, global) > 0)
		fprintf(f, "],\"global\":%s}\n", buf);
	return ferror(f) ? -EIO : 0;
}

void statslist_free(struct statslist *l)
{
	free(l->recs);
	*l = (struct statslist){0};
}
