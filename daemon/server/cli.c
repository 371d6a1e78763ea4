/* SPDX-License-Identifier: MIT */
/*
 * Command-line parsing for pagerd. Numbers are parsed whole (decimal, or hex
 * with 0x) and range-checked here; the geometry as a whole is checked by
 * machine_geometry_validate so that the daemon and the machine agree.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "generation.h"
#include "pagerguard.h"
#include "refpager.h"
#include "statsrec.h"

static const char cli_usage_text[] =
	"Usage: pagerd [OPTIONS]\n"
	"       pagerd [OPTIONS] -- PROGRAM [ARGS...]\n"
	"\n"
	"pagerd is a user-space virtual-memory pager. It owns simulated physical\n"
	"memory, a swap file and a clock queue; programs linked with the pagerd\n"
	"client library (vm_app.h: vm_map, vm_yield, plain fork) attach to it as\n"
	"simulated processes, and their loads and stores in the arena fault into the\n"
	"daemon's pager. Every pager call is written to the event log.\n"
	"\n"
	"With no PROGRAM, pagerd serves clients on its socket until SIGINT or\n"
	"SIGTERM. With PROGRAM, it starts a private daemon on a private socket, runs\n"
	"PROGRAM (and everything it forks) under it, and exits with PROGRAM's exit\n"
	"status (128+N if it was killed by signal N) once the last client is gone.\n"
	"Either way, a clean shutdown writes back dirty file-backed pages (logged\n"
	"on '#' lines) and removes the swap file.\n"
	"\n"
	"Options:\n"
	"  -m, --memory-pages=PAGES  physical memory pages, the pinned zero page\n"
	"                            included (default 4, at least 2)\n"
	"  -s, --swap-blocks=BLOCKS  swap blocks (default 256, at least 1)\n"
	"      --page-size=BYTES     page size, a power of two and a multiple of the\n"
	"                            host page size (default 0x10000)\n"
	"      --arena-base=ADDR     arena address in every client (default\n"
	"                            0x600000000)\n"
	"      --arena-pages=PAGES   arena size in pages (default 256)\n"
	"      --classic=GEN         a generation of the classic interface: 64k\n"
	"                            (64 KiB pages, the default) or 4k (4 KiB pages,\n"
	"                            4096-page arena, 1024 swap blocks, pid log form);\n"
	"                            the options above override its values, in any\n"
	"                            order (docs/classic.md)\n"
	"      --log-format=FORM     the log's text form: args (vm_map\\t\\t(0x0, 0)) or\n"
	"                            pid (vm_map\\t\\t(PID)\\t0x0\\t0); default: the\n"
	"                            generation's, args without --classic\n"
	"      --socket=PATH         the socket to serve (default $PAGERD_SOCKET, else\n"
	"                            $XDG_RUNTIME_DIR/pagerd.sock, else\n"
	"                            /tmp/pagerd-UID.sock; a private one with PROGRAM)\n"
	"      --log=FILE            write the event log to FILE (default: standard\n"
	"                            output)\n"
	"      --no-log              keep no event log (nothing is formatted)\n"
	"      --stats-only          write only the log's '#' lines (statistics, notes),\n"
	"                            no line per pager call: for runs too long to log\n"
	"      --record=FILE         write the reference string of the run to FILE:\n"
	"                            every access of a process to a page, up to\n"
	"                            repeats (docs/protocol.md, Recordings); the\n"
	"                            pager's decisions and log do not change\n"
	"      --files-dir=DIR       open the files named in vm_map beneath DIR only\n"
	"                            (default: the current directory): regular\n"
	"                            files, no absolute name, '..' or link\n"
	"      --pager=PATH.so       run the pager module PATH.so, built from a pager\n"
	"                            written for vm_pager.h, instead of the reference\n"
	"                            pager\n"
	"      --pager-timeout=SECONDS\n"
	"                            a --pager call that runs longer fails (see\n"
	"                            below; default 5; 0: no limit)\n"
	"      --policy=NAME         the reference pager's replacement policy: fifo,\n"
	"                            clock (the default), random, nru, aging, wsclock,\n"
	"                            clock-pro, car, sieve, s3-fifo (docs/policies.md)\n"
	"      --policy-seed=N       the seed of the random policy (default 0)\n"
	"      --stats-records=N     with a log, keep the statistics of at most N\n"
	"                            ended processes for the end of the run; more are\n"
	"                            written to the log early (default 4096)\n"
	"      --answer-memory=MIB   frame tables being sent to all pagerctl frames\n"
	"                            readers together take at most MIB MiB; a FRAMES\n"
	"                            beyond that is refused with EBUSY (default 256)\n"
	"      --idle-timeout=MS     close a connection that has no session and has\n"
	"                            not completed a request (or taken an answer) for\n"
	"                            MS milliseconds, with ERROR(ETIMEDOUT) (default\n"
	"                            30000; 0: never)\n"
	"      --check               check the pager's invariants (vm_check) after\n"
	"                            every call; slow, for tests\n"
	"  -h, --help                print this help and exit\n"
	"  -V, --version             print the version and exit\n"
	"\n"
	"Clients find the daemon through $PAGERD_SOCKET (set for PROGRAM), or the\n"
	"default path above. Numbers are decimal or hexadecimal with 0x.\n"
	"\n"
	"Exit status: PROGRAM's status with PROGRAM (127 if it is not found, 126\n"
	"if it cannot be run, before anything starts); otherwise 0 after a clean\n"
	"shutdown, 1 if the daemon could not start (for instance another pagerd\n"
	"already serves the socket), 2 for a bad command line. A write to the log\n"
	"that failed (reported on standard error) makes a status of 0 into 1.\n"
	"\n"
	"When a --pager module fails -- it crashes (SIGSEGV, SIGBUS, abort, a failed\n"
	"assert), a call runs past --pager-timeout, or it gives an invalid result (a\n"
	"page table entry naming a frame beyond memory or writable but not\n"
	"readable, a vm_map address outside the arena, vm_fault returning 0 without\n"
	"allowing the access 100 times in a row) -- pagerd reports the call, the\n"
	"pid, the signal or the check and the pager's frames on standard error and\n"
	"in the log (after the call), ends every client with ERROR(ENOTRECOVERABLE),\n"
	"and exits with status 70 (EX_SOFTWARE), with or without PROGRAM.\n"
	"\n"
	"Examples:\n"
	"  pagerd -m 8 -- ./app              run ./app with 8 physical pages\n"
	"  pagerd --log vm.log &             serve; clients then just run\n"
	"  pagerd --pager ./mypager.so -- ./app\n"
	"  pagerd --classic 4k -- ./app      a program built with\n"
	"                                    pkg-config --cflags --libs pagerd-classic-4k\n"
	"\n"
	"See docs/usage.md and docs/protocol.md.\n";

void cli_usage(FILE *out)
{
	fputs(cli_usage_text, out);
}

enum {
	OPT_PAGE_SIZE = 256,
	OPT_ARENA_BASE,
	OPT_ARENA_PAGES,
	OPT_SOCKET,
	OPT_LOG,
	OPT_NO_LOG,
	OPT_STATS_ONLY,
	OPT_FILES_DIR,
	OPT_PAGER,
	OPT_CHECK,
	OPT_POLICY,
	OPT_POLICY_SEED,
	OPT_IDLE_TIMEOUT,
	OPT_STATS_RECORDS,
	OPT_ANSWER_MEMORY,
	OPT_RECORD,
	OPT_CLASSIC,
	OPT_LOG_FORMAT,
	OPT_PAGER_TIMEOUT,
};

static const struct option cli_options[] = {
	{ "memory-pages", required_argument, NULL, 'm' },
	{ "swap-blocks", required_argument, NULL, 's' },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "arena-base", required_argument, NULL, OPT_ARENA_BASE },
	{ "arena-pages", required_argument, NULL, OPT_ARENA_PAGES },
	{ "socket", required_argument, NULL, OPT_SOCKET },
	{ "log", required_argument, NULL, OPT_LOG },
	{ "no-log", no_argument, NULL, OPT_NO_LOG },
	{ "stats-only", no_argument, NULL, OPT_STATS_ONLY },
	{ "files-dir", required_argument, NULL, OPT_FILES_DIR },
	{ "pager", required_argument, NULL, OPT_PAGER },
	{ "pager-timeout", required_argument, NULL, OPT_PAGER_TIMEOUT },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "policy-seed", required_argument, NULL, OPT_POLICY_SEED },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
	{ "stats-records", required_argument, NULL, OPT_STATS_RECORDS },
	{ "answer-memory", required_argument, NULL, OPT_ANSWER_MEMORY },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "classic", required_argument, NULL, OPT_CLASSIC },
	{ "log-format", required_argument, NULL, OPT_LOG_FORMAT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* A whole number in [min, max]; 0 or -EINVAL with a message. */
