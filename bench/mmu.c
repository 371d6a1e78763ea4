/* SPDX-License-Identifier: MIT */
/*
 * Target 4: the in-process MMU driving the reference pager, logging off.
 * (a) Simulated references per second on a fixed pseudo-random reference
 * string whose fault rate under the pager is about 1%: a hot set that fits
 * in memory, and rare references to a larger cold set whose evictions make
 * the clock clear the hot pages' reference bits. Baseline: the same string
 * run as plain loads and stores on ordinary memory. (b) Permission-only
 * faults per second: every resident page has had its bits cleared by a
 * sweep, and each load takes exactly one reference-bit fault. Baseline: the
 * MMU's loads that need no fault.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "benches.h"
#include "inproc.h"
#include "workload.h"

/* The reference string: 64 frames, a 256-page arena, 32 hot pages, and a
 * 1-in-MMU_COLD_ONE_IN chance that a reference goes to one of the other 224
 * pages; a quarter of the references are stores. */
#define MMU_FRAMES       64u
#define MMU_PAGES        256u
#define MMU_HOT          32u
#define MMU_COLD_ONE_IN  278u
#define MMU_STORE_ONE_IN 4u
/* Permission-only faults: one page more than there are usable frames. */
#define MMU_PERM_FRAMES 256u

/* A reference: the arena offset, with bit 0 set for a store. */
struct mmu_string {
	uint64_t *ref;
	size_t len;
};

static uint64_t mmu_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static struct mmu_string mmu_string_build(size_t len, size_t page_size)
{
	struct mmu_string s = {.ref = malloc(len * sizeof(uint64_t)), .len = len};
	uint64_t seed = 0x9e3779b97f4a7c15u;

	if (!s.ref)
		bench_die("out of memory");
	for (size_t i = 0; i < len; i++) {
		uint64_t page = mmu_rand(&seed) % MMU_COLD_ONE_IN
		                    ? mmu_rand(&seed) % MMU_HOT
		                    : MMU_HOT + mmu_rand(&seed) % (MMU_PAGES - MMU_HOT);
		uint64_t off = mmu_rand(&seed) % page_size & ~(uint64_t)1;

		s.ref[i] = page * page_size + off + (mmu_rand(&seed) % MMU_STORE_ONE_IN == 0);
	}
	return s;
}

/* The string as plain memory accesses: ns per reference. */
static double mmu_run_native(const struct mmu_string *s, volatile uint8_t *mem)
{
	uint64_t t0 = bench_now_ns();

	for (size_t i = 0; i < s->len; i++) {
		uint64_t r = s->ref[i];

		if (r & 1)
			mem[r & ~(uint64_t)1] = (uint8_t)i;
		else
			(void)mem[r];
	}
	return (double)(bench_now_ns() - t0) / (double)s->len;
}

/* The string through the in-process MMU: ns per reference. */
static double mmu_run_inproc(const struct mmu_string *s, uintptr_t base)
{
	uint64_t t0 = bench_now_ns();
	uint8_t byte;
	int err;

	for (size_t i = 0; i < s->len; i++) {
		uint64_t r = s->ref[i];

		if (r & 1)
			err = inproc_store(base + (r & ~(uint64_t)1), (uint8_t)i);
		else
			err = inproc_load(base + r, &byte);
		if (err)
			bench_die("reference %zu killed the process", i);
	}
	return (double)(bench_now_ns() - t0) / (double)s->len;
}

static double mmu_per_million(uint64_t n, const struct mmu_string *s, unsigned int reps)
{
	return (double)n * 1e6 / ((double)s->len * reps);
}

