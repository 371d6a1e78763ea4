/* SPDX-License-Identifier: MIT */
/*
 * Per-process page tables: arena_pages 32-bit PTEs in a memfd per process,
 * mapped shared and read-write here. Once mapped, the memfd is sealed
 * against resizing and against any future write, so a client can map it
 * read-only only and only the pager writes entries (docs/security.md).
 * Tables are found by pid through uthash. A fresh memfd reads as zeros, so
 * creating a table costs the same for any arena size: no entry is touched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hash.h"
#include "pagetable.h"

struct pagetable {
	pid_t pid;            /* immutable; the hash key */
	int fd;               /* immutable; the memfd */
	struct pgd_pte *ptes; /* immutable mapping; entries written by the pager */
	size_t nr_valid;      /* pager thread: entries vm_map has handed out */
	UT_hash_handle hh;    /* pager thread */
};

/* All tables by pid, and the size of each mapping. Pager thread. */
static struct pagetable *pagetable_by_pid;
static size_t pagetable_len;
static size_t pagetable_nr_entries; /* arena pages */

void pagetable_setup(size_t arena_pages)
{
	size_t host_page = (size_t)sysconf(_SC_PAGESIZE);
	size_t bytes = arena_pages * sizeof(struct pgd_pte);

	pagetable_len = (bytes + host_page - 1) / host_page * host_page;
	pagetable_nr_entries = arena_pages;
}

int pagetable_create(pid_t pid, struct pagetable **out)
{
	struct pagetable *pt;
	int err;

	if (pagetable_find(pid))
		return -EEXIST;
	pt = calloc(1, sizeof(*pt));
	if (!pt)
		return -ENOMEM;
	pt->pid = pid;
	pt->fd = memfd_create("pagerd-pagetable", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (pt->fd < 0) {
		err = -errno;
		goto out_free;
	}
	if (ftruncate(pt->fd, (off_t)pagetable_len) < 0) {
		err = -errno;
		goto out_close;
	}
	pt->ptes = mmap(NULL, pagetable_len, PROT_READ | PROT_WRITE, MAP_SHARED, pt->fd, 0);
	if (pt->ptes == MAP_FAILED) {
		err = -errno;
		goto out_close;
	}
	if (fcntl(pt->fd, F_ADD_SEALS,
		  F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_FUTURE_WRITE | F_SEAL_SEAL) < 0) {
		err = -errno;
		goto out_unmap;
	}
	HASH_ADD(hh, pagetable_by_pid, pid, sizeof(pt->pid), pt);
	if (hash_oom_take()) {
		err = -ENOMEM;
		goto out_unmap;
	}
	*out = pt;
	return 0;

out_unmap:
	munmap(pt->ptes, pagetable_len);
out_close:
	close(pt->fd);
out_free:
	free(pt);
	return err;
}

struct pagetable *pagetable_find(pid_t pid)
{
	struct pagetable *pt;

	HASH_FIND(hh, pagetable_by_pid, &pid, sizeof(pid), pt);
	return pt;
}

void pagetable_destroy(struct pagetable *pt)
{
	HASH_DEL(pagetable_by_pid, pt);
	munmap(pt->ptes, pagetable_len);
	close(pt->fd);
	free(pt);
}

void pagetable_destroy_all(void)
{
	struct pagetable *pt, *tmp;

	HASH_ITER(hh, pagetable_by_pid, pt, tmp)
	pagetable_destroy(pt);
}

struct pgd_pte *pagetable_ptes(const struct pagetable *pt)
{
	return pt->ptes;
}

int pagetable_fd(const struct pagetable *pt)
{
	return pt->fd;
}

size_t pagetable_nr_valid(const struct pagetable *pt)
{
	return pt->nr_valid;
}

void pagetable_extend_valid(struct pagetable *pt, size_t n)
{
	if (n > pagetable_nr_entries)
		n = pagetable_nr_entries;
	if (n > pt->nr_valid)
		pt->nr_valid = n;
}

struct pagetable *pagetable_next(const struct pagetable *pt)
{
	return pt ? pt->hh.next : pagetable_by_pid;
}

pid_t pagetable_pid(const struct pagetable *pt)
{
	return pt->pid;
}
