/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab: replacement policies on reference strings, through the same
 * policy code as the pager (docs/policies.md, docs/lab.md). `sim` runs one
 * policy at one size; `mrc` draws miss-ratio curves; `convert` turns a
 * trace from one format into another; `compare` sets every policy side by
 * side at one size, or runs a workload script under each online policy
 * (workload.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "plot.h"
#include "script.h"

#define LAB_MAX_FRAMES (1u << 30)

static const char lab_usage[] =
    "Usage: pgd-lab sim --policy P --frames N [OPTIONS] TRACE\n"
    "       pgd-lab mrc [--policies P,Q,...] --frames [LO..]HI [OPTIONS] TRACE\n"
    "       pgd-lab compare [--policies P,Q,...] --frames N [OPTIONS] TRACE\n"
    "       pgd-lab compare [--policies P,Q,...] [--in-process] [OPTIONS] SCRIPT.pgd\n"
    "       pgd-lab convert [--from FMT] [--to FMT] [--page-size N] [--frames N] IN OUT\n"
    "\n"
    "Replay a reference string through replacement policies. The online\n"
    "policies are the pager's own code (pagerd --policy), shown only what a\n"
    "pager sees: a fault when a page is not resident, or when its referenced\n"
    "bit is clear, or when it is written while clean. The offline ones see\n"
    "every reference (opt also the future).\n"
    "\n"
    "  sim   one policy, one size: references, faults (misses), hits, soft\n"
    "        faults (hits a pager sees as faults), evictions clean and dirty\n"
    "        (written since brought in), miss ratio (faults / references)\n"
    "  mrc   miss ratio at each size LO..HI (1..HI if only HI is given) for\n"
    "        each policy (default lru,opt); lru and opt in one pass, the\n"
    "        others per size on every CPU\n"
    "  compare  each policy (default: all) at one size: faults, soft faults,\n"
    "        evictions clean and dirty, I/O reads (faults on pages seen\n"
    "        before) and writes (dirty evictions), miss ratio, and faults\n"
    "        against clock's (faults_vs_clock: faults / clock's faults)\n"
    "  compare SCRIPT.pgd  an argument ending in .pgd is a workload script\n"
    "        (docs/workloads.md), run for real by pgd-run under each online\n"
    "        policy (default: all), as many runs at a time as CPUs, clock too\n"
    "        (for faults_vs_clock); its memory line sets the size (frames:\n"
    "        memory - 1, the zero page aside). Per policy, from the run's\n"
    "        global statistics: faults (every kind: zero-fill, swap-in,\n"
    "        file-in, cow-copy, permission, failed), soft_faults (permission:\n"
    "        a resident page's bits), evictions clean and dirty, swap and file\n"
    "        reads and writes; refs: the references of its --record\n"
    "        recording (reads of the zero page aside); miss_ratio: (zero-fill\n"
    "        + swap-in + file-in + cow-copy faults, those that take a frame) /\n"
    "        refs; faults_vs_clock: faults / clock's faults (empty if clock\n"
    "        took none). Offline policies cannot run a script: compare them\n"
    "        on its recording (pgd-run --record F SCRIPT.pgd, then pgd-lab\n"
    "        compare --frames N F)\n"
    "  convert  IN in format --from (default: by the name) to OUT in format\n"
    "        --to (default: by the name); OUT - is standard output. --to pgd\n"
    "        writes a workload that drives one process through the trace\n"
    "        under the real pager: pgd-run OUT runs it (see Trace formats)\n"
    "\n"
    "A run over a second shows its progress on stderr (a terminal only);\n"
    "Ctrl-C stops it and prints what is done so far (exit status 130).\n"
    "\n"
    "Options:\n"
    "      --policy=P        sim's policy\n"
    "      --policies=P,...  mrc's and compare's policies\n"
    "      --frames=N|LO..HI cache size in pages (frames), at least 1; for\n"
    "                        convert --to pgd, the run's memory less the\n"
    "                        pinned zero page\n"
    "      --seed=N          the random policy's seed (default 0; for a\n"
    "                        workload, pgd-run --policy-seed)\n"
    "      --in-process      compare on a workload: pgd-run --in-process (the\n"
    "                        in-process MMU rather than a private pagerd with\n"
    "                        real client processes)\n"
    "      --format=FMT      the trace's format: text, csv, oracle, ostep or\n"
    "                        record (default: record if the data starts with\n"
    "                        PGDREC1, oracle if the name contains\n"
    "                        oracleGeneral, csv if it ends in .csv, else text;\n"
    "                        a trailing .zst aside)\n"
    "      --from=FMT        convert's input format (as --format)\n"
    "      --to=FMT          convert's output format (default: by OUT's name)\n"
    "      --page-size=N     ostep: bytes per page (addresses / N = page;\n"
    "                        default 1: the addresses are page numbers);\n"
    "                        pgd: the run's page size (default 4096)\n"
    "      --csv             comma-separated output\n"
    "      --json            JSON output (an array of objects)\n"
    "      --plot=FILE       mrc: also draw the curves into FILE.svg or\n"
    "                        FILE.png with gnuplot (%s)\n"
    "  -h, --help            print this help and exit\n"
    "  -V, --version         print the version and exit\n"
    "\n"
    "Policies: %s.\n"
    "\n"
    "Trace formats:\n"
    "  text    one page number per line (decimal or 0x hex), optionally\n"
    "          followed by r or w; blank lines and '#' lines are skipped\n"
    "  csv     libCacheSim csv: a header naming the obj_id (or id, key)\n"
    "          column and optionally an op column (write, set, w: a write);\n"
    "          without a header the id is column 2; ids that are not numbers\n"
    "          are hashed\n"
    "  oracle  libCacheSim oracleGeneral: packed little-endian records of\n"
    "          uint32 time, uint64 id, uint32 size, int64 next access (-1)\n"
    "  ostep   OSTEP paging-policy.py address lists: addresses (decimal or\n"
    "          0x hex) separated by commas or newlines; written one a line\n"
    "  record  pagerd/pgd-run --record (read only): a page is a pid and a\n"
    "          vpage; reads of the zero page are skipped (docs/protocol.md\n"
    "          section 7)\n"
    "  pgd     a pgd-run workload script (written only; a name ending in\n"
    "          .pgd): one process maps the trace's pages swap-backed in order\n"
    "          of first reference, writes each at its first reference (a page\n"
    "          never written would be the zero page, taking no frame), then\n"
    "          reads and writes a byte of it as the trace does, checking every\n"
    "          read; needs --frames (docs/lab.md, Driving the pager)\n"
    "  A name ending in .zst is read (and written, pgd aside)\n"
    "  zstd-compressed.\n"
    "  Written text and csv keep reads and writes; oracle and ostep have no\n"
    "  writes; oracle's next access times are computed.\n"
    "\n"
    "Exit status: 0, 1 if a trace cannot be read or written (or gnuplot\n"
    "fails, or a workload script cannot be read or a run of it fails: an\n"
    "expectation, pgd-run's status 1, named with pgd-run's error output),\n"
    "2 for a bad command line, 130 if interrupted.\n"
    "See docs/policies.md.\n";

enum {
	OPT_POLICY = 256,
	OPT_POLICIES,
	OPT_FRAMES,
	OPT_SEED,
	OPT_FORMAT,
	OPT_FROM,
	OPT_TO,
	OPT_PAGE_SIZE,
	OPT_CSV,
	OPT_JSON,
	OPT_PLOT,
	OPT_IN_PROCESS,
};

static const struct option lab_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"policies", required_argument, NULL, OPT_POLICIES},
    {"frames", required_argument, NULL, OPT_FRAMES},
    {"seed", required_argument, NULL, OPT_SEED},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"page-size", required_argument, NULL, OPT_PAGE_SIZE},
    {"plot", required_argument, NULL, OPT_PLOT},
    {"csv", no_argument, NULL, OPT_CSV},
    {"json", no_argument, NULL, OPT_JSON},
    {"in-process", no_argument, NULL, OPT_IN_PROCESS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void lab_help(void)
{
	char names[512];

	lab_policy_names(names, sizeof(names));
	printf(lab_usage, plot_gnuplot(), names);
}

/* A whole decimal number in [min, max] of unit (for messages), ending at
 * stop (NULL: the whole string). */
static int lab_number(const char *opt, const char *unit, const char *s, uint64_t min,
		      uint64_t max, uint64_t *v, const char *stop)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || errno || (stop ? end != stop : *end)) {
		fprintf(stderr, "pgd-lab: %s: '%s' is not a number\n", opt, s);
		return -EINVAL;
	}
	if (*v < min || *v > max) {
		fprintf(stderr, "pgd-lab: %s: %llu is out of range (%llu to %llu %s)\n", opt,
			(unsigned long long)*v, (unsigned long long)min, (unsigned long long)max,
			unit);
		return -EINVAL;
	}
	return 0;
}

