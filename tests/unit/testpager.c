/* SPDX-License-Identifier: MIT */
/*
 * The test pager (see testpager.h): a direct map, page i to frame i + 1, for
 * testing what the machine and the in-process MMU do around pager calls.
 * It writes PTEs through page_table_base_register in both variants, so the
 * classic variant shows whether the machine copies its tables.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pagerd/pager.h"
#include "testpager.h"

struct testpager testpager;

static struct testpager_proc *testpager_find(pid_t pid)
{
	for (int i = 0; i < TESTPAGER_MAX_PROCS; i++)
		if (testpager.procs[i].pid == pid)
			return &testpager.procs[i];
	return NULL;
}

static void testpager_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	testpager.memory_pages = memory_pages;
	testpager.swap_blocks = swap_blocks;
	testpager.nr_init++;
}

static void testpager_classic_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	testpager_init(memory_pages, swap_blocks);
	testpager.classic = true;
}

static int testpager_create(pid_t parent, pid_t child)
{
	struct testpager_proc *p = testpager_find(0);

	(void)parent;
	testpager.nr_create++;
	if (testpager.refuse_create || !p)
		return -1;
	*p = (struct testpager_proc){.pid = child};
	if (testpager.classic) {
		p->own = calloc(pgd_geometry()->arena_pages, sizeof(struct pgd_pte));
		assert(p->own);
	}
	return 0;
}

static void testpager_switch(pid_t pid)
{
	testpager.nr_switch++;
	testpager.current = testpager_find(pid);
	assert(testpager.current);
	if (testpager.classic)
		page_table_base_register = testpager.current->own;
	else
		page_table_base_register = (struct pgd_page_table *)pgd_page_table(pid);
}

static void *testpager_map(const char *filename, unsigned int block)
{
	const struct pgd_geometry *g = pgd_geometry();
	struct testpager_proc *p = testpager.current;

	testpager.nr_map++;
	testpager.last_map_filename = (uintptr_t)filename;
	testpager.last_map_block = block;
	if (p->nr_mapped == g->arena_pages)
		return NULL;
	return (void *)(g->arena_base + p->nr_mapped++ * g->page_size);
}

static int testpager_fault(const void *addr, bool write)
{
	const struct pgd_geometry *g = pgd_geometry();
	uintptr_t a = (uintptr_t)addr;
	struct pgd_pte *pte;
	size_t i;

	testpager.nr_fault++;
	if (a < g->arena_base)
		return -1;
	i = (a - g->arena_base) / g->page_size;
	if (i >= testpager.current->nr_mapped || i + 1 >= g->memory_pages)
		return -1;
	if (testpager.lazy)
		return 0;
	pte = &page_table_base_register->ptes[i];
	pte->ppage = (unsigned int)(i + 1);
	pte->read_enable = !testpager.bad_pte;
	pte->write_enable |= write;
	return 0;
}

static void testpager_destroy(void)
{
	testpager.nr_destroy++;
	free(testpager.current->own);
	*testpager.current = (struct testpager_proc){0};
	testpager.current = NULL;
}

static void testpager_check(void)
{
	testpager.nr_check++;
}

/* Shutdown write-back, so tests see where its lines go: frame 1 to block 0. */
static void testpager_sync(void)
{
	testpager.nr_sync++;
	file_write(NULL, 0, (const char *)vm_physmem + pgd_geometry()->page_size);
}

/* Processes still there at shutdown: drop them. */
static void testpager_fini(void)
{
	testpager.nr_fini++;
	for (int i = 0; i < TESTPAGER_MAX_PROCS; i++) {
		free(testpager.procs[i].own);
		testpager.procs[i] = (struct testpager_proc){0};
	}
	testpager.current = NULL;
}

const struct pager_ops testpager_ops = {
    .name = "test (direct map)",
    .init = testpager_init,
    .create = testpager_create,
    .switch_to = testpager_switch,
    .fault = testpager_fault,
    .destroy = testpager_destroy,
    .map = testpager_map,
    .check = testpager_check,
    .sync = testpager_sync,
    .fini = testpager_fini,
    .geometry_aware = true,
};

const struct pager_ops testpager_classic_ops = {
    .name = "test (direct map, classic tables)",
    .init = testpager_classic_init,
    .create = testpager_create,
    .switch_to = testpager_switch,
    .fault = testpager_fault,
    .destroy = testpager_destroy,
    .map = testpager_map,
    .check = testpager_check,
    .fini = testpager_fini,
};
