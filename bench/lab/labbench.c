/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab-bench: what pgd-lab's replay costs (bench/README.md, "Policy
 * lab"). `gen N FILE` writes a fixed pseudo-random trace of N references;
 * `rate FILE` replays it through every policy at one size, each time
 * beside a loop that only reads the same file (the I/O floor); `curves`
 * times the one-pass LRU and OPT curves from 10^5 to 10^7 references.
 * Markdown tables on stdout. bench/lab-run runs all three and callgrind.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lab.h"
#include "mrc.h"
#include "tracefmt.h"

#define LB_PAGES 100000u /* distinct pages of a generated trace */
#define LB_HOT 4000u	 /* the hot set, a third of the references */

static double lb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Six references in ten to a hot set of LB_HOT pages, three in runs of 64
 * pages in turn (a scan) from a random page of the first fifth, one over
 * every page with a skew to low numbers; a quarter of them writes. Seeded:
 * the same string every time. */
static void lb_generate(uint64_t n, struct trace *t)
{
	uint64_t x = 0x9e3779b97f4a7c15ull, scan = 0;

	trace_init(t);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t page;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (x % 10) {
		case 0: case 1: case 2: case 3: case 4: case 5:
			page = (x >> 8) % LB_HOT;
			break;
		case 6: case 7: case 8:
			page = scan++ % LB_PAGES;
			if (!(scan % 64))
				scan = (x >> 12) % (LB_PAGES / 5);
			break;
		default: {
			uint64_t r = (x >> 8) % LB_PAGES;

			page = r * r / LB_PAGES;
		}
		}
		if (trace_push(t, page, (x >> 40) % 4 == 0)) {
			fprintf(stderr, "pgd-lab-bench: out of memory at reference %llu\n",
				(unsigned long long)i);
			exit(1);
		}
	}
}

static void lb_read(const char *path, struct trace *t)
{
	char err[512];

	if (tracefmt_read(path, TRACEFMT_AUTO, NULL, t, err, sizeof(err))) {
		fprintf(stderr, "pgd-lab-bench: %s\n", err);
		exit(1);
	}
}

/* The floor: read the file and touch every reference. */
static double lb_floor(const char *path, uint64_t *sum)
{
	double t0 = lb_now();
	struct trace t;

	lb_read(path, &t);
	for (uint64_t i = 0; i < t.n; i++)
		*sum += t.page[i] + t.write[i];
	trace_free(&t);
	return lb_now() - t0;
}

static void lb_rate(const char *path, uint32_t frames)
{
	const struct lab_policy *p;
	uint64_t sum = 0;
	struct trace t;

	lb_read(path, &t);
	printf("Replay of %s: %llu references, %u pages, %u frames; the floor only reads the "
	       "file (and touches each reference).\n\n",
	       path, (unsigned long long)t.n, t.nr_pages, frames);
	printf("| policy | miss ratio | read + replay s | floor s | replay M refs/s | "
	       "(read + replay) / floor |\n|---|---|---|---|---|---|\n");
	trace_free(&t);
	for (unsigned int i = 0; (p = lab_policy_at(i)); i++) {
		double floor = lb_floor(path, &sum), t0 = lb_now(), read, all;
		struct lab_ctx ctx = {.frames = frames, .seed = 1};
		struct lab_result r;
		uint64_t *next;

		lb_read(path, &t);
		read = lb_now() - t0;
		next = trace_next_use(&t);
		ctx.t = &t;
		ctx.next = next;
		if (!next || lab_simulate(p, &ctx, &r)) {
			fprintf(stderr, "pgd-lab-bench: out of memory\n");
			exit(1);
		}
		all = lb_now() - t0;
		printf("| %s | %.4f | %.3f | %.3f | %.1f | %.2f |\n", p->name,
		       (double)r.faults / (double)(r.refs ? r.refs : 1), all, floor,
		       (double)t.n / (all - read) / 1e6, all / floor);
		free(next);
		trace_free(&t);
	}
	if (sum == 42)
		printf("\n"); /* keeps the floor's loop */
}

static void lb_curves(uint64_t lo, uint64_t hi, uint32_t frames)
{
	printf("One-pass curves to %u frames (generated traces):\n\n", frames);
	printf("| references | LRU s | LRU ns / (n log2 n) | OPT s | OPT ns / n |\n"
	       "|---|---|---|---|---|\n");
	for (uint64_t n = lo; n <= hi; n *= 10) {
		uint64_t *misses = malloc(((size_t)frames + 1) * sizeof(*misses)), *next;
		struct trace t;
		double t0, lru, opt;

		lb_generate(n, &t);
		next = trace_next_use(&t);
		if (!misses || !next) {
			fprintf(stderr, "pgd-lab-bench: out of memory\n");
			exit(1);
		}
		t0 = lb_now();
		mrc_lru(&t, frames, misses, NULL);
		lru = lb_now() - t0;
		t0 = lb_now();
		mrc_opt(&t, next, frames, misses, NULL);
		opt = lb_now() - t0;
		printf("| %llu | %.3f | %.2f | %.3f | %.1f |\n", (unsigned long long)n, lru,
		       lru * 1e9 / ((double)n * log2((double)n)), opt, opt * 1e9 / (double)n);
		free(misses);
		free(next);
		trace_free(&t);
	}
}

static const char lb_usage[] =
    "Usage: pgd-lab-bench gen N FILE         write a generated trace of N references\n"
    "       pgd-lab-bench rate FILE [FRAMES] replay FILE through every policy\n"
    "       pgd-lab-bench curves [LO HI [FRAMES]] time the LRU and OPT curves\n"
    "       pgd-lab-bench --quick             all three at tiny sizes (the smoke test)\n"
    "rate's FRAMES defaults to 10000, curves' to 1000; LO HI to 100000 10000000\n(powers of ten apart).\n";

static uint64_t lb_number(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 10);

	if (!*s || *end || !v) {
		fprintf(stderr, "pgd-lab-bench: '%s' is not a positive number\n", s);
		exit(2);
	}
	return v;
}

static void lb_gen(uint64_t n, const char *path)
{
	struct trace t;
	char err[512];

	lb_generate(n, &t);
	if (tracefmt_write(path, TRACEFMT_AUTO, NULL, &t, err, sizeof(err))) {
		fprintf(stderr, "pgd-lab-bench: %s\n", err);
		exit(1);
	}
	trace_free(&t);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(lb_usage, stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--quick")) {
		char path[] = "/tmp/pgd-lab-bench-XXXXXX.oracleGeneral";
		int fd = mkstemps(path, 14);

		if (fd < 0) {
			perror("pgd-lab-bench: /tmp");
			return 1;
		}
		close(fd);
		lb_gen(20000, path);
		lb_rate(path, 100);
		remove(path);
		printf("\n");
		lb_curves(1000, 10000, 100);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "gen")) {
		lb_gen(lb_number(argv[2]), argv[3]);
		return 0;
	}
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "rate")) {
		lb_rate(argv[2], argc == 4 ? (uint32_t)lb_number(argv[3]) : 10000);
		return 0;
	}
	if ((argc == 2 || argc == 4 || argc == 5) && !strcmp(argv[1], "curves")) {
		lb_curves(argc > 2 ? lb_number(argv[2]) : 100000,
			  argc > 2 ? lb_number(argv[3]) : 10000000,
			  argc == 5 ? (uint32_t)lb_number(argv[4]) : 1000);
		return 0;
	}
	fputs(lb_usage, stderr);
	return 2;
}
