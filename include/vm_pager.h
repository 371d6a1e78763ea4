/* SPDX-License-Identifier: MIT */
/*
 * The classic pager header: a pager written for the course interface
 * (C or C++, `#include "vm_pager.h"`) compiles against this unchanged and is
 * loaded into pagerd with --pager. The declarations live in pagerd/pager.h.
 */
#ifndef PAGERD_VM_PAGER_H
#define PAGERD_VM_PAGER_H

#include "vm_arena.h" /* first: it sizes page_table_t */
#include "pagerd/pager.h"

typedef struct pgd_pte page_table_entry_t;
typedef struct pgd_page_table page_table_t;

#endif
