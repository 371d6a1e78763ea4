/* SPDX-License-Identifier: MIT */
/*
 * pgd-run: run a workload script (docs/workloads.md). By default each
 * simulated process is a real client process of a private pagerd (started
 * here, with the script's geometry; the processes are started by
 * pgd-run-launch under it) or of a running daemon (--socket); --in-process
 * runs the script through the in-process MMU instead, and --replay runs a
 * trace written by --trace.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_inproc.h"
#include "run_daemon.h"
#include "generation.h"
#include "policy.h"
#include "replay.h"
#include "script.h"
#include "slurp.h"

static const char main_usage[] =
    "Usage: pgd-run [OPTIONS] SCRIPT\n"
    "       pgd-run [OPTIONS] --replay TRACE\n"
    "\n"
    "Run a workload script: simulated processes that map pages, read, write,\n"
    "fork, yield and exit, with expected values checked as they go. The event\n"
    "log goes to standard output (or --log), followed by '#' statistics lines.\n"
    "By default a private pagerd is started and every simulated process is a\n"
    "real client process of it; the exit status is 0 if every expectation held,\n"
    "1 if one failed (each failure is named on standard error as\n"
    "SCRIPT:LINE: process (pid): problem), 2 for a bad command line or script.\n"
    "\n"
    "Options:\n"
    "      --in-process      run through the in-process MMU instead of a daemon\n"
    "      --socket=PATH     use the pagerd serving PATH instead of starting one\n"
    "                        (its geometry must be the script's)\n"
    "      --replay=TRACE    replay a trace in-process (instead of SCRIPT)\n"
    "      --trace=FILE      write every pager call and memory reference to FILE\n"
    "      --html=FILE       write a step-through report of the run to FILE: one\n"
    "                        HTML page, the state after every pager call (runs\n"
    "                        in-process; docs/usage.md, Step-through report)\n"
    "      --record=FILE     write the run's reference string to FILE (every\n"
    "                        access of a process to a page, up to repeats;\n"
    "                        pgd-lab reads it; docs/protocol.md, Recordings)\n"
    "      --log=FILE        the event log to FILE instead of standard output\n"
    "      --stats-json=FILE statistics as JSON to FILE too (not with --socket)\n"
    "      --stats-only      the log gets only its '#' lines (the statistics), no\n"
    "                        line per pager call: for runs too long to log (not\n"
    "                        with --socket)\n"
    "      --files-dir=DIR   create the script's data files in DIR and keep them\n"
    "                        (default: a private directory, removed afterwards)\n"
    "      --check           check the pager's invariants after every call\n"
    "      --policy=NAME     the reference pager's replacement policy (fifo, clock,\n"
    "                        random, nru, aging, wsclock, clock-pro, car, sieve,\n"
    "                        s3-fifo; default clock; docs/policies.md)\n"
    "      --policy-seed=N   the seed of the random policy (default 0)\n"
    "      --classic=GEN     run on a generation of the classic interface, 64k\n"
    "                        (the default) or 4k: its geometry, memory, swap and\n"
    "                        log form, the script's settings over them\n"
    "                        (docs/classic.md)\n"
    "      --log-format=FORM the log's text form, args or pid (default: the\n"
    "                        generation's; args)\n"
    "      --pagerd=PATH     the pagerd to start (default: the one built or\n"
    "                        installed with pgd-run)\n"
    "  -h, --help            print this help and exit\n"
    "  -V, --version         print the version and exit\n"
    "\n"
    "See docs/workloads.md for the script and trace formats.\n";

enum {
	OPT_IN_PROCESS = 256,
	OPT_SOCKET,
	OPT_REPLAY,
	OPT_TRACE,
	OPT_HTML,
	OPT_RECORD,
	OPT_LOG,
	OPT_STATS_JSON,
	OPT_FILES_DIR,
	OPT_CHECK,
	OPT_STATS_ONLY,
	OPT_PAGERD,
	OPT_POLICY,
	OPT_POLICY_SEED,
	OPT_CLASSIC,
	OPT_LOG_FORMAT,
};

static const struct option main_options[] = {
    {"in-process", no_argument, NULL, OPT_IN_PROCESS},
    {"socket", required_argument, NULL, OPT_SOCKET},
    {"replay", required_argument, NULL, OPT_REPLAY},
    {"trace", required_argument, NULL, OPT_TRACE},
    {"html", required_argument, NULL, OPT_HTML},
    {"record", required_argument, NULL, OPT_RECORD},
    {"log", required_argument, NULL, OPT_LOG},
    {"stats-json", required_argument, NULL, OPT_STATS_JSON},
    {"files-dir", required_argument, NULL, OPT_FILES_DIR},
    {"check", no_argument, NULL, OPT_CHECK},
    {"stats-only", no_argument, NULL, OPT_STATS_ONLY},
    {"pagerd", required_argument, NULL, OPT_PAGERD},
    {"policy", required_argument, NULL, OPT_POLICY},
    {"policy-seed", required_argument, NULL, OPT_POLICY_SEED},
    {"classic", required_argument, NULL, OPT_CLASSIC},
    {"log-format", required_argument, NULL, OPT_LOG_FORMAT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

struct main_args {
	struct run_opts o;
	struct pgd_geometry base; /* --classic's */
	const char *log_format;   /* --log-format; NULL: the generation's */
	bool in_process;
	const char *replay;
	const char *log;
};

