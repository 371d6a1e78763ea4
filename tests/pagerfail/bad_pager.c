/* SPDX-License-Identifier: MIT */
/*
 * A small classic pager that is correct except for the one failure it is
 * built with (BAD_SEGV, BAD_BUS, BAD_ABORT, BAD_ASSERT, BAD_HANG,
 * BAD_FRAME, BAD_WRITE_ONLY, BAD_MAP_OUTSIDE, BAD_FAULT_IDLE), which it
 * commits in the first vm_fault (vm_map for BAD_MAP_OUTSIDE). Swap-backed
 * pages only, each given a fresh frame at its first fault and never
 * evicted: enough for touch.c under -m 4.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vm_pager.h"

#define BAD_MAX_PROCS 8

struct bad_proc {
	pid_t pid; /* 0: free */
	page_table_t table;
	unsigned int nr_mapped;
};

static struct bad_proc procs[BAD_MAX_PROCS];
static struct bad_proc *current;
static unsigned int nr_frames, next_frame = 1; /* frame 0: the zero page */
static int *volatile bad_null; /* BAD_SEGV writes through it */

void vm_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	(void)swap_blocks;
	nr_frames = memory_pages;
}

int vm_create(pid_t parent_pid, pid_t child_pid)
{
	(void)parent_pid;
	for (int i = 0; i < BAD_MAX_PROCS; i++) {
		if (!procs[i].pid) {
			memset(&procs[i], 0, sizeof(procs[i]));
			procs[i].pid = child_pid;
			return 0;
		}
	}
	return -1;
}

void vm_switch(pid_t pid)
{
	for (int i = 0; i < BAD_MAX_PROCS; i++)
		if (procs[i].pid == pid)
			current = &procs[i];
	page_table_base_register = &current->table;
}

void vm_destroy(void)
{
	current->pid = 0;
	current = NULL;
	page_table_base_register = NULL;
}

void *vm_map(const char *filename, unsigned int block)
{
	(void)block;
#ifdef BAD_MAP_OUTSIDE
	return (void *)0x1000;
#endif
	if (filename || current->nr_mapped == VM_ARENA_SIZE / VM_PAGESIZE)
		return NULL;
	return (char *)VM_ARENA_BASEADDR + (size_t)current->nr_mapped++ * VM_PAGESIZE;
}

/* What the pager does wrong, in place of granting the access. */
static void bad_failure(page_table_entry_t *pte)
{
	(void)pte;
#ifdef BAD_SEGV
	*bad_null = 1;
#endif
#ifdef BAD_BUS
	{
		int fd = memfd_create("bad-pager", 0);
		volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);

		(void)p[0]; /* beyond the end of an empty file */
	}
#endif
#ifdef BAD_ABORT
	abort();
#endif
#ifdef BAD_ASSERT
	assert(pte->ppage == 12345 && "the frame is what bad_pager expects");
#endif
#ifdef BAD_HANG
	for (volatile unsigned long spin = 0;; spin++)
		;
#endif
#ifdef BAD_FRAME
	pte->ppage = nr_frames + 5;
	pte->read_enable = 1;
#endif
#ifdef BAD_WRITE_ONLY
	pte->ppage = 1;
	pte->write_enable = 1;
#endif
}

int vm_fault(const void *addr, bool write_flag)
{
	size_t i = ((uintptr_t)addr - (uintptr_t)VM_ARENA_BASEADDR) / VM_PAGESIZE;
	page_table_entry_t *pte = &current->table.ptes[i];
	static bool failed;

	(void)write_flag;
	if (i >= current->nr_mapped)
		return -1;
	if (!failed) {
		failed = true;
		bad_failure(pte);
#ifndef BAD_FAULT_IDLE
		if (pte->read_enable || pte->write_enable)
			return 0;
#else
		failed = false; /* every time */
		return 0;
#endif
	}
	if (!pte->read_enable) {
		if (next_frame == nr_frames)
			return -1;
		pte->ppage = next_frame++;
		memset((char *)vm_physmem + (size_t)pte->ppage * VM_PAGESIZE, 0, VM_PAGESIZE);
	}
	pte->read_enable = pte->write_enable = 1;
	return 0;
}
