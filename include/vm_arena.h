/* SPDX-License-Identifier: MIT */
/*
 * Classic arena constants (default geometry), for programs and pagers written
 * against the course interface. A pagerd started with another geometry
 * refuses classic pagers; applications should use pgd_arena_base() etc.
 */
#ifndef PAGERD_VM_ARENA_H
#define PAGERD_VM_ARENA_H

#include <stdint.h>

#include "pagerd/defaults.h"

#ifdef __cplusplus
static const unsigned int VM_PAGESIZE = PGD_DEFAULT_PAGE_SIZE;
static void *const VM_ARENA_BASEADDR = reinterpret_cast<void *>(PGD_DEFAULT_ARENA_BASE);
static const uintptr_t VM_ARENA_BASEPAGE = PGD_DEFAULT_ARENA_BASE / PGD_DEFAULT_PAGE_SIZE;
static const uintptr_t VM_ARENA_SIZE = PGD_DEFAULT_ARENA_SIZE;
#else
#define VM_PAGESIZE PGD_DEFAULT_PAGE_SIZE
#define VM_ARENA_BASEADDR ((void *)PGD_DEFAULT_ARENA_BASE)
#define VM_ARENA_BASEPAGE ((uintptr_t)(PGD_DEFAULT_ARENA_BASE / PGD_DEFAULT_PAGE_SIZE))
#define VM_ARENA_SIZE ((uintptr_t)PGD_DEFAULT_ARENA_SIZE)
#endif

#endif
