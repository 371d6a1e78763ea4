/* SPDX-License-Identifier: MIT */
/*
 * Ghosts: pages remembered after their eviction (CAR's B1 and B2, CLOCK-Pro's
 * non-resident cold pages, S3-FIFO's ghost queue). A fixed number of slots,
 * each holding a page number in one of a few lists (oldest at the head), and
 * a hash from page number to slot. Every operation is O(1) but find, which
 * walks one hash chain.
 */
#ifndef PAGERD_POLICY_GHOST_H
#define PAGERD_POLICY_GHOST_H

#include <stdint.h>

#include "flist.h"

#define GHOST_LISTS 2
#define GHOST_NONE POLICY_NO_FRAME

struct ghost {
	uint32_t cap;
	uint32_t hash_shift;
	uint64_t *page;	     /* by slot */
	uint8_t *list;	     /* by slot: which list */
	struct flink *links; /* by slot: the list, or the free slots through next */
	uint32_t *chain;     /* by slot: the next slot of its hash bucket */
	uint32_t *bucket;    /* 1 << (32 - hash_shift) heads */
	uint32_t free;	     /* a free slot, GHOST_NONE if full */
	struct flist lists[GHOST_LISTS];
	uint32_t len[GHOST_LISTS];
};

/* Room for cap pages (at least 1); 0 or -1 if out of memory. */
int ghost_init(struct ghost *g, uint32_t cap);
void ghost_fini(struct ghost *g);
/* The slot that holds page, or GHOST_NONE. */
uint32_t ghost_find(const struct ghost *g, uint64_t page);
/* page (not held) at the tail of list; there must be a free slot. */
void ghost_add(struct ghost *g, unsigned int list, uint64_t page);
void ghost_remove(struct ghost *g, uint32_t slot);
/* Forget the oldest page of list, if any. */
void ghost_drop_oldest(struct ghost *g, unsigned int list);
static inline uint32_t ghost_total(const struct ghost *g)
{
	return g->len[0] + g->len[1];
}

#endif
