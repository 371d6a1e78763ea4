/* SPDX-License-Identifier: MIT */
/*
 * The disk floor: one pwrite plus one pread of a page on the swap file's
 * file system, what an eviction fault with a dirty victim must do at the
 * least. The file is private and unlinked like pagerd's swap file, every
 * block is written once before timing (as swap blocks are in steady state).
 * Pages move between the file and the frames of a memfd as big as the
 * pager's physical memory, frame after frame, as a clock sweeping a cyclic
 * working set does: round i writes block i from frame i and reads the block
 * half the file away back into that frame.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "floors.h"
#include "harness.h"

struct disk_floor {
	int fd;
	size_t page_size;
	unsigned int nr_blocks;
	unsigned int nr_frames;
	uint64_t next;   /* the round after the last one made */
	uint8_t *frames; /* nr_frames pages of a memfd */
};

static int floor_disk_open(const char *dir)
{
	char path[4096];
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	snprintf(path, sizeof(path), "%s/pgd-bench-disk.XXXXXX", dir);
	fd = mkostemp(path, O_CLOEXEC);
	if (fd >= 0)
		unlink(path);
	return fd;
}

static void floor_disk_xfer(struct disk_floor *d, uint64_t frame, uint64_t block, bool write)
{
	uint8_t *buf = d->frames + frame * d->page_size;
	off_t off = (off_t)(block * d->page_size);
	ssize_t n =
	    write ? pwrite(d->fd, buf, d->page_size, off) : pread(d->fd, buf, d->page_size, off);

	if (n != (ssize_t)d->page_size)
		bench_die("disk floor: %s of block %llu: %s", write ? "pwrite" : "pread",
		          (unsigned long long)block, n < 0 ? strerror(errno) : "short transfer");
}

/* The frames, filled, as a memfd mapping like vm_physmem. */
static uint8_t *floor_disk_frames(size_t len)
{
	int fd = memfd_create("pgd-bench-disk", MFD_CLOEXEC);
	uint8_t *mem;

	if (fd < 0 || ftruncate(fd, (off_t)len) < 0)
		bench_die("disk floor: memfd: %s", strerror(errno));
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		bench_die("disk floor: memfd mapping: %s", strerror(errno));
	close(fd);
	memset(mem, 0x5a, len);
	return mem;
}

struct disk_floor *disk_floor_start(const char *dir, size_t page_size, unsigned int nr_blocks,
                                    unsigned int nr_frames)
{
	struct disk_floor *d = calloc(1, sizeof(*d));

	if (!dir)
		dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	if (!d)
		bench_die("disk floor: out of memory");
	d->page_size = page_size;
	d->nr_blocks = nr_blocks;
	d->nr_frames = nr_frames;
	d->frames = floor_disk_frames(nr_frames * page_size);
	d->fd = floor_disk_open(dir);
	if (d->fd < 0)
		bench_die("disk floor: a file in %s: %s", dir, strerror(errno));
	for (unsigned int b = 0; b < nr_blocks; b++)
		floor_disk_xfer(d, b % nr_frames, b, true);
	return d;
}

double disk_floor_sample(struct disk_floor *d, unsigned int n)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned int i = 0; i < n; i++, d->next++) {
		uint64_t frame = d->next % d->nr_frames, block = d->next % d->nr_blocks;

		floor_disk_xfer(d, frame, block, true);
		floor_disk_xfer(d, frame, (block + d->nr_blocks / 2) % d->nr_blocks, false);
	}
	return (double)(bench_now_ns() - t0) / n;
}

void disk_floor_stop(struct disk_floor *d)
{
	close(d->fd);
	munmap(d->frames, (size_t)d->nr_frames * d->page_size);
	free(d);
}
