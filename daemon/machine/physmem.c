/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the daemon sees it (vm_physmem): frame 0, the zero
 * page, is a private anonymous page of this process; frames 1..N-1 follow it
 * in one memfd mapped shared, which is what clients get: frame p is at
 * offset (p - 1) x page_size of the fd. So no client can write the zero page
 * (docs/security.md section 3), and the memfd is sealed so that none can
 * shrink or grow it. Fresh anonymous memory and a fresh memfd read as zeros,
 * so the zero page needs no work.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagerd/pager.h"
#include "physmem.h"

void *vm_physmem;

/* The memfd of frames 1..N-1 (-1: none) and the size of vm_physmem. Pager
 * thread. */
static int physmem_memfd = -1;
static size_t physmem_len;

int physmem_create(unsigned int nr_frames, size_t page_size)
{
	void *frames;
	int err;

	if (physmem_memfd >= 0)
		return -EBUSY;
	if (nr_frames < 2 || !page_size || nr_frames > SIZE_MAX / page_size ||
	    (uint64_t)nr_frames * page_size > INT64_MAX)
		return -EOVERFLOW;
	physmem_len = (size_t)nr_frames * page_size;
	physmem_memfd = memfd_create("pagerd-physmem", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (physmem_memfd < 0)
		return -errno;
	if (ftruncate(physmem_memfd, (off_t)(physmem_len - page_size)) < 0 ||
	    fcntl(physmem_memfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		err = -errno;
		goto out_close;
	}
	vm_physmem = mmap(NULL, physmem_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (vm_physmem == MAP_FAILED) {
		err = -errno;
		goto out_close;
	}
	frames = mmap((char *)vm_physmem + page_size, physmem_len - page_size,
		      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, physmem_memfd, 0);
	if (frames == MAP_FAILED) {
		err = -errno;
		goto out_unmap;
	}
	return 0;

out_unmap:
	munmap(vm_physmem, physmem_len);
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
