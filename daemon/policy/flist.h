/* SPDX-License-Identifier: MIT */
/*
 * Lists of frames threaded through per-frame links, for the policies that
 * keep frames in queues (the clock's queue, FIFO, SIEVE, CAR's T1 and T2,
 * S3-FIFO's small and main queues). A frame is on at most one list of a
 * link array at a time. Inline: these are on the fault path.
 */
#ifndef PAGERD_POLICY_FLIST_H
#define PAGERD_POLICY_FLIST_H

#include <stdint.h>

#include "policy.h"

struct flink {
	uint32_t prev; /* POLICY_NO_FRAME at the ends */
	uint32_t next;
};

struct flist {
	uint32_t head; /* POLICY_NO_FRAME if empty */
	uint32_t tail;
};

#define FLIST_EMPTY ((struct flist){POLICY_NO_FRAME, POLICY_NO_FRAME})

static inline void flist_append(struct flist *l, struct flink *links, uint32_t f)
{
	struct flink *k = &links[f];

	k->prev = l->tail;
	k->next = POLICY_NO_FRAME;
	if (l->tail == POLICY_NO_FRAME)
		l->head = f;
	else
		links[l->tail].next = f;
	l->tail = f;
}

static inline void flist_remove(struct flist *l, struct flink *links, uint32_t f)
{
	struct flink *k = &links[f];

	if (k->prev == POLICY_NO_FRAME)
		l->head = k->next;
	else
		links[k->prev].next = k->next;
	if (k->next == POLICY_NO_FRAME)
		l->tail = k->prev;
	else
		links[k->next].prev = k->prev;
	k->prev = POLICY_NO_FRAME;
	k->next = POLICY_NO_FRAME;
}

/* f just before at (at on l, or POLICY_NO_FRAME: at the tail). */
static inline void flist_insert_before(struct flist *l, struct flink *links, uint32_t at,
				       uint32_t f)
{
	struct flink *k = &links[f];

	if (at == POLICY_NO_FRAME) {
		flist_append(l, links, f);
		return;
	}
	k->next = at;
	k->prev = links[at].prev;
	if (k->prev == POLICY_NO_FRAME)
		l->head = f;
	else
		links[k->prev].next = f;
	links[at].prev = f;
}

/* The frames of l from its head into out; returns how many, checking the
 * links on the way (asserts). */
uint32_t flist_copy(const struct flist *l, const struct flink *links, uint32_t nr_frames,
		    uint32_t *out);

/* The same, in circular order from the frame start (the head if start is
 * POLICY_NO_FRAME): start to the tail, then the head up to start. */
uint32_t flist_copy_from(const struct flist *l, const struct flink *links, uint32_t nr_frames,
			 uint32_t start, uint32_t *out);

#endif
