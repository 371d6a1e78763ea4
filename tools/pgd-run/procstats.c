/* SPDX-License-Identifier: MIT */
/*
 * Records of the processes of an in-process run, in a statslist as pagerd
 * keeps them (added as processes exit, in any order; printed in pid order).
 * Statistics come from machine_stats; a pager without them (-ENOTSUP) gives
 * no '#' lines at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "procstats.h"
#include "statsfmt.h"
#include "statslist.h"

struct procstats {
	struct statslist recs; /* exited processes */
	pid_t before_pid;      /* the last procstats_before */
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
	statslist_free(&ps->recs);
	free(ps);
}

static void procstats_add(struct procstats *ps, pid_t pid, const struct pgd_stats *st)
{
	if (statslist_add(&ps->recs, pid, st))
		fprintf(stderr, "pgd-run: statistics: out of memory\n");
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

void procstats_log(struct procstats *ps)
{
	struct pgd_stats global;

	if (!machine_stats(0, &global))
		statslist_log(&ps->recs, &global);
}

int procstats_json(struct procstats *ps, FILE *f)
{
	struct pgd_stats global;
	int err = machine_stats(0, &global);

	return err ? err : statslist_json(&ps->recs, &global, f);
}
