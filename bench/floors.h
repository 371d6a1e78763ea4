/* SPDX-License-Identifier: MIT */
/*
 * The two baselines of issue 5. The design floor is the least a fault
 * through pagerd can cost: a SIGSEGV, one Unix-socket round trip of a
 * FAULT-sized request and reply to a server process that does nothing else,
 * and one mmap of a memfd page. The disk floor is one pwrite plus one pread
 * of a page on the swap file's file system, the I/O of an eviction fault
 * with a dirty victim.
 */
#ifndef PAGERD_BENCH_FLOORS_H
#define PAGERD_BENCH_FLOORS_H

#include <stddef.h>

#include "harness.h"

struct design_floor;

/* A server process placed as p says (bench_place(p, true)) and an arena of
 * nr_pages pages of page_size bytes backed by a memfd of as many frames.
 * The caller places itself. Dies on failure. Only one at a time. */
struct design_floor *design_floor_start(size_t page_size, size_t nr_pages, enum placement p);
/* Fault every page of the arena in once (a write each); ns per fault. */
double design_floor_sample(struct design_floor *f);
void design_floor_stop(struct design_floor *f);

struct disk_floor;

/* A private file of nr_blocks pages in dir (NULL: $TMPDIR or /tmp), every
 * block written once, and nr_frames frames of memory. Dies on failure. */
struct disk_floor *disk_floor_start(const char *dir, size_t page_size, unsigned int nr_blocks,
                                    unsigned int nr_frames);
/* n rounds of pwrite one block from a frame plus pread another block into
 * it; ns per round. */
double disk_floor_sample(struct disk_floor *d, unsigned int n);
void disk_floor_stop(struct disk_floor *d);

#endif
