/* SPDX-License-Identifier: MIT */
/*
 * pgd-bench: runs the benchmarks of issue 5 and prints their results as
 * Markdown tables, each figure with its baseline measured in the same run.
 * `--quick` runs everything once at tiny sizes (the bench-smoke test);
 * `--callgrind KIND N` runs a fixed fault workload for instruction counting.
 * bench/run is the documented way to run it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benches.h"

struct main_bench {
	const char *name;
	void (*run)(const struct bench_opts *o);
};

static const struct main_bench main_benches[] = {
    {"floors", bench_floors},       {"mmu", bench_mmu},       {"scale", bench_scale},
    {"lifecycle", bench_lifecycle}, {"memory", bench_memory}, {"logging", bench_logging},
    {"daemon", bench_daemon},
};

#define MAIN_NR_BENCHES (sizeof(main_benches) / sizeof(main_benches[0]))

static void main_usage(FILE *f)
{
	fprintf(f, "usage: pgd-bench [--quick] [--reps N] [--only NAME,...] [--swap-dir DIR]\n"
	           "                 [--pagerd PATH] [--client PATH]\n"
	           "       pgd-bench --callgrind KIND N\n"
	           "kinds: zero-fill-4k zero-fill-64k permission hit cow evict[:FRAMES[:PROCS]]\n"
	           "       create:PAGES destroy:PAGES\n"
	           "benchmarks:");
	for (size_t i = 0; i < MAIN_NR_BENCHES; i++)
		fprintf(f, " %s", main_benches[i].name);
	fprintf(f, "\n");
}

/* True if name is in the comma-separated list (NULL: every benchmark). */
static bool main_selected(const char *list, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = list; p; p = strchr(p, ',')) {
		p += *p == ',';
		if (!strncmp(p, name, len) && (p[len] == ',' || p[len] == '\0'))
			return true;
	}
	return !list;
}

/* Every name in the list must be a benchmark's. */
static void main_check_only(const char *list)
{
	while (list && *list) {
		size_t len = strcspn(list, ","), i;

		for (i = 0; i < MAIN_NR_BENCHES; i++)
			if (strlen(main_benches[i].name) == len &&
			    !strncmp(list, main_benches[i].name, len))
				break;
		if (i == MAIN_NR_BENCHES)
			bench_die("--only: no benchmark is called \"%.*s\"", (int)len, list);
		list += len + (list[len] == ',');
	}
}

static unsigned int main_number(const char *s, const char *what)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v == 0 || v > 1000000000ul)
		bench_die("%s: not a positive number: %s", what, s);
	return (unsigned int)v;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"quick", no_argument, NULL, 'q'},
	    {"reps", required_argument, NULL, 'r'},
	    {"only", required_argument, NULL, 'o'},
	    {"swap-dir", required_argument, NULL, 's'},
	    {"pagerd", required_argument, NULL, 'p'},
	    {"client", required_argument, NULL, 'C'},
	    {"callgrind", required_argument, NULL, 'c'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct bench_opts o = {.pagerd = PGD_BENCH_PAGERD, .client = PGD_BENCH_CLIENT};
	const char *only = NULL, *callgrind = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o.quick = true;
			break;
		case 'r':
			o.reps = main_number(optarg, "--reps");
			break;
		case 'o':
			only = optarg;
			break;
		case 's':
			o.swap_dir = optarg;
			break;
		case 'p':
			o.pagerd = optarg;
			break;
		case 'C':
			o.client = optarg;
			break;
		case 'c':
			callgrind = optarg;
			break;
		case 'h':
			main_usage(stdout);
			return 0;
		default:
			main_usage(stderr);
			return 2;
		}
	}
	if (callgrind) {
		if (optind + 1 != argc)
			bench_die("--callgrind KIND N: N is missing");
		if (callgrind_faults(&o, callgrind, main_number(argv[optind], "N")) == -EINVAL)
			bench_die("--callgrind: unknown fault kind %s", callgrind);
		return 0;
	}
	if (optind != argc) {
		main_usage(stderr);
		return 2;
	}
	main_check_only(only);
	if (!o.reps)
		o.reps = o.quick ? 1 : 9;
	printf("pgd-bench: %u reps%s; figures are medians over reps; ratios are medians of "
	       "per-rep ratios to a baseline measured side by side.\n",
	       o.reps, o.quick ? ", quick sizes (smoke run: the figures mean nothing)" : "");
	for (size_t i = 0; i < MAIN_NR_BENCHES; i++)
		if (main_selected(only, main_benches[i].name))
			main_benches[i].run(&o);
	report_flush();
	return 0;
}