static int lab_frames(const char *s, bool range, struct lab_args *a)
{
	const char *dots = strstr(s, "..");
	uint64_t lo = 1, hi;

	if (dots && !range) {
		fprintf(stderr, "pgd-lab: --frames: sim takes one size, not '%s'\n", s);
		return -EINVAL;
	}
	if (dots && lab_number("--frames", "frames", s, 1, LAB_MAX_FRAMES, &lo, dots))
		return -EINVAL;
	if (lab_number("--frames", "frames", dots ? dots + 2 : s, 1, LAB_MAX_FRAMES, &hi, NULL))
		return -EINVAL;
	if (lo > hi) {
		fprintf(stderr, "pgd-lab: --frames: %s is an empty range\n", s);
		return -EINVAL;
	}
	a->frames_lo = range ? (uint32_t)lo : (uint32_t)hi;
	a->frames_hi = (uint32_t)hi;
	return 0;
}

static int lab_policy_add(struct lab_args *a, const char *opt, const char *name)
{
	const struct lab_policy *p = lab_policy_find(name);
	char names[512];

	if (!p) {
		lab_policy_names(names, sizeof(names));
		fprintf(stderr, "pgd-lab: %s: '%s' is not a policy (one of: %s)\n", opt, name, names);
		return -EINVAL;
	}
	if (a->nr_policies == LAB_MAX_POLICIES) {
		fprintf(stderr, "pgd-lab: %s: at most %d policies\n", opt, LAB_MAX_POLICIES);
		return -EINVAL;
	}
	a->policies[a->nr_policies++] = p;
	return 0;
}

