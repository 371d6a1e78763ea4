/* SPDX-License-Identifier: MIT */
/*
 * The free lists of frames and of swap blocks (rule 3): FIFOs that start
 * first, first+1, ... and take returned numbers at the back. Fresh numbers
 * are counted, not stored, so creating a list is O(1); a ring of `limit`
 * slots (4 bytes a number) holds the returned ones.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "refpager-internal.h"

int fifo_init(struct fifo *q, uint32_t first, uint32_t limit)
{
	q->next_fresh = first;
	q->limit = limit;
	q->head = 0;
	q->count = 0;
	q->ring = malloc((size_t)limit * sizeof(*q->ring));
	return q->ring ? 0 : -ENOMEM;
}

void fifo_fini(struct fifo *q)
{
	free(q->ring);
	q->ring = NULL;
}

uint32_t fifo_pop(struct fifo *q)
{
	uint32_t v;

	/* Fresh numbers were all put in before any returned one. */
	if (q->next_fresh < q->limit)
		return q->next_fresh++;
	if (q->count == 0)
		return UINT32_MAX;
	v = q->ring[q->head];
	q->head = q->head + 1 == q->limit ? 0 : q->head + 1;
	q->count--;
	return v;
}

void fifo_push(struct fifo *q, uint32_t v)
{
	uint64_t slot = (uint64_t)q->head + q->count;

	assert(q->count < q->limit); /* a number is never returned twice */
	q->ring[slot % q->limit] = v;
	q->count++;
}

uint32_t fifo_len(const struct fifo *q)
{
	return q->limit - q->next_fresh + q->count;
}
