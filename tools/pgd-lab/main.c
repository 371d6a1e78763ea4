/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab: replacement policies on reference strings, through the same
 * policy code as the pager (docs/policies.md). `sim` runs one policy at one
 * size; `mrc` draws miss-ratio curves.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

#define LAB_MAX_FRAMES (1u << 30)

static const char lab_usage[] =
    "Usage: pgd-lab sim --policy P --frames N [OPTIONS] TRACE\n"
    "       pgd-lab mrc [--policies P,Q,...] --frames [LO..]HI [OPTIONS] TRACE\n"
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
    "\n"
    "Options:\n"
    "      --policy=P        sim's policy\n"
    "      --policies=P,...  mrc's policies\n"
    "      --frames=N|LO..HI cache size in pages (frames), at least 1\n"
    "      --seed=N          the random policy's seed (default 0)\n"
    "      --format=FMT      text, csv or oracle (default: oracle if the name\n"
    "                        contains oracleGeneral, csv if it ends in .csv,\n"
    "                        else text)\n"
    "      --csv             comma-separated output\n"
    "      --json            JSON output (an array of objects)\n"
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
    "\n"
    "Exit status: 0, 1 if the trace cannot be read, 2 for a bad command line.\n"
    "See docs/policies.md.\n";

enum { OPT_POLICY = 256, OPT_POLICIES, OPT_FRAMES, OPT_SEED, OPT_FORMAT, OPT_CSV, OPT_JSON };

static const struct option lab_options[] = {
    {"policy", required_argument, NULL, OPT_POLICY},
    {"policies", required_argument, NULL, OPT_POLICIES},
    {"frames", required_argument, NULL, OPT_FRAMES},
    {"seed", required_argument, NULL, OPT_SEED},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"csv", no_argument, NULL, OPT_CSV},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static void lab_help(void)
{
	char names[512];

	lab_policy_names(names, sizeof(names));
	printf(lab_usage, names);
}

/* A whole decimal number in [min, max], ending at *end (may be NULL: the
 * whole string). */
static int lab_number(const char *opt, const char *s, uint64_t min, uint64_t max, uint64_t *v,
		      const char *stop)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || errno || (stop ? end != stop : *end)) {
		fprintf(stderr, "pgd-lab: %s: '%s' is not a number\n", opt, s);
		return -EINVAL;
	}
	if (*v < min || *v > max) {
		fprintf(stderr, "pgd-lab: %s: %llu is out of range (%llu to %llu frames)\n", opt,
			(unsigned long long)*v, (unsigned long long)min, (unsigned long long)max);
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
	if (dots && lab_number("--frames", s, 1, LAB_MAX_FRAMES, &lo, dots))
		return -EINVAL;
	if (lab_number("--frames", dots ? dots + 2 : s, 1, LAB_MAX_FRAMES, &hi, NULL))
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

static int lab_parse(int argc, char **argv, bool mrc, struct lab_args *a)
{
	const char *frames = NULL;
	int opt, fmt;

	while ((opt = getopt_long(argc, argv, "h", lab_options, NULL)) != -1) {
		int err = 0;

		switch (opt) {
		case 'h':
			lab_help();
			exit(0);
		case OPT_POLICY:
			err = mrc ? (fprintf(stderr, "pgd-lab: mrc takes --policies\n"), -EINVAL)
				  : lab_policy_add(a, "--policy", optarg);
			break;
		case OPT_POLICIES:
			err = mrc ? lab_policy_list(a, optarg)
				  : (fprintf(stderr, "pgd-lab: sim takes one --policy\n"), -EINVAL);
			break;
		case OPT_FRAMES:
			frames = optarg;
			break;
		case OPT_SEED:
			err = lab_number("--seed", optarg, 0, UINT64_MAX, &a->seed, NULL);
			break;
		case OPT_FORMAT:
			fmt = tracefmt_parse(optarg);
			if (fmt < 0) {
				fprintf(stderr, "pgd-lab: --format: '%s' is not a format (text, csv, "
						"oracle)\n",
					optarg);
				err = -EINVAL;
			}
			a->format = (enum tracefmt)fmt;
			break;
		case OPT_CSV:
			a->output = OUTPUT_CSV;
			break;
		case OPT_JSON:
			a->output = OUTPUT_JSON;
			break;
		default:
			fprintf(stderr, "pgd-lab: option %s is unknown or needs an argument\n",
				argv[optind - 1]);
			err = -EINVAL;
		}
		if (err)
			return err;
	}
	if (!frames) {
		fprintf(stderr, "pgd-lab: --frames is needed\n");
		return -EINVAL;
	}
	if (lab_frames(frames, mrc, a))
		return -EINVAL;
	if (!a->nr_policies && (!mrc || lab_policy_list(a, "lru,opt"))) {
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
	struct lab_args a = {0};
	struct trace t;
	char err[512];
	bool mrc;
	int ret;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		lab_help();
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("pgd-lab %s\n", PAGERD_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "sim") && strcmp(argv[1], "mrc")) {
		fprintf(stderr, "pgd-lab: '%s' is not a command (sim, mrc)\n", argv[1]);
		fprintf(stderr, "Try 'pgd-lab --help' for more information.\n");
		return 2;
	}
	mrc = !strcmp(argv[1], "mrc");
	if (lab_parse(argc - 1, argv + 1, mrc, &a)) {
		fprintf(stderr, "Try 'pgd-lab --help' for more information.\n");
		return 2;
	}
	if (tracefmt_read(a.trace, a.format, &t, err, sizeof(err))) {
		fprintf(stderr, "pgd-lab: %s\n", err);
		return 1;
	}
	ret = mrc ? lab_mrc(&a, &t) : lab_sim(&a, &t);
	trace_free(&t);
	return ret;
}