static int lab_policy_list(struct lab_args *a, const char *list)
{
	char *copy = strdup(list), *save = NULL;
	int err = copy ? 0 : -ENOMEM;

	for (char *n = copy ? strtok_r(copy, ",", &save) : NULL; n && !err;
	     n = strtok_r(NULL, ",", &save))
		err = lab_policy_add(a, "--policies", n);
	free(copy);
	return err;
}

/* --format, --from or --to. */
static int lab_format(const char *opt, const char *name, enum tracefmt *fmt)
{
	int f = tracefmt_parse(name);

	if (f < 0) {
		fprintf(stderr, "pgd-lab: %s: '%s' is not a format (%s)\n", opt, name,
			tracefmt_names());
		return -EINVAL;
	}
	*fmt = (enum tracefmt)f;
	return 0;
}

/* An option that only some commands take. */
static int lab_only(const char *opt, const char *cmds)
{
	fprintf(stderr, "pgd-lab: %s is for %s only\n", opt, cmds);
	return -EINVAL;
}

/* convert's operands, and --frames and --page-size for a pgd script. */
static int lab_parse_convert(int argc, char **argv, const char *frames, struct lab_args *a)
{
	bool pgd;

	if (a->output != OUTPUT_TABLE)
		return lab_only("--csv or --json", "sim, mrc and compare");
	if (optind != argc - 2) {
		fprintf(stderr, "pgd-lab: convert needs IN and OUT\n");
		return -EINVAL;
	}
	a->trace = argv[optind];
	a->out = argv[optind + 1];
	pgd = (a->to == TRACEFMT_AUTO ? tracefmt_by_name(a->out) : a->to) == TRACEFMT_PGD;
	if (!pgd)
		return frames ? lab_only("--frames", "sim, mrc, compare and convert --to pgd") : 0;
	if (!frames) {
		fprintf(stderr, "pgd-lab: convert --to pgd needs --frames N (the run's memory "
				"pages less the pinned zero page)\n");
		return -EINVAL;
	}
	if (a->fmt_opts.page_size && !script_page_size_ok(a->fmt_opts.page_size)) {
		fprintf(stderr, "pgd-lab: --page-size: a script's page size is a power of two "
				"from %ld to %lu bytes\n", sysconf(_SC_PAGESIZE), SCRIPT_MAX_PAGE_SIZE);
		return -EINVAL;
	}
	if (lab_frames(frames, false, a))
		return -EINVAL;
	if (a->frames_hi >= LAB_MAX_FRAMES) {
		fprintf(stderr, "pgd-lab: --frames: a script's memory holds at most %u frames\n",
			LAB_MAX_FRAMES - 1);
		return -EINVAL;
	}
	a->fmt_opts.frames = a->frames_hi;
	return 0;
}

/* defaults: the policies without --policies (mrc: lru,opt; compare: all). */
static int lab_parse(int argc, char **argv, enum lab_cmd cmd, const char *defaults,
		     struct lab_args *a)
{
	const char *frames = NULL;
	bool mrc = cmd == LAB_MRC, convert = cmd == LAB_CONVERT, trace_opts = false;
	int opt;

