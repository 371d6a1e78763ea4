/* SPDX-License-Identifier: MIT */
/*
 * NRU (not recently used): a frame's class is 2 * referenced + dirty, the
 * referenced bit being cleared for every frame by a periodic harvest
 * (periodic.h); evict a frame of the lowest class present, the oldest of
 * that class.
 *
 * Between two harvests a frame's class only rises: its referenced bit is
 * set (resident, referenced) and cleared only by a harvest, and its dirty
 * bit is cleared only when it leaves (the pager writes back at eviction;
 * the shutdown write-back of file pages comes after the last victim). So
 * the victim search keeps, for each class k, a cursor on the arrival list:
 *
 *   N1. Every frame before cursor[k] has a class above k; cursor[k] is on
 *       the list, or POLICY_NO_FRAME past its tail.
 *
 * A harvest puts every cursor at the head. A victim search moves
 * cursor[0], then cursor[1], ... forward over frames of a higher class and
 * takes the first frame it stops on: the oldest frame of the lowest class.
 * A frame leaving moves a cursor on it to its successor; a frame arriving
 * past the tail becomes the position of a cursor there. Cursors only move
 * forward between harvests, so a harvest period of nr_frames faults costs
 * O(nr_frames) steps: O(1) per fault, where scanning every frame for each
 * victim cost O(nr_frames). nru_order checks N1 (vm_check calls it).
 */
#include <assert.h>
#include <stdlib.h>

#include "periodic.h"
#include "policy-common.h"

#define NRU_CLASSES 4

struct nru {
	struct policy policy;
	struct periodic s;
	uint32_t cursor[NRU_CLASSES]; /* N1 */
};

static void nru_destroy(struct policy *p)
{
	struct nru *n = (struct nru *)p;

	periodic_fini(&n->s);
	free(n);
}

static struct policy *nru_create(uint32_t nr_frames, const struct policy_host *host,
				 const struct policy_params *params)
{
	struct nru *n = policy_new(sizeof(*n), &nru_policy, nr_frames, host);

	(void)params;
	if (!n)
		return NULL;
	if (periodic_init(&n->s, nr_frames)) {
		nru_destroy(&n->policy);
		return NULL;
	}
	for (unsigned int k = 0; k < NRU_CLASSES; k++)
		n->cursor[k] = POLICY_NO_FRAME;
	return &n->policy;
}

static void nru_tick(struct policy *p)
{
	struct nru *n = (struct nru *)p;

	if (!periodic_tick(&n->s))
		return;
	for (uint32_t f = n->s.list.head; f != POLICY_NO_FRAME; f = n->s.links[f].next) {
		policy_test_and_clear(&p->host, f);
		n->s.ref[f] = 0;
	}
	for (unsigned int k = 0; k < NRU_CLASSES; k++)
		n->cursor[k] = n->s.list.head; /* classes may have fallen */
}

static void nru_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct nru *n = (struct nru *)p;

	(void)page;
	periodic_resident(&n->s, frame);
	for (unsigned int k = 0; k < NRU_CLASSES; k++)
		if (n->cursor[k] == POLICY_NO_FRAME)
			n->cursor[k] = frame;
	nru_tick(p); /* after: a harvest now clears this frame's bit too */
}

static void nru_referenced(struct policy *p, uint32_t frame)
{
	struct nru *n = (struct nru *)p;

	n->s.ref[frame] = 1;
	nru_tick(p);
}

static void nru_released(struct policy *p, uint32_t frame)
{
	struct nru *n = (struct nru *)p;

	for (unsigned int k = 0; k < NRU_CLASSES; k++)
		if (n->cursor[k] == frame)
			n->cursor[k] = n->s.links[frame].next;
	periodic_remove(&n->s, frame);
}

static unsigned int nru_class(const struct policy *p, uint32_t frame)
{
	const struct nru *n = (const struct nru *)p;

	return 2u * n->s.ref[frame] + p->host.dirty(p->host.ctx, frame);
}

static uint32_t nru_victim(struct policy *p)
{
	struct nru *n = (struct nru *)p;

	for (unsigned int k = 0; k < NRU_CLASSES; k++) {
		uint32_t f = n->cursor[k];

		while (f != POLICY_NO_FRAME && nru_class(p, f) > k)
			f = n->s.links[f].next;
		n->cursor[k] = f;
		if (f != POLICY_NO_FRAME) {
			nru_released(p, f);
			return f;
		}
	}
	assert(!"a frame is resident, and every class is <= 3");
	return POLICY_NO_FRAME;
}

/* By class, oldest first in each; checks N1 on the way. */
static uint32_t nru_order(const struct policy *p, uint32_t *frames)
{
	const struct nru *n = (const struct nru *)p;
	uint32_t nr = 0;

	for (unsigned int c = 0; c < NRU_CLASSES; c++) {
		bool before_cursor = n->cursor[c] != POLICY_NO_FRAME;

		for (uint32_t f = n->s.list.head; f != POLICY_NO_FRAME; f = n->s.links[f].next) {
			before_cursor = before_cursor && f != n->cursor[c];
			assert(!before_cursor || nru_class(p, f) > c); /* N1 */
			if (nru_class(p, f) == c)
				frames[nr++] = f;
		}
		assert(!before_cursor); /* N1: the cursor is on the list */
	}
	return nr;
}

const struct policy_ops nru_policy = {
	.name = "nru",
	.create = nru_create,
	.destroy = nru_destroy,
	.resident = nru_resident,
	.referenced = nru_referenced,
	.released = nru_released,
	.victim = nru_victim,
	.order = nru_order,
};
