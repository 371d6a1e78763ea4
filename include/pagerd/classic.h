/* SPDX-License-Identifier: MIT */
/*
 * The geometry a classic program or pager was compiled for. Each generation's
 * vm_arena.h (include/vm_arena.h, pagerd/classic-4k/, pagerd/classic-64k/)
 * sets PGD_CLASSIC_PAGE_SIZE and PGD_CLASSIC_ARENA_SIZE and includes this
 * file, which defines the course's VM_* constants from them and records them
 * in pgd_classic_geometry: a weak definition, so every translation unit may
 * have one, which the client library sends in HELLO (docs/protocol.md) and
 * pagerd reads from a --pager module (docs/classic.md).
 */
#ifndef PAGERD_CLASSIC_H
#define PAGERD_CLASSIC_H

#include <stdint.h>

#include "pagerd/defaults.h"

/* What a program or pager was compiled for. Immutable. */
struct pgd_classic_geometry {
	uint32_t page_size;   /* bytes */
	uint32_t arena_pages; /* arena size / page size */
	uint64_t arena_base;
};

/* The rest only from a vm_arena.h, which names the generation. */
#ifdef PGD_CLASSIC_PAGE_SIZE

/* Entries of the classic page_table_t (pagerd/pager.h). */
#define PGD_PAGE_TABLE_ENTRIES (PGD_CLASSIC_ARENA_SIZE / PGD_CLASSIC_PAGE_SIZE)

/* The client library includes vm_app.h for its prototypes only: the record
 * it reads must be the program's, not one of its own. */
#ifdef __cplusplus
#ifndef PGD_CLASSIC_LIBRARY
extern "C" {
__attribute__((weak, visibility("default"))) extern const struct pgd_classic_geometry
	pgd_classic_geometry = {PGD_CLASSIC_PAGE_SIZE, PGD_PAGE_TABLE_ENTRIES,
	                        PGD_DEFAULT_ARENA_BASE};
}
#endif
static const unsigned int VM_PAGESIZE = PGD_CLASSIC_PAGE_SIZE;
static void *const VM_ARENA_BASEADDR = reinterpret_cast<void *>(PGD_DEFAULT_ARENA_BASE);
static const uintptr_t VM_ARENA_BASEPAGE = PGD_DEFAULT_ARENA_BASE / PGD_CLASSIC_PAGE_SIZE;
static const uintptr_t VM_ARENA_SIZE = PGD_CLASSIC_ARENA_SIZE;
#else
#ifndef PGD_CLASSIC_LIBRARY
__attribute__((weak, visibility("default"))) const struct pgd_classic_geometry
	pgd_classic_geometry = {PGD_CLASSIC_PAGE_SIZE, PGD_PAGE_TABLE_ENTRIES,
	                        PGD_DEFAULT_ARENA_BASE};
#endif
#define VM_PAGESIZE PGD_CLASSIC_PAGE_SIZE
#define VM_ARENA_BASEADDR ((void *)PGD_DEFAULT_ARENA_BASE)
#define VM_ARENA_BASEPAGE ((uintptr_t)(PGD_DEFAULT_ARENA_BASE / PGD_CLASSIC_PAGE_SIZE))
#define VM_ARENA_SIZE ((uintptr_t)PGD_CLASSIC_ARENA_SIZE)
#endif

#endif /* PGD_CLASSIC_PAGE_SIZE */

#endif
