/* SPDX-License-Identifier: MIT */
/*
 * The classic pager header for the classic-4k generation: this directory's
 * arena (which sizes page_table_t), then the interface (include/vm_pager.h).
 */
#ifndef PAGERD_CLASSIC_VM_PAGER_H
#define PAGERD_CLASSIC_VM_PAGER_H

#include "vm_arena.h"
#include "../../vm_pager.h"

#endif
