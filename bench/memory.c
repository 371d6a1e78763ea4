/* SPDX-License-Identifier: MIT */
/*
 * Target 5: the pager's metadata in bytes per frame, per mapped virtual page
 * and per swap block, beyond the page tables (memfds, not heap). Measured as
 * the growth of the malloc heap (in-use chunks, headers included, and
 * mmapped chunks) between two sizes of one quantity, the others fixed, so
 * fixed costs cancel. Heap use is deterministic: one rep is enough, and the
 * range column shows the reps agree.
 */
#include <malloc.h>
#include <stdio.h>

#include "benches.h"
#include "inproc.h"
#include "workload.h"

#define MEM_PAGE_SIZE 4096u
#define MEM_FRAMES    64u
#define MEM_FILE      "bench-memory-file"

static double memory_heap(void)
{
	struct mallinfo2 mi = mallinfo2();

	return (double)(mi.uordblks + mi.hblkhd);
}

/* Heap bytes a started machine holds (logging off, nothing attached). */
static double memory_machine(const struct bench_opts *o, unsigned int frames, unsigned int blocks)
{
	struct workload_geom g = {MEM_PAGE_SIZE, frames, blocks, 256, NULL};
	double before = memory_heap(), held;

	workload_start(o, &g);
	held = memory_heap() - before;
	workload_stop();
	return held;
}

/* Heap bytes per page as one process maps (and stores to) pages
 * [small, large), swap-backed, or file-backed with distinct blocks. */
static double memory_per_page(const struct bench_opts *o, size_t small, size_t large, bool file)
{
	struct workload_geom g = {MEM_PAGE_SIZE, MEM_FRAMES, (unsigned int)large + 1, large + 1,
	                          NULL};
	uintptr_t name = 0;
	double at_small = 0, per;

	workload_start(o, &g);
	workload_attach();
	if (file) {
		workload_map(1);
		name = workload_addr(0);
		if (inproc_store_str(name, MEM_FILE))
			bench_die("storing the file name");
	}
	for (size_t i = 0; i < large; i++) {
		if (i == small)
			at_small = memory_heap();
		if (!inproc_map(name, (unsigned int)i))
			bench_die("vm_map of page %zu returned NULL", i);
		if (!file)
			workload_touch(i, true);
	}
	per = (memory_heap() - at_small) / (double)(large - small);
	workload_stop();
	return per;
}

/* Heap bytes per page of the parent that vm_create gives the child. */
static double memory_per_child_page(const struct bench_opts *o, size_t pages)
{
	struct workload_geom g = {MEM_PAGE_SIZE, MEM_FRAMES, (unsigned int)(2 * pages), pages,
	                          NULL};
	double h0, per;

	workload_start(o, &g);
	workload_attach();
	workload_map(pages);
	h0 = memory_heap();
	if (inproc_fork() < 0)
		bench_die("vm_create of a parent with %zu pages refused", pages);
	per = (memory_heap() - h0) / (double)pages;
	workload_stop();
	return per;
}

/* Heap bytes per attached process with one mapped page. */
static double memory_per_proc(const struct bench_opts *o, size_t procs)
{
	struct workload_geom g = {MEM_PAGE_SIZE, MEM_FRAMES, (unsigned int)procs, 256, NULL};
	double h0, per;

	workload_start(o, &g);
	h0 = memory_heap();
	workload_evict_setup(procs, 1);
	per = (memory_heap() - h0) / (double)procs;
	workload_stop();
	return per;
}

void bench_memory(const struct bench_opts *o)
{
	const unsigned int f1 = 1024, f2 = o->quick ? 4096 : 65536;
	const unsigned int b1 = 1024, b2 = o->quick ? 4096 : 1048576;
	const size_t k1 = 1024, k2 = o->quick ? 4096 : 65536;
	struct series frame = {0}, block = {0}, page = {0}, fpage = {0}, child = {0}, proc = {0};
	char name[96];

	for (unsigned int r = 0; r < o->reps; r++) {
		series_add(&frame,
		           (memory_machine(o, f2, 256) - memory_machine(o, f1, 256)) / (f2 - f1));
		series_add(&block,
		           (memory_machine(o, MEM_FRAMES, b2) - memory_machine(o, MEM_FRAMES, b1)) /
		               (b2 - b1));
		series_add(&page, memory_per_page(o, k1, k2, false));
		series_add(&fpage, memory_per_page(o, k1, k2, true));
		series_add(&child, memory_per_child_page(o, k2));
		series_add(&proc, memory_per_proc(o, o->quick ? 10 : 100));
	}
	report_section("Target 5: pager metadata (heap bytes, page tables excluded)");
	snprintf(name, sizeof(name), "per frame (%u to %u frames)", f1, f2);
	report_row(&(struct row){"5", name, "bytes", &frame, NULL, NULL, TARGET_VALUE_MAX, 64});
	snprintf(name, sizeof(name), "per swap-backed page, mapped and written (%zu to %zu)", k1,
	         k2);
	report_row(&(struct row){"5", name, "bytes", &page, NULL, NULL, TARGET_VALUE_MAX, 16});
	snprintf(name, sizeof(name), "per page a forked child shares (%zu pages)", k2);
	report_row(&(struct row){"5", name, "bytes", &child, NULL, NULL, TARGET_VALUE_MAX, 16});
	snprintf(name, sizeof(name), "per file-backed page, distinct blocks (%zu to %zu)", k1, k2);
	report_row(&(struct row){"5", name, "bytes", &fpage, NULL, NULL, TARGET_VALUE_MAX, 16});
	snprintf(name, sizeof(name), "per swap block (%u to %u blocks)", b1, b2);
	report_row(&(struct row){"5", name, "bytes", &block, NULL, NULL, TARGET_VALUE_MAX, 4});
	report_row(&(struct row){"-", "per process with one page", "bytes", &proc, NULL, NULL,
	                         TARGET_NONE, 0});
	series_free(&frame);
	series_free(&block);
	series_free(&page);
	series_free(&fpage);
	series_free(&child);
	series_free(&proc);
}
