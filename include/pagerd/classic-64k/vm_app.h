/* SPDX-License-Identifier: MIT */
/*
 * The classic application interface for the classic-64k generation: this
 * directory's arena, then the interface itself (include/vm_app.h).
 */
#ifndef PAGERD_CLASSIC_VM_APP_H
#define PAGERD_CLASSIC_VM_APP_H

#include "vm_arena.h"
#include "../../vm_app.h"

#endif
