/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: vm_physmem, memory_pages x page_size bytes, of which
 * frame 0 (the zero page) is the daemon's own and frames 1..N-1 are a sealed
 * memfd shared with every client (frame p at offset (p - 1) x page_size).
 */
#ifndef PAGERD_PHYSMEM_H
#define PAGERD_PHYSMEM_H

#include <stddef.h>

int physmem_create(unsigned int nr_frames, size_t page_size); /* >= 2; sets vm_physmem */
void physmem_destroy(void);
int physmem_fd(void); /* frames 1..N-1 */

#endif
