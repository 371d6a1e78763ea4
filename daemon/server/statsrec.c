/* SPDX-License-Identifier: MIT */
/*
 * Records of the processes that ended, for the '#' statistics lines at
 * shutdown. They are kept only while logging is on (only the log shows
 * them), in a statslist, the same records and lines as pgd-run's.
 */
#include "evlog.h"
#include "machine.h"
#include "statslist.h"
#include "statsrec.h"

/* Pager thread. */
static struct statslist sr;

void statsrec_add(pid_t pid)
{
	struct pgd_stats st;

	if (evlog_on() && !machine_stats(pid, &st))
		statslist_add(&sr, pid, &st);
}

void statsrec_log(void)
{
	struct pgd_stats global;

	if (evlog_on() && !machine_stats(0, &global))
		statslist_log(&sr, &global);
	statslist_free(&sr);
}
