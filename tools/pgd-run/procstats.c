/* SPDX-License-Identifier: MIT */
/*
 * Records of the processes of an in-process run, kept in pid order (they
 * are added as processes exit, in any order). Statistics come from
 * machine_stats; a pager without them (-ENOTSUP) gives no '#' lines at all.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "evlog.h"
#include "machine.h"
#include "procstats.h"
#include "statsfmt.h"

struct procstats_rec {
	pid_t pid;
	struct pgd_stats st;
};

struct procstats {
	struct procstats_rec *recs; /* exited processes */
	size_t nr, cap;
	pid_t before_pid; /* the last procstats_before */
	struct pgd_stats before, before_global;
};

struct procstats *procstats_new(void)
{
	return calloc(1, sizeof(struct procstats));
}

void procstats_free(struct procstats *ps)
{
	if (!ps)
		return;
	free(ps->recs);
	free(ps);
}

static void procstats_add(struct procstats *ps, pid_t pid, const struct pgd_stats *st)
{
	if (ps->nr == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 16;
		struct procstats_rec *recs = realloc(ps->recs, cap * sizeof(*recs));

		if (!recs) {
			fprintf(stderr, "pgd-run: statistics: out of memory\n");
			return;
		}
		ps->recs = recs;
		ps->cap = cap;
	}
	size_t at = ps->nr;

	while (at && ps->recs[at - 1].pid > pid)
		at--;
	memmove(&ps->recs[at + 1], &ps->recs[at], (ps->nr - at) * sizeof(*ps->recs));
	ps->recs[at] = (struct procstats_rec){.pid = pid, .st = *st};
	ps->nr++;
}

void procstats_before(struct procstats *ps, pid_t pid)
{
	ps->before_pid = 0;
	if (machine_stats(pid, &ps->before) || machine_stats(0, &ps->before_global))
		return;
	ps->before_pid = pid;
}

void procstats_exiting(struct procstats *ps, pid_t pid)
{
	struct pgd_stats st;

	if (!machine_stats(pid, &st))
		procstats_add(ps, pid, &st);
}

void procstats_killed(struct procstats *ps, pid_t pid)
{
	struct pgd_stats st = ps->before, global;

	if (ps->before_pid != pid || machine_stats(0, &global))
		return;
	for (size_t i = 0; i < statsfmt_nr_fields; i++) {
		const struct statsfmt_field *f = &statsfmt_fields[i];
		uint64_t v;

		if (!f->counter)
			continue;
		v = statsfmt_get(&st, f) + statsfmt_get(&global, f) -
		    statsfmt_get(&ps->before_global, f);
		memcpy((char *)&st + f->offset, &v, sizeof(v));
	}
	procstats_add(ps, pid, &st);
}

void procstats_log(const struct procstats *ps)
{
	struct pgd_stats global;
	char buf[STATSFMT_MAX];

	if (machine_stats(0, &global))
		return;
	for (size_t i = 0; i < ps->nr; i++)
		if (statsfmt_line(buf, sizeof(buf), ps->recs[i].pid, &ps->recs[i].st) > 0)
			evlog_comment("%s", buf);
	if (statsfmt_line(buf, sizeof(buf), 0, &global) > 0)
		evlog_comment("%s", buf);
}

int procstats_json(const struct procstats *ps, FILE *f)
{
	struct pgd_stats global;
	char buf[STATSFMT_MAX];
	int err = machine_stats(0, &global);

	if (err)
		return err;
	fputs("{\"processes\":[", f);
	for (size_t i = 0; i < ps->nr; i++)
		if (statsfmt_json(buf, sizeof(buf), ps->recs[i].pid, &ps->recs[i].st) > 0)
			fprintf(f, "%s%s", i ? "," : "", buf);
	if (statsfmt_json(buf, sizeof(buf), 0, &global) > 0)
		fprintf(f, "],\"global\":%s}\n", buf);
	return ferror(f) ? -EIO : 0;
}
