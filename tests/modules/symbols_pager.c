/* SPDX-License-Identifier: MIT */
/*
 * A pager module that exists to test symbol lookup in module_load: the six
 * classic entry points (vm_map left out when built with
 * SYMBOLS_PAGER_NO_MAP), every optional pagerd extension, and the
 * geometry-aware marker. It manages nothing: it refuses every process, so a
 * test can tell its vm_create was the one called.
 */
#include <errno.h>

#include "pagerd/pager.h"
#include "pagerd/stats.h"

/* The marker: its presence, not its value, says "geometry-aware". */
const char pgd_pager_geometry_aware = 1;

unsigned int symbols_pager_nr_checks;

void vm_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	(void)memory_pages;
	(void)swap_blocks;
}

int vm_create(pid_t parent_pid, pid_t child_pid)
{
	(void)parent_pid;
	(void)child_pid;
	return -1;
}

void vm_switch(pid_t pid)
{
	(void)pid;
}

int vm_fault(const void *addr, bool write_flag)
{
	(void)addr;
	(void)write_flag;
	return -1;
}

void vm_destroy(void)
{
}

#ifndef SYMBOLS_PAGER_NO_MAP
void *vm_map(const char *filename, unsigned int block)
{
	(void)filename;
	(void)block;
	return NULL;
}
#endif

void vm_check(void);
void pgd_pager_sync(void);
void pgd_pager_fini(void);
int pgd_pager_stats(pid_t pid, struct pgd_stats *out);

void vm_check(void)
{
	symbols_pager_nr_checks++;
}

void pgd_pager_sync(void)
{
}

void pgd_pager_fini(void)
{
}

int pgd_pager_stats(pid_t pid, struct pgd_stats *out)
{
	(void)pid;
	(void)out;
	return -ENOENT;
}
