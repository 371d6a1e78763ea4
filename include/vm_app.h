/* SPDX-License-Identifier: MIT */
/*
 * The classic application interface: a program attached to pagerd maps
 * arena pages with vm_map and gives up the simulated CPU with vm_yield.
 * Implemented by the client library (libpagerd-client); see pagerd/client.h
 * for the native API.
 */
#ifndef PAGERD_VM_APP_H
#define PAGERD_VM_APP_H

#include <stddef.h> /* NULL, which classic programs pass to vm_map */

#include "vm_arena.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Map the next arena page: swap-backed if filename is NULL, else backed by
 * block `block` of the file whose name is the NUL-terminated string at
 * filename (which must itself lie in the arena). NULL on failure. */
void *vm_map(const char *filename, unsigned int block);
/* Let the next runnable process have the simulated CPU. */
void vm_yield(void);

#ifdef __cplusplus
}
#endif

#endif
