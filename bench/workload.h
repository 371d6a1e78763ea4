/* SPDX-License-Identifier: MIT */
/*
 * Driving the reference pager through the in-process MMU for the
 * benchmarks: start a machine of a given geometry (logging off unless asked,
 * never vm_check), attach processes, map swap-backed pages, touch them, and
 * read the pager's fault counters. Every helper dies on failure: a
 * benchmark that silently measured something else would be worse than none.
 */
#ifndef PAGERD_BENCH_WORKLOAD_H
#define PAGERD_BENCH_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "harness.h"
#include "pagerd/stats.h"

struct workload_geom {
	size_t page_size;
	unsigned int frames; /* the zero page included */
	unsigned int blocks;
	size_t arena_pages;
	FILE *log; /* NULL: logging off */
};

void workload_start(const struct bench_opts *o, const struct workload_geom *g);
void workload_stop(void);

/* A new program attaches (and runs if nothing else does); its pid. */
pid_t workload_attach(void);
/* The running process maps n more swap-backed pages. */
void workload_map(size_t n);
/* The running process loads or stores one byte of its page `page`. */
void workload_touch(size_t page, bool write);
/* The arena address of page `page`. */
uintptr_t workload_addr(size_t page);

/* "Every touch faults, with a dirty victim": procs processes of `pages`
 * swap-backed pages each, on a machine with fewer usable frames than pages
 * in all. Setup attaches them, maps the pages and stores to each once; a
 * pass stores to every page of every process in order, each process
 * yielding to the next after its pages, so each store swaps its page in
 * and evicts a dirty one. */
void workload_evict_setup(size_t procs, size_t pages);
void workload_evict_pass(size_t procs, size_t pages);

/* Permission-only faults: one process with n pages and n - 1 usable frames
 * (n frames, the zero page included). Setup maps and stores to pages
 * 0 ... n-2. Sweep number k (from 0) stores to the one page that is not
 * resident, which makes the clock clear every frame's reference bit and
 * evict the page after it; it returns the first of the n - 2 pages (in
 * wrapping order) that are now resident with r=w=0, so that one load of
 * each takes exactly one permission fault. */
void workload_perm_setup(size_t n);
size_t workload_perm_sweep(size_t n, size_t k);

/* The whole pager's statistics, and its faults of every kind so far. */
void workload_stats(struct pgd_stats *st);
uint64_t workload_faults(void);

#endif