static int cli_number(const char *opt, const char *arg, uint64_t min, uint64_t max,
		      uint64_t *out)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(arg, &end, 0);
	if (!*arg || *end || errno || arg[0] == '-') {
		fprintf(stderr, "pagerd: %s: '%s' is not a number\n", opt, arg);
		return -EINVAL;
	}
	if (v < min || v > max) {
		fprintf(stderr, "pagerd: %s: %s is out of range (%" PRIu64 " to %" PRIu64 ")\n",
			opt, arg, min, max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int cli_option(int opt, const char *arg, struct cli *cli)
{
	struct pgd_geometry *g = &cli->cfg.geom;
	uint64_t v = 0;
	int err = 0;

	switch (opt) {
	case 'm':
		err = cli_number("--memory-pages", arg, 2, 1u << 30, &v);
		g->memory_pages = (unsigned int)v;
		break;
	case 's':
		err = cli_number("--swap-blocks", arg, 1, UINT32_MAX, &v);
		g->swap_blocks = (unsigned int)v;
		break;
	case OPT_PAGE_SIZE:
		err = cli_number("--page-size", arg, 1, UINT32_MAX, &v);
		g->page_size = (size_t)v;
		break;
	case OPT_ARENA_BASE:
		err = cli_number("--arena-base", arg, 1, UINTPTR_MAX, &v);
		g->arena_base = (uintptr_t)v;
		break;
	case OPT_ARENA_PAGES:
		err = cli_number("--arena-pages", arg, 1, UINT32_MAX, &v);
		g->arena_pages = (size_t)v;
		break;
	case OPT_SOCKET:
		cli->socket = arg;
		break;
	case OPT_LOG:
		cli->log = arg;
		break;
	case OPT_NO_LOG:
		cli->no_log = true;
		break;
	case OPT_STATS_ONLY:
		cli->cfg.log_stats_only = true;
		break;
	case OPT_RECORD:
		cli->record = arg;
		break;
	case OPT_FILES_DIR:
		cli->cfg.files_dir = arg;
		break;
	case OPT_PAGER:
		cli->pager = arg;
		break;
	case OPT_PAGER_TIMEOUT:
		err = cli_number("--pager-timeout", arg, 0, 86400, &v);
		cli->pager_timeout_s = (unsigned int)v;
		break;
	case OPT_CHECK:
		cli->cfg.check = true;
		break;
	case OPT_POLICY:
		cli->policy = policy_find_option("pagerd", "--policy", arg);
		if (!cli->policy)
			err = -EINVAL;
		break;
	case OPT_POLICY_SEED:
		err = cli_number("--policy-seed", arg, 0, UINT64_MAX, &cli->policy_params.seed);
		break;
	case OPT_IDLE_TIMEOUT:
		err = cli_number("--idle-timeout", arg, 0, UINT32_MAX, &v);
		cli->idle_timeout_ms = (unsigned int)v;
		break;
	case OPT_ANSWER_MEMORY:
		err = cli_number("--answer-memory", arg, 1, SIZE_MAX >> 21, &v);
		cli->answer_memory_mib = (size_t)v;
		break;
	case OPT_STATS_RECORDS:
		err = cli_number("--stats-records", arg, 1, UINT32_MAX, &v);
		cli->stats_records = (size_t)v;
		break;
	case OPT_CLASSIC:
	case OPT_LOG_FORMAT:
		break; /* cli_presets */
	default:
		err = -EINVAL;
		break;
	}
	return err;
}

/* --classic and --log-format, before the other options so that those
 * override the generation's values wherever they stand. 0 or -EINVAL. */
static int cli_presets(int argc, char **argv, struct cli *cli)
{
	const struct generation *gen;
	const char *format = NULL;
	int opt;

	while ((opt = getopt_long(argc, argv, "+m:s:hV", cli_options, NULL)) != -1) {
		if (opt == OPT_CLASSIC) {
			gen = generation_find_option("pagerd", "--classic", optarg);
			if (!gen)
				return -EINVAL;
			generation_apply(gen, &cli->cfg.geom, &cli->cfg.log_pid_form);
		} else if (opt == OPT_LOG_FORMAT) {
			format = optarg;
		}
	}
	if (format && strcmp(format, "args") && strcmp(format, "pid")) {
		fprintf(stderr, "pagerd: --log-format: '%s' is neither args nor pid\n", format);
		return -EINVAL;
	}
	if (format)
		cli->cfg.log_pid_form = !strcmp(format, "pid");
	optind = 0; /* getopt starts over */
	return 0;
}

/* The limits of the pager that will run (the reference pager's are known
 * now; a --pager module declares none beyond the machine's). */
static int cli_pager_limits(const struct pgd_geometry *g, const struct pager_ops *ops)
{
	if (ops->max_memory_pages && g->memory_pages > ops->max_memory_pages) {
		fprintf(stderr, "pagerd: --memory-pages: %u is more than the %s pager supports "
				"(at most %u)\n",
			g->memory_pages, ops->name, ops->max_memory_pages);
		return -EINVAL;
	}
	if (ops->max_arena_pages && g->arena_pages > ops->max_arena_pages) {
		fprintf(stderr, "pagerd: --arena-pages: %zu is more than the %s pager supports "
				"(at most %zu)\n",
			g->arena_pages, ops->name, ops->max_arena_pages);
		return -EINVAL;
	}
	return 0;
}

int cli_parse(int argc, char **argv, struct cli *cli)
{
	char msg[256];
	int opt;

	memset(cli, 0, sizeof(*cli));
	machine_config_defaults(&cli->cfg);
	cli->idle_timeout_ms = CLI_IDLE_TIMEOUT_MS;
	cli->stats_records = STATSREC_MAX;
	cli->answer_memory_mib = CLI_ANSWER_MEMORY_MIB;
	cli->pager_timeout_s = PAGERGUARD_TIMEOUT_S;
	cli->cfg.ops = &refpager_ops;
	opterr = 0;
	optind = 0;
	if (cli_presets(argc, argv, cli))
		goto out_usage;
	while ((opt = getopt_long(argc, argv, "+m:s:hV", cli_options, NULL)) != -1) {
		if (opt == 'h') {
			cli_usage(stdout);
			return 1;
		}
		if (opt == 'V') {
			printf("pagerd %s\n", PAGERD_VERSION);
			return 1;
		}
		if (opt == '?' || opt == ':') {
			if (optopt)
				fprintf(stderr, "pagerd: option -%c %s\n", optopt,
					strchr("ms", optopt) ? "needs an argument" : "is unknown");
			else
				fprintf(stderr, "pagerd: option %s is unknown or needs an argument\n",
					argv[optind - 1]);
			goto out_usage;
		}
		if (cli_option(opt, optarg, cli))
			goto out_usage;
	}
	if (optind < argc) {
		cli->program = argv + optind;
	} else if (optind > 1 && !strcmp(argv[optind - 1], "--")) {
		fprintf(stderr, "pagerd: '--' names no PROGRAM to run\n");
		goto out_usage;
	}
	if (cli->pager && cli->policy) {
		fprintf(stderr, "pagerd: --policy chooses the reference pager's policy; not with "
				"--pager\n");
		goto out_usage;
	}
	if (!cli->pager && cli_pager_limits(&cli->cfg.geom, cli->cfg.ops))
		goto out_usage;
	if (machine_geometry_validate(&cli->cfg.geom, msg, sizeof(msg))) {
		fprintf(stderr, "pagerd: %s\n", msg);
		goto out_usage;
	}
	return 0;

out_usage:
	fprintf(stderr, "Try 'pagerd --help' for more information.\n");
	return -EINVAL;
}
