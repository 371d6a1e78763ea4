/* SPDX-License-Identifier: MIT */
/*
 * The command line of pagerd: options into a machine configuration and the
 * daemon's own settings, the usage text, and clear errors for bad options.
 */
#ifndef PAGERD_CLI_H
#define PAGERD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "machine.h"
#include "policy.h"

struct cli {
	struct machine_config cfg; /* geometry, files_dir, check; log and ops set by main */
	const char *socket;	   /* --socket; NULL: proto_socket_path() or private */
	const char *log;	   /* --log; NULL: standard output */
	bool no_log;		   /* --no-log: no event log at all */
	const char *pager;	   /* --pager; NULL: the reference pager */
	const struct policy_ops *policy; /* --policy; NULL: the reference pager's default */
	struct policy_params policy_params; /* --policy-seed */
	char **program;		   /* after "--": PROGRAM ARGS..., NULL-terminated; NULL: serve */
	unsigned int idle_timeout_ms; /* --idle-timeout; 0: none */
	size_t stats_records;	      /* --stats-records */
	size_t answer_memory_mib;     /* --answer-memory */
	unsigned int pager_timeout_s; /* --pager-timeout; 0: none */
};

/* --idle-timeout's and --answer-memory's defaults: four of the longest
 * frame tables (64 MiB) at once. */
#define CLI_IDLE_TIMEOUT_MS 30000
#define CLI_ANSWER_MEMORY_MIB 256

/* Parse argv. 0: run; 1: done (--help or --version printed, exit 0);
 * -EINVAL: a bad option (message on stderr, exit 2). */
int cli_parse(int argc, char **argv, struct cli *cli);
void cli_usage(FILE *out);

#endif
