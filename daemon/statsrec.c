/* SPDX-License-Identifier: MIT */
/*
 * Records of the processes that ended, for the '#' statistics lines at
 * shutdown. They are kept only while logging is on (only the log shows
 * them), in a growing array sorted by pid at print time; a record is a
 * struct pgd_stats, so memory grows with the processes the log already
 * names. The lines come from statsfmt, as pgd-run's do.
 */
#include <stdio.h>
#include <stdlib.h>

#include "evlog.h"
#include "machine.h"
#include "statsfmt.h"
#include "statsrec.h"

struct statsrec_rec {
	pid_t pid;
	struct pgd_stats st;
};

/* Every field: pager thread. */
static struct statsrec {
	struct statsrec_rec *recs;
	size_t nr, cap;
	bool lost; /* a record did not fit in memory */
} sr;

void statsrec_add(pid_t pid)
{
	struct pgd_stats st;

	if (!evlog_on() || machine_stats(pid, &st))
		return;
	if (sr.nr == sr.cap) {
		size_t cap = sr.cap ? 2 * sr.cap : 64;
		struct statsrec_rec *recs = realloc(sr.recs, cap * sizeof(*recs));

		if (!recs) {
			sr.lost = true;
			return;
		}
		sr.recs = recs;
		sr.cap = cap;
	}
	sr.recs[sr.nr++] = (struct statsrec_rec){.pid = pid, .st = st};
}

static int statsrec_cmp(const void *a, const void *b)
{
	pid_t x = ((const struct statsrec_rec *)a)->pid, y = ((const struct statsrec_rec *)b)->pid;

	return (x > y) - (x < y);
}

void statsrec_log(void)
{
	char buf[STATSFMT_MAX];
	struct pgd_stats global;

	if (evlog_on() && !machine_stats(0, &global)) {
		if (sr.nr)
			qsort(sr.recs, sr.nr, sizeof(*sr.recs), statsrec_cmp);
		for (size_t i = 0; i < sr.nr; i++)
			if (statsfmt_line(buf, sizeof(buf), sr.recs[i].pid, &sr.recs[i].st) > 0)
				evlog_comment("%s", buf);
		if (sr.lost)
			evlog_comment("stats: out of memory: some processes' records are missing");
		if (statsfmt_line(buf, sizeof(buf), 0, &global) > 0)
			evlog_comment("%s", buf);
	}
	free(sr.recs);
	sr = (struct statsrec){0};
}
