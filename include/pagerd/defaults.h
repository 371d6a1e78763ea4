/* SPDX-License-Identifier: MIT */
/* Default machine geometry, shared by the pager, client and classic headers. */
#ifndef PAGERD_DEFAULTS_H
#define PAGERD_DEFAULTS_H

#define PGD_DEFAULT_PAGE_SIZE 0x10000u
#define PGD_DEFAULT_ARENA_BASE 0x600000000ull
#define PGD_DEFAULT_ARENA_SIZE 0x01000000ull
#define PGD_DEFAULT_MEMORY_PAGES 4u
#define PGD_DEFAULT_SWAP_BLOCKS 256u

#endif
