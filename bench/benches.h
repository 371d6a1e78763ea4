/* SPDX-License-Identifier: MIT */
/*
 * The benchmarks pgd-bench runs, one per file, each printing its section of
 * the results table; and the fixed workloads that bench/run counts
 * instructions of under callgrind.
 */
#ifndef PAGERD_BENCH_BENCHES_H
#define PAGERD_BENCH_BENCHES_H

#include "harness.h"

void bench_floors(const struct bench_opts *o);    /* the two baselines */
void bench_mmu(const struct bench_opts *o);       /* target 4 */
void bench_scale(const struct bench_opts *o);     /* target 3: per-fault cost */
void bench_lifecycle(const struct bench_opts *o); /* target 3: vm_create, vm_destroy */
void bench_memory(const struct bench_opts *o);    /* target 5 */
void bench_logging(const struct bench_opts *o);   /* target 6, in process */
void bench_daemon(const struct bench_opts *o);    /* targets 1 and 2, through pagerd */

/* A fixed workload for callgrind --toggle-collect=callgrind_measured: an
 * untimed setup, then about n measured units (accesses through the
 * in-process MMU, or vm_create or vm_destroy calls), each inside
 * callgrind_measured. Prints the units and the faults they took. kind:
 * zero-fill-4k, zero-fill-64k, permission, hit (no fault), cow,
 * evict[:FRAMES[:PROCS]] (64 frames, 1 process), create:PAGES,
 * destroy:PAGES. 0, or -EINVAL for another kind. */
int callgrind_faults(const struct bench_opts *o, const char *kind, unsigned int n);

#endif
