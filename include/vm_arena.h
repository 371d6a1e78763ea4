/* SPDX-License-Identifier: MIT */
/*
 * Classic arena constants of the default generation (64 KiB pages), for
 * programs and pagers written against the course interface. Another
 * generation's header is picked with its pkg-config module (pagerd-classic-4k,
 * docs/classic.md); the daemon refuses a program or pager built for another
 * geometry than its own. Applications may use pgd_arena_base() etc. instead.
 */
#ifndef PAGERD_VM_ARENA_H
#define PAGERD_VM_ARENA_H

#include "pagerd/defaults.h"

#define PGD_CLASSIC_PAGE_SIZE PGD_DEFAULT_PAGE_SIZE
#define PGD_CLASSIC_ARENA_SIZE PGD_DEFAULT_ARENA_SIZE
#include "pagerd/classic.h"

#endif
