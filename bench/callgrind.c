/* SPDX-License-Identifier: MIT */
/*
 * Fixed fault workloads for counting instructions: each sets up untimed,
 * then makes every measured access through callgrind_measured, so that
 * `valgrind --tool=callgrind --toggle-collect=callgrind_measured` counts the
 * whole simulated fault path (the MMU's check, vm_fault through the machine,
 * the retry) and nothing else. Instruction counts are stable on a noisy
 * machine, which makes them the regression guard for the fault path.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benches.h"
#include "inproc.h"
#include "workload.h"

/* What the measured calls did. Main thread. */
static struct {
	uint64_t units; /* accesses, or vm_create / vm_destroy calls */
	uint64_t faults;
} callgrind_count;

/* The one function callgrind collects in: it runs fn(arg). */
__attribute__((noinline)) void callgrind_measured(void (*fn)(void *), void *arg);

__attribute__((noinline)) void callgrind_measured(void (*fn)(void *), void *arg)
{
	fn(arg);
}

/* callgrind_measured, counting `units` and the faults taken. */
static void callgrind_run(void (*fn)(void *), void *arg, uint64_t units)
{
	uint64_t f0 = workload_faults();

	callgrind_measured(fn, arg);
	callgrind_count.units += units;
	callgrind_count.faults += workload_faults() - f0;
}

/* Touch `count` pages from `first`, wrapping at `pages`. */
struct callgrind_touches {
	size_t first, count, pages;
	bool write;
};

static void callgrind_touch(void *arg)
{
	const struct callgrind_touches *t = arg;

	for (size_t i = 0; i < t->count; i++)
		workload_touch((t->first + i) % t->pages, t->write);
}

static void callgrind_touches(size_t first, size_t count, size_t pages, bool write)
{
	struct callgrind_touches t = {first, count, pages, write};

	callgrind_run(callgrind_touch, &t, count);
}

/* n first stores to never-written pages, none evicting. */
static void callgrind_zero_fill(const struct bench_opts *o, size_t page_size, unsigned int n)
{
	struct workload_geom g = {page_size, n + 1, n, n > 256 ? n : 256, NULL};

	workload_start(o, &g);
	workload_attach();
	workload_map(n);
	callgrind_touches(0, n, n, true);
}

/* Loads of resident pages whose bits a sweep cleared: one fault each. */
static void callgrind_permission(const struct bench_opts *o, unsigned int n)
{
	const size_t pages = 256;
	struct workload_geom g = {4096, (unsigned int)pages, (unsigned int)pages, pages, NULL};

	workload_start(o, &g);
	workload_perm_setup(pages);
	for (size_t k = 0, done = 0; done < n; k++, done += pages - 2)
		callgrind_touches(workload_perm_sweep(pages, k), pages - 2, pages, false);
}

/* procs processes of 2(F - 1) pages each store to their pages in turn with
 * F - 1 usable frames: each store swaps its page in and evicts a dirty one
 * (the scale benchmark's workload, yields included). */
struct callgrind_evict {
	size_t procs, pages;
};

static void callgrind_evict_pass(void *arg)
{
	const struct callgrind_evict *e = arg;

	workload_evict_pass(e->procs, e->pages);
}

static void callgrind_evict(const struct bench_opts *o, unsigned int frames, size_t procs,
                            unsigned int n)
{
	struct callgrind_evict e = {procs, 2 * (size_t)(frames - 1)};
	struct workload_geom g = {4096, frames, (unsigned int)(procs * e.pages),
	                          e.pages > 256 ? e.pages : 256, NULL};

	workload_start(o, &g);
	workload_evict_setup(procs, e.pages);
	for (size_t done = 0; done < n; done += procs * e.pages)
		callgrind_run(callgrind_evict_pass, &e, procs * e.pages);
}

static void callgrind_fork(void *arg)
{
	if (inproc_fork() < 0)
		bench_die("vm_create refused");
	(void)arg;
}

