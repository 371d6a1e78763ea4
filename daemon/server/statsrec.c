/* SPDX-License-Identifier: MIT */
/*
 * Records of the processes that ended, for the '#' statistics lines at
 * shutdown. They are kept only while logging is on (only the log shows
 * them), in a statslist, the same records and lines as pgd-run's. A
 * long-running service keeps at most statsrec_max of them: when that many
 * are kept, they are written to the log at once and forgotten (rolled).
 */
#include "evlog.h"
#include "machine.h"
#include "statslist.h"
#include "statsrec.h"

/* Pager thread (statsrec_max: set before it starts). */
static struct statslist sr;
static size_t statsrec_max = STATSREC_MAX;

void statsrec_set_max(size_t max)
{
	statsrec_max = max;
}

/* Write the records kept so far and forget them. */
static void statsrec_roll(void)
{
	evlog_comment("stats: %zu processes ended; their records follow now "
	              "(pagerd keeps at most %zu, --stats-records)",
	              sr.nr, statsrec_max);
	statslist_log_records(&sr);
	statslist_free(&sr);
}

void statsrec_add(pid_t pid)
{
	struct pgd_stats st;

	if (evlog_notes_on() && !machine_stats(pid, &st)) {
		statslist_add(&sr, pid, &st);
		if (sr.nr >= statsrec_max)
			statsrec_roll();
	}
}

void statsrec_log(void)
{
	struct pgd_stats global;

	if (evlog_notes_on() && !machine_stats(0, &global))
		statslist_log(&sr, &global);
	statslist_free(&sr);
}
