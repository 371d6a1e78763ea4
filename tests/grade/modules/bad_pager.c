/* SPDX-License-Identifier: MIT */
/*
 * A deliberately bad pager for the grader's tests, in one of three builds:
 * BAD_PAGER_WRONG runs but does not map new pages to the zero page (its
 * log differs from the reference pager's at the first vm_map's returning
 * line) and gives every faulting page frame 1; BAD_PAGER_CRASH dereferences
 * NULL in vm_fault; BAD_PAGER_HANG never returns from vm_fault.
 */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "vm_pager.h"

static page_table_t table; /* one process at a time is all the tests run */
static size_t nr_pages;

void vm_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	(void)memory_pages;
	(void)swap_blocks;
}

int vm_create(pid_t parent_pid, pid_t child_pid)
{
	(void)parent_pid;
	(void)child_pid;
	return 0;
}

void vm_switch(pid_t pid)
{
	(void)pid;
	page_table_base_register = &table;
}

void *vm_map(const char *filename, unsigned int block)
{
	(void)filename;
	(void)block;
	return (char *)VM_ARENA_BASEADDR + nr_pages++ * VM_PAGESIZE;
}

int vm_fault(const void *addr, bool write_flag)
{
	size_t index = (size_t)((uintptr_t)addr - (uintptr_t)VM_ARENA_BASEADDR) / VM_PAGESIZE;

#if defined(BAD_PAGER_CRASH)
	*(volatile int *)NULL = write_flag;
#elif defined(BAD_PAGER_HANG)
	for (;;)
		pause();
#endif
	table.ptes[index].ppage = 1;
	table.ptes[index].read_enable = 1;
	table.ptes[index].write_enable = write_flag;
	return 0;
}

void vm_destroy(void)
{
	nr_pages = 0;
	page_table_base_register = NULL;
}
