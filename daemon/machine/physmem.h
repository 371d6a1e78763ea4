/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: one memfd of memory_pages x page_size bytes, mapped shared
 * by the daemon (vm_physmem) and by every client.
 */
#ifndef PAGERD_PHYSMEM_H
#define PAGERD_PHYSMEM_H

#include <stddef.h>

int physmem_create(unsigned int nr_frames, size_t page_size); /* sets vm_physmem */
void physmem_destroy(void);
int physmem_fd(void);

#endif
