/* SPDX-License-Identifier: MIT */
/*
 * What a run of pgd-run was asked to do (its command line), and the machine
 * geometry a script asks for. Shared by the executors and the replayer.
 */
#ifndef PGD_RUN_RUNOPTS_H
#define PGD_RUN_RUNOPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "pagerd/pager.h"
#include "script.h"

struct policy_ops;

struct run_opts {
	const char *path;       /* the script or trace, for messages */
	FILE *log;              /* the event log of an in-process run */
	const char *log_path;   /* --log: NULL for standard output */
	const char *trace;      /* --trace: NULL for none */
	const char *html;       /* --html: the step-through report; NULL for none */
	const char *record;     /* --record: NULL for none */
	const char *stats_json; /* --stats-json: NULL for none */
	const char *files_dir;  /* --files-dir: NULL for a private one, removed after */
	bool check;             /* --check: vm_check after every pager call */
	const char *socket;     /* --socket: an existing daemon */
	const char *pagerd;     /* the daemon to start when there is no --socket */
	const struct policy_ops *policy; /* --policy: NULL for the pager's default */
	uint64_t policy_seed;   /* --policy-seed */
	/* --classic: the generation's geometry and defaults (docs/classic.md);
	 * NULL: pagerd's defaults */
	const struct pgd_geometry *base;
	bool log_pid_form;      /* --log-format pid, or the generation's form */
	bool log_stats_only;    /* --stats-only: no line per pager call */
};

/* base (NULL: the defaults of pagerd/defaults.h) with the script's
 * settings. */
void runopts_geometry(const struct script *s, const struct pgd_geometry *base,
                      struct pgd_geometry *g);

#endif
