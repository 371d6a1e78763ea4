/* SPDX-License-Identifier: MIT */
/*
 * The benchmarks' hands on the in-process MMU: one machine at a time with
 * the reference pager, logging off unless a sink is given and vm_check
 * never run, so that what is timed is what pagerd does in production.
 */
#include <errno.h>
#include <string.h>

#include "inproc.h"
#include "refpager.h"
#include "workload.h"

/* The simulated launcher: attached programs get pids after it. */
#define WORKLOAD_LAUNCHER 1000

void workload_start(const struct bench_opts *o, const struct workload_geom *g)
{
	struct machine_config cfg;
	int err;

	machine_config_defaults(&cfg);
	cfg.geom.page_size = g->page_size;
	cfg.geom.memory_pages = g->frames;
	cfg.geom.swap_blocks = g->blocks;
	cfg.geom.arena_pages = g->arena_pages;
	cfg.swap_dir = o->swap_dir;
	cfg.log = g->log;
	cfg.check = false;
	cfg.ops = &refpager_ops;
	err = inproc_start(&cfg, WORKLOAD_LAUNCHER);
	if (err)
		bench_die("machine of %u frames, %u blocks, %zu arena pages of %zu bytes: %s",
		          g->frames, g->blocks, g->arena_pages, g->page_size, strerror(-err));
}

void workload_stop(void)
{
	inproc_stop();
}

pid_t workload_attach(void)
{
	pid_t pid = inproc_attach();

	if (pid < 0)
		bench_die("attach: vm_create refused");
	return pid;
}

void workload_map(size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!inproc_map(0, 0))
			bench_die("vm_map returned NULL (pid %ld, page %zu of %zu)",
			          (long)inproc_running(), i, n);
}

uintptr_t workload_addr(size_t page)
{
	const struct pgd_geometry *g = machine_geometry();

	return g->arena_base + page * g->page_size;
}

void workload_touch(size_t page, bool write)
{
	uint8_t byte = 1;
	int err = write ? inproc_store(workload_addr(page), byte)
	                : inproc_load(workload_addr(page), &byte);

	if (err)
		bench_die("%s of page %zu by pid %ld: %s", write ? "store" : "load", page,
		          (long)inproc_running(), strerror(-err));
}

void workload_evict_setup(size_t procs, size_t pages)
{
	for (size_t p = 0; p < procs; p++)
		workload_attach();
	for (size_t p = 0; p < procs; p++) {
		workload_map(pages);
		inproc_yield();
	}
	workload_evict_pass(procs, pages);
}

void workload_evict_pass(size_t procs, size_t pages)
{
	for (size_t p = 0; p < procs; p++) {
		for (size_t i = 0; i < pages; i++)
			workload_touch(i, true);
		inproc_yield();
	}
}

void workload_perm_setup(size_t n)
{
	workload_attach();
	workload_map(n);
	for (size_t i = 0; i + 1 < n; i++)
		workload_touch(i, true);
}

/* Before sweep k, page (k - 1) mod n is the one not resident, and the clock
 * queue holds the others from page k on, every one referenced (the last
 * sweep's loads set them again). The store clears them all, evicts page k,
 * and leaves pages k+1 ... k+n-2 resident with r=w=0. */
size_t workload_perm_sweep(size_t n, size_t k)
{
	workload_touch((k + n - 1) % n, true);
	return (k + 1) % n;
}

void workload_stats(struct pgd_stats *st)
{
	if (refpager_ops.stats(0, st))
		bench_die("pager statistics unavailable");
}

uint64_t workload_faults(void)
{
	struct pgd_stats st;

	workload_stats(&st);
	return st.faults_zero_fill + st.faults_swap_in + st.faults_file_in + st.faults_cow_copy +
	       st.faults_permission + st.faults_failed;
}
