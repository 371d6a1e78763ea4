/* SPDX-License-Identifier: MIT */
/*
 * The classic-4k generation's arena: 4 KiB pages, an arena of 0x01000000 bytes (4096 pages),
 * at 0x600000000 (docs/classic.md says where this comes from). Found first
 * through `pkg-config --cflags pagerd-classic-4k`; the guard is the default
 * header's, so only one generation's arena is ever defined.
 */
#ifndef PAGERD_VM_ARENA_H
#define PAGERD_VM_ARENA_H

#include "pagerd/defaults.h"

#define PGD_CLASSIC_PAGE_SIZE 0x1000u
#define PGD_CLASSIC_ARENA_SIZE 0x01000000ull
#include "pagerd/classic.h"

#endif