static int main_seed(const char *arg, struct run_opts *o)
{
	char *end;

	errno = 0;
	o->policy_seed = strtoull(arg, &end, 0);
	if (!*arg || *end || errno || arg[0] == '-') {
		fprintf(stderr, "pgd-run: --policy-seed: '%s' is not a number\n", arg);
		return -EINVAL;
	}
	return 0;
}

static int main_parse(int argc, char **argv, struct main_args *a)
{
	const struct generation *gen;
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "hV", main_options, NULL)) != -1) {
		switch (opt) {
		case 'h':
			fputs(main_usage, stdout);
			exit(0);
		case 'V':
			printf("pgd-run %s\n", PAGERD_VERSION);
			exit(0);
		case OPT_IN_PROCESS:
			a->in_process = true;
			break;
		case OPT_SOCKET:
			a->o.socket = optarg;
			break;
		case OPT_REPLAY:
			a->replay = optarg;
			break;
		case OPT_TRACE:
			a->o.trace = optarg;
			break;
		case OPT_HTML:
			a->o.html = optarg;
			a->in_process = true;
			break;
		case OPT_RECORD:
			a->o.record = optarg;
			break;
		case OPT_LOG:
			a->log = optarg;
			break;
		case OPT_STATS_JSON:
			a->o.stats_json = optarg;
			break;
		case OPT_FILES_DIR:
			a->o.files_dir = optarg;
			break;
		case OPT_CHECK:
			a->o.check = true;
			break;
		case OPT_STATS_ONLY:
			a->o.log_stats_only = true;
			break;
		case OPT_PAGERD:
			a->o.pagerd = optarg;
			break;
		case OPT_POLICY:
			a->o.policy = policy_find_option("pgd-run", "--policy", optarg);
			if (!a->o.policy)
				return -EINVAL;
			break;
		case OPT_POLICY_SEED:
			if (main_seed(optarg, &a->o))
				return -EINVAL;
			break;
		case OPT_CLASSIC:
			gen = generation_find_option("pgd-run", "--classic", optarg);
			if (!gen)
				return -EINVAL;
			generation_apply(gen, &a->base, &a->o.log_pid_form);
			a->o.base = &a->base;
			break;
		case OPT_LOG_FORMAT:
			if (strcmp(optarg, "args") && strcmp(optarg, "pid")) {
				fprintf(stderr, "pgd-run: --log-format: '%s' is neither args nor pid\n",
				        optarg);
				return -EINVAL;
			}
			a->log_format = optarg;
			break;
		default:
			fprintf(stderr, "pgd-run: option %s is unknown or needs an argument\n",
			        argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (a->log_format)
		a->o.log_pid_form = !strcmp(a->log_format, "pid");
	if (a->replay ? optind != argc : optind != argc - 1) {
		fprintf(stderr, "pgd-run: %s\n",
		        a->replay ? "--replay takes no SCRIPT" : "one SCRIPT is needed");
		return -EINVAL;
	}
	if (a->o.socket && a->o.record) {
		fprintf(stderr, "pgd-run: --record needs a run's own pagerd, not --socket (give "
		                "that daemon --record)\n");
		return -EINVAL;
	}
	if ((a->replay || a->in_process) && a->o.socket) {
		fprintf(stderr, "pgd-run: --socket is for daemon runs (--html and --replay run "
		                "in-process)\n");
		return -EINVAL;
	}
	if (a->o.socket && a->o.log_stats_only) {
		fprintf(stderr, "pgd-run: --stats-only needs a run's own pagerd, not --socket (give "
		                "that daemon --stats-only)\n");
		return -EINVAL;
	}
	if (a->o.socket && a->o.stats_json) {
		fprintf(stderr, "pgd-run: --stats-json needs a run's own pagerd, not --socket (the "
		                "log with the statistics is that daemon's)\n");
		return -EINVAL;
	}
	a->o.path = a->replay ? a->replay : argv[optind];
	return 0;
}

/* The run itself, once the log is open. */
static int main_run(struct main_args *a)
{
	struct script *s = NULL;
	char err[512];
	char *text;
	size_t len;
	int ret;

	ret = slurp(a->o.path, &text, &len);
	if (ret) {
		fprintf(stderr, "pgd-run: %s: %s\n", a->o.path, strerror(-ret));
		return 2;
	}
	if (a->replay) {
		ret = replay(text, len, &a->o);
		free(text);
		return ret ? 1 : 0;
	}
	ret = script_parse(a->o.path, text, len, &s, err, sizeof(err));
	free(text);
	if (ret) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	ret = a->in_process ? run_inproc(s, &a->o) : run_daemon(s, &a->o);
	script_free(s);
	return ret < 0 ? 1 : ret;
}

int main(int argc, char **argv)
{
	struct main_args a = {0};
	int ret;

	if (main_parse(argc, argv, &a)) {
		fprintf(stderr, "Try 'pgd-run --help' for more information.\n");
		return 2;
	}
	if (a.in_process || a.replay) {
		a.o.log = a.log ? fopen(a.log, "we") : stdout;
		if (!a.o.log) {
			fprintf(stderr, "pgd-run: %s: %s\n", a.log, strerror(errno));
			return 2;
		}
	}
	a.o.log_path = a.log;
	ret = main_run(&a);
	if (a.o.log && a.o.log != stdout && fclose(a.o.log))
		ret = 1;
	return ret;
}
