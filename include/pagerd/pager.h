/* SPDX-License-Identifier: MIT */
/*
 * The pager-module interface: what a pager implements (vm_init ... vm_map)
 * and what the machine gives it (physical memory, the page-table base
 * register, file_read/file_write). It follows the classic course interface,
 * so a pager written for that header compiles here unchanged; the pgd_*
 * additions let a geometry-aware pager use the daemon's runtime geometry and
 * the shared-memory page tables directly.
 */
#ifndef PAGERD_PAGER_H
#define PAGERD_PAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pagerd/defaults.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest physical page number a PTE can hold (ppage is 30 bits). */
#define PGD_MAX_PPAGE ((1u << 30) - 1)

/* One page-table entry: 32 bits, one per arena page. r=0,w=1 is illegal. */
struct pgd_pte {
	unsigned int ppage : 30;
	unsigned int read_enable : 1;
	unsigned int write_enable : 1;
};

/* The classic fixed-size page table: as many entries as the generation's
 * arena has pages when vm_arena.h came first (pagerd/classic.h), else the
 * default arena's; a larger arena simply has more entries after these
 * (index through ->ptes as a pointer). */
struct pgd_page_table {
#ifdef PGD_PAGE_TABLE_ENTRIES
	struct pgd_pte ptes[PGD_PAGE_TABLE_ENTRIES];
#else
	struct pgd_pte ptes[PGD_DEFAULT_ARENA_SIZE / PGD_DEFAULT_PAGE_SIZE];
#endif
};

/* The machine's geometry, fixed at vm_init time. */
struct pgd_geometry {
	size_t page_size;	/* bytes, power of two, multiple of the host page */
	uintptr_t arena_base;	/* page-aligned */
	size_t arena_pages;	/* pages in the arena */
	unsigned int memory_pages; /* frames, including the zero page */
	unsigned int swap_blocks;
};

/* ---- implemented by a pager module ---- */
void vm_init(unsigned int memory_pages, unsigned int swap_blocks);
int vm_create(pid_t parent_pid, pid_t child_pid);
void vm_switch(pid_t pid);
int vm_fault(const void *addr, bool write_flag);
void vm_destroy(void);
void *vm_map(const char *filename, unsigned int block);

/* ---- provided by the machine (daemon or in-process MMU) ---- */
/* Physical memory: memory_pages x page_size bytes. */
extern void *vm_physmem;
/* The running process's page table, as the MMU reads it. */
extern struct pgd_page_table *page_table_base_register;
/* Read/write one page of a file (filename NULL: the swap file). 0 or -1. */
int file_read(const char *filename, unsigned int block, void *buf);
int file_write(const char *filename, unsigned int block, const void *buf);

/* pagerd additions for geometry-aware pagers. */
const struct pgd_geometry *pgd_geometry(void);
/* The machine-owned page table of pid (arena_pages entries, shared with the
 * client), or NULL if pid has none. A pager that points
 * page_table_base_register at these tables needs no copying. */
struct pgd_pte *pgd_page_table(pid_t pid);

#ifdef __cplusplus
}
#endif

#endif