	while ((opt = getopt_long(argc, argv, "h", lab_options, NULL)) != -1) {
		int err = 0;

		switch (opt) {
		case 'h':
			lab_help();
			exit(0);
		case OPT_POLICY:
			err = cmd != LAB_SIM ? lab_only("--policy", "sim (mrc and compare take --policies)")
					     : lab_policy_add(a, "--policy", optarg);
			break;
		case OPT_POLICIES:
			err = defaults ? lab_policy_list(a, optarg)
				       : lab_only("--policies", "mrc and compare (sim takes one --policy)");
			break;
		case OPT_FRAMES:
			frames = optarg;
			break;
		case OPT_SEED:
			err = lab_number("--seed", "", optarg, 0, UINT64_MAX, &a->seed, NULL);
			break;
		case OPT_FORMAT:
		case OPT_FROM:
			trace_opts = true;
			err = lab_format(opt == OPT_FROM ? "--from" : "--format", optarg, &a->format);
			break;
		case OPT_TO:
			err = convert ? lab_format("--to", optarg, &a->to) : lab_only("--to", "convert");
			break;
		case OPT_PAGE_SIZE:
			trace_opts = true;
			err = lab_number("--page-size", "bytes", optarg, 1, UINT64_MAX, &a->fmt_opts.page_size,
					 NULL);
			break;
		case OPT_PLOT:
			a->plot = optarg;
			err = mrc ? 0 : lab_only("--plot", "mrc");
			break;
		case OPT_CSV:
			a->output = OUTPUT_CSV;
			break;
		case OPT_JSON:
			a->output = OUTPUT_JSON;
			break;
		case OPT_IN_PROCESS:
			a->in_process = true;
			err = cmd == LAB_COMPARE ? 0 : lab_only("--in-process", "compare on a workload");
			break;
		default:
			fprintf(stderr, "pgd-lab: option %s is unknown or needs an argument\n",
				argv[optind - 1]);
			err = -EINVAL;
		}
		if (err)
			return err;
	}
	if (convert)
		return lab_parse_convert(argc, argv, frames, a);
	if (cmd == LAB_COMPARE && optind == argc - 1 && lab_workload_name(argv[optind])) {
		a->workload = true;
		a->trace = argv[optind];
		return lab_workload_args(a, frames, trace_opts);
	}
	if (a->in_process)
		return lab_only("--in-process", "compare on a workload script (*.pgd)");
	if (!frames) {
		fprintf(stderr, "pgd-lab: --frames is needed\n");
		return -EINVAL;
	}
	if (lab_frames(frames, mrc, a))
		return -EINVAL;
	if (!a->nr_policies && (!defaults || lab_policy_list(a, defaults))) {
		fprintf(stderr, "pgd-lab: sim needs --policy\n");
		return -EINVAL;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "pgd-lab: one TRACE is needed\n");
		return -EINVAL;
	}
	a->trace = argv[optind];
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const cmds[] = {"sim", "mrc", "convert", "compare"};
	struct lab_args a = {0};
	struct trace t;
	char err[512], names[512];
	int cmd = -1, ret;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		lab_help();
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("pgd-lab %s\n", PAGERD_VERSION);
		return 0;
	}
	for (unsigned int i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i]))
			cmd = (int)i;
	if (cmd < 0) {
		fprintf(stderr, "pgd-lab: '%s' is not a command (sim, mrc, convert, compare)\n", argv[1]);
		fprintf(stderr, "Try 'pgd-lab --help' for more information.\n");
		return 2;
	}
	lab_policy_names(names, sizeof(names));
	for (char *from = names, *to = names;; from++) /* "a, b" -> "a,b" */
		if (*from != ' ' && !(*to++ = *from))
			break;
	if (lab_parse(argc - 1, argv + 1, (enum lab_cmd)cmd,
		      cmd == LAB_MRC ? "lru,opt" : cmd == LAB_COMPARE ? names : NULL, &a)) {
		fprintf(stderr, "Try 'pgd-lab --help' for more information.\n");
		return 2;
	}
	if (a.workload)
		return lab_compare_workload(&a);
	if (tracefmt_read(a.trace, a.format, &a.fmt_opts, &t, err, sizeof(err))) {
		fprintf(stderr, "pgd-lab: %s\n", err);
		return 1;
	}
	switch ((enum lab_cmd)cmd) {
	case LAB_SIM:
		ret = lab_sim(&a, &t);
		break;
	case LAB_MRC:
		ret = lab_mrc(&a, &t);
		break;
	case LAB_COMPARE:
		ret = lab_compare(&a, &t);
		break;
	default:
		ret = lab_convert(&a, &t);
	}
	trace_free(&t);
	return ret;
}