static void mmu_refs(const struct bench_opts *o, size_t page_size)
{
	struct workload_geom g = {.page_size = page_size,
	                          .frames = MMU_FRAMES,
	                          .blocks = MMU_PAGES,
	                          .arena_pages = MMU_PAGES};
	struct mmu_string s = mmu_string_build(o->quick ? 100000 : 2000000, page_size);
	struct series native = {0}, sim = {0}, rate = {0};
	uint8_t *mem = calloc(MMU_PAGES, page_size);
	struct pgd_stats a, b;
	char name[96];

	if (!mem)
		bench_die("out of memory");
	workload_start(o, &g);
	workload_attach();
	workload_map(MMU_PAGES);
	mmu_run_native(&s, mem);              /* touch the memory once */
	mmu_run_inproc(&s, workload_addr(0)); /* reach the steady state */
	workload_stats(&a);
	for (unsigned int r = 0; r < o->reps; r++) {
		uint64_t f0 = workload_faults();

		series_add(&native, 1e3 / mmu_run_native(&s, mem));
		series_add(&sim, 1e3 / mmu_run_inproc(&s, workload_addr(0)));
		series_add(&rate, 100.0 * (double)(workload_faults() - f0) / (double)s.len);
	}
	workload_stats(&b);
	workload_stop();
	snprintf(name, sizeof(name), "MMU references, %zu KiB pages, ~1%% faults", page_size >> 10);
	report_row(&(struct row){"4", name, "M refs/s", &sim, &native, "M native refs/s",
	                         TARGET_VALUE_MIN, 20});
	snprintf(name, sizeof(name), "fault rate of that string, %zu KiB pages", page_size >> 10);
	report_row(&(struct row){"4", name, "% of refs", &rate, NULL, NULL, TARGET_NONE, 0});
	report_note("Faults of that string (%zu KiB pages) per million references: %.0f "
	            "permission-only, %.0f swap-in, %.0f zero-fill; %.0f dirty and %.0f clean "
	            "evictions.",
	            page_size >> 10,
	            mmu_per_million(b.faults_permission - a.faults_permission, &s, o->reps),
	            mmu_per_million(b.faults_swap_in - a.faults_swap_in, &s, o->reps),
	            mmu_per_million(b.faults_zero_fill - a.faults_zero_fill, &s, o->reps),
	            mmu_per_million(b.evictions_dirty - a.evictions_dirty, &s, o->reps),
	            mmu_per_million(b.evictions_clean - a.evictions_clean, &s, o->reps));
	series_free(&native);
	series_free(&sim);
	series_free(&rate);
	free(mem);
	free(s.ref);
}

/* Load n pages from `from` (wrapping), checking that the loads took
 * exactly `faults` faults in all, every one of them permission-only. */
static uint64_t mmu_load_pass(size_t from, size_t n, uint64_t faults)
{
	struct pgd_stats a, b;
	uint64_t t0, t1, all;

	workload_stats(&a);
	all = workload_faults();
	t0 = bench_now_ns();
	for (size_t i = 0; i < n; i++)
		workload_touch((from + i) % MMU_PERM_FRAMES, false);
	t1 = bench_now_ns();
	workload_stats(&b);
	all = workload_faults() - all;
	if (b.faults_permission - a.faults_permission != faults || all != faults)
		bench_die("permission pass: expected %" PRIu64 " permission faults, got %" PRIu64,
		          faults, b.faults_permission - a.faults_permission);
	return t1 - t0;
}

static void mmu_perm(const struct bench_opts *o)
{
	const size_t n = MMU_PERM_FRAMES; /* pages: one more than usable frames */
	struct workload_geom g = {.page_size = 4096,
	                          .frames = MMU_PERM_FRAMES,
	                          .blocks = MMU_PERM_FRAMES,
	                          .arena_pages = MMU_PERM_FRAMES};
	unsigned int sweeps = o->quick ? 4 : 200;
	struct series perm = {0}, hits = {0};
	size_t k = 0;

	workload_start(o, &g);
	workload_perm_setup(n);
	for (unsigned int r = 0; r < o->reps; r++) {
		uint64_t fault_ns = 0, hit_ns = 0;

		for (unsigned int i = 0; i < sweeps; i++, k++) {
			size_t first = workload_perm_sweep(n, k);

			fault_ns += mmu_load_pass(first, n - 2, n - 2);
			hit_ns += mmu_load_pass(first, n - 2, 0);
		}
		series_add(&perm, (double)sweeps * (double)(n - 2) * 1e3 / (double)fault_ns);
		series_add(&hits, (double)sweeps * (double)(n - 2) * 1e3 / (double)hit_ns);
	}
	workload_stop();
	report_row(&(struct row){"4", "permission-only faults (clock reference bits)", "M faults/s",
	                         &perm, &hits, "M MMU hits/s", TARGET_VALUE_MIN, 1});
	series_free(&perm);
	series_free(&hits);
}

void bench_mmu(const struct bench_opts *o)
{
	report_section("Target 4: the in-process MMU and the reference pager, logging off");
	mmu_refs(o, 4096);
	mmu_refs(o, 65536);
	mmu_perm(o);
}
