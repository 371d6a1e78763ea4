/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: one memfd of nr_frames x page_size bytes, mapped shared
 * and read-write here as vm_physmem and handed to clients by fd. A fresh
 * memfd reads as zeros, which makes frame 0 the zero page without any work.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagerd/pager.h"
#include "physmem.h"

void *vm_physmem;

/* The memfd behind vm_physmem (-1: none) and its size. Pager thread. */
static int physmem_memfd = -1;
static size_t physmem_len;

int physmem_create(unsigned int nr_frames, size_t page_size)
{
	int err;

	if (physmem_memfd >= 0)
		return -EBUSY;
	if (!nr_frames || !page_size || nr_frames > SIZE_MAX / page_size ||
	    (uint64_t)nr_frames * page_size > INT64_MAX)
		return -EOVERFLOW;
	physmem_len = (size_t)nr_frames * page_size;
	physmem_memfd = memfd_create("pagerd-physmem", MFD_CLOEXEC);
	if (physmem_memfd < 0)
		return -errno;
	if (ftruncate(physmem_memfd, (off_t)physmem_len) < 0) {
		err = -errno;
		goto out_close;
	}
	vm_physmem = mmap(NULL, physmem_len, PROT_READ | PROT_WRITE, MAP_SHARED, physmem_memfd, 0);
	if (vm_physmem == MAP_FAILED) {
		err = -errno;
		goto out_close;
	}
	return 0;

out_close:
	vm_physmem = NULL;
	close(physmem_memfd);
	physmem_memfd = -1;
	return err;
}

void physmem_destroy(void)
{
	if (physmem_memfd < 0)
		return;
	munmap(vm_physmem, physmem_len);
	close(physmem_memfd);
	vm_physmem = NULL;
	physmem_memfd = -1;
	physmem_len = 0;
}

int physmem_fd(void)
{
	return physmem_memfd;
}
