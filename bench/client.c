/* SPDX-License-Identifier: MIT */
/*
 * pgd-bench-client: the program pgd-bench runs against a serving pagerd
 * ($PAGERD_SOCKET) for the daemon benchmarks. It attaches, maps its pages,
 * and times plain stores to the arena, each of which faults through the
 * client library's SIGSEGV handler into the daemon; it prints ns per store
 * on standard output. With `rss` it prints the daemon's anonymous memory
 * instead (RssAnon of $PGD_BENCH_DAEMON_PID, in bytes) after attaching, and
 * again after mapping and storing to its pages.
 *
 *   pgd-bench-client zero-fill PAGES   first store to each of PAGES pages
 *   pgd-bench-client evict PAGES PASSES [MAPPED]
 *                            PASSES passes of stores to PAGES pages after an
 *                            untimed one; MAPPED (>= PAGES) pages are mapped
 *   pgd-bench-client rss PAGES         RssAnon before and after mapping
 *
 * $PGD_BENCH_CPU, if set, is the CPU it runs on (pagerd runs on its own).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pagerd/client.h"

static uint64_t client_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void client_die(const char *what)
{
	fprintf(stderr, "pgd-bench-client: %s\n", what);
	exit(1);
}

static void client_place(void)
{
	const char *cpu = getenv("PGD_BENCH_CPU");
	cpu_set_t one;

	if (!cpu)
		return;
	CPU_ZERO(&one);
	CPU_SET(atoi(cpu), &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		client_die("cannot run on the CPU in $PGD_BENCH_CPU");
}

static volatile uint8_t *client_map(size_t pages)
{
	volatile uint8_t *base = NULL;

	if (pgd_attach())
		client_die("cannot attach to pagerd");
	for (size_t i = 0; i < pages; i++) {
		void *p = pgd_map(NULL, 0);

		if (!p)
			client_die("vm_map returned NULL");
		if (i == 0)
			base = p;
	}
	return base;
}

/* One store to each page; ns in all. */
static uint64_t client_pass(volatile uint8_t *base, size_t pages)
{
	size_t page_size = pgd_page_size();
	uint64_t t0 = client_now_ns();

	for (size_t i = 0; i < pages; i++)
		base[i * page_size] = (uint8_t)i;
	return client_now_ns() - t0;
}

/* The daemon's RssAnon in bytes. */
static long long client_daemon_rss(void)
{
	const char *pid = getenv("PGD_BENCH_DAEMON_PID");
	char path[64], line[256];
	long long kb = -1;
	FILE *f;

	if (!pid)
		client_die("$PGD_BENCH_DAEMON_PID is not set");
	snprintf(path, sizeof(path), "/proc/%s/status", pid);
	f = fopen(path, "r");
	if (!f)
		client_die("cannot read the daemon's /proc status");
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "RssAnon: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb * 1024;
}

int main(int argc, char **argv)
{
	size_t pages = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	volatile uint8_t *base;

	if (argc < 3 || !pages)
		client_die("usage: pgd-bench-client zero-fill|evict|rss PAGES [PASSES [MAPPED]]");
	client_place();
	if (!strcmp(argv[1], "rss")) {
		long long before;

		if (pgd_attach())
			client_die("cannot attach to pagerd");
		before = client_daemon_rss();
		base = client_map(pages);
		client_pass(base, pages);
		printf("%lld %lld\n", before, client_daemon_rss());
	} else if (!strcmp(argv[1], "zero-fill")) {
		base = client_map(pages);
		printf("%.1f\n", (double)client_pass(base, pages) / (double)pages);
	} else if (!strcmp(argv[1], "evict") && (argc == 4 || argc == 5)) {
		unsigned long passes = strtoul(argv[3], NULL, 10);
		size_t mapped = argc == 5 ? strtoul(argv[4], NULL, 10) : pages;
		uint64_t ns = 0;

		if (mapped < pages)
			client_die("MAPPED is smaller than PAGES");
		base = client_map(mapped);
		client_pass(base, pages);
		for (unsigned long i = 0; i < passes; i++)
			ns += client_pass(base, pages);
		printf("%.1f\n", (double)ns / (double)(pages * passes));
	} else {
		client_die("unknown mode");
	}
	return 0;
}