static void callgrind_exit(void *arg)
{
	inproc_exit();
	(void)arg;
}

/* n times, a parent with `pages` written pages forks (vm_create) and the
 * child, switched to, exits (vm_destroy); one of the two is measured. */
static void callgrind_life(const struct bench_opts *o, size_t pages, bool create, unsigned int n)
{
	struct workload_geom g = {4096, 64, (unsigned int)(2 * pages), pages > 256 ? pages : 256,
	                          NULL};

	workload_start(o, &g);
	workload_attach();
	workload_map(pages);
	for (size_t i = 0; i < pages; i++)
		workload_touch(i, true);
	for (unsigned int i = 0; i < n; i++) {
		if (create)
			callgrind_run(callgrind_fork, NULL, 1);
		else
			callgrind_fork(NULL);
		inproc_yield();
		if (create)
			callgrind_exit(NULL);
		else
			callgrind_run(callgrind_exit, NULL, 1);
	}
}

/* After a fork, the parent stores to each of its resident pages: a
 * copy-on-write copy each, with free frames for the copies. */
static void callgrind_cow(const struct bench_opts *o, unsigned int n)
{
	struct workload_geom g = {4096, 2 * n + 1, 2 * n, n > 256 ? n : 256, NULL};

	workload_start(o, &g);
	workload_attach();
	workload_map(n);
	for (size_t i = 0; i < n; i++)
		workload_touch(i, true);
	if (inproc_fork() < 0)
		bench_die("vm_create refused");
	callgrind_touches(0, n, n, true);
}

/* Loads that need no fault: the MMU's own cost per access. */
static void callgrind_hit(const struct bench_opts *o, unsigned int n)
{
	const size_t pages = 64;
	struct workload_geom g = {4096, pages + 1, pages, 256, NULL};

	workload_start(o, &g);
	workload_attach();
	workload_map(pages);
	for (size_t i = 0; i < pages; i++)
		workload_touch(i, true);
	callgrind_touches(0, n, pages, false);
}

/* kind is name, name:A or name:A:B with positive numbers; A and B are left
 * as they are when not given. */
static bool callgrind_kind(const char *kind, const char *name, unsigned long *a, unsigned long *b)
{
	size_t len = strlen(name);
	unsigned long *arg[] = {a, b};
	const char *p = kind + len;

	if (strncmp(kind, name, len))
		return false;
	for (int i = 0; i < 2 && *p == ':'; i++) {
		char *end;

		*arg[i] = strtoul(p + 1, &end, 10);
		if (end == p + 1 || *arg[i] == 0 || *arg[i] > 1u << 24)
			return false;
		p = end;
	}
	return *p == '\0';
}

int callgrind_faults(const struct bench_opts *o, const char *kind, unsigned int n)
{
	unsigned long a = 64, b = 1;

	if (callgrind_kind(kind, "zero-fill-4k", &a, &b))
		callgrind_zero_fill(o, 4096, n);
	else if (callgrind_kind(kind, "zero-fill-64k", &a, &b))
		callgrind_zero_fill(o, 65536, n);
	else if (callgrind_kind(kind, "permission", &a, &b))
		callgrind_permission(o, n);
	else if (callgrind_kind(kind, "evict", &a, &b) && a >= 2)
		callgrind_evict(o, (unsigned int)a, b, n);
	else if (callgrind_kind(kind, "create", &a, &b))
		callgrind_life(o, a, true, n);
	else if (callgrind_kind(kind, "destroy", &a, &b))
		callgrind_life(o, a, false, n);
	else if (callgrind_kind(kind, "cow", &a, &b))
		callgrind_cow(o, n);
	else if (callgrind_kind(kind, "hit", &a, &b))
		callgrind_hit(o, n);
	else
		return -EINVAL;
	workload_stop();
	printf("callgrind %s: units %" PRIu64 " faults %" PRIu64 "\n", kind, callgrind_count.units,
	       callgrind_count.faults);
	return 0;
}
