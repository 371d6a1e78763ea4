/* SPDX-License-Identifier: MIT */
/*
 * NRU (not recently used): a frame's class is 2 * referenced + dirty, the
 * referenced bit being cleared for every frame by a periodic harvest
 * (periodic.h); evict a frame of the lowest class present, the oldest of
 * that class. Victim choice scans the resident frames: O(frames).
 */
#include <stdlib.h>

#include "periodic.h"
#include "policy-common.h"

struct nru {
	struct policy policy;
	struct periodic s;
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
}

static void nru_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct nru *n = (struct nru *)p;

	(void)page;
	periodic_resident(&n->s, frame);
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
	periodic_remove(&((struct nru *)p)->s, frame);
}

static unsigned int nru_class(const struct policy *p, uint32_t frame)
{
	const struct nru *n = (const struct nru *)p;

	return 2u * n->s.ref[frame] + p->host.dirty(p->host.ctx, frame);
}

static uint32_t nru_victim(struct policy *p)
{
	struct nru *n = (struct nru *)p;
	uint32_t best = n->s.list.head;

	for (uint32_t f = best; f != POLICY_NO_FRAME && nru_class(p, best); f = n->s.links[f].next)
		if (nru_class(p, f) < nru_class(p, best))
			best = f;
	periodic_remove(&n->s, best);
	return best;
}

/* By class, oldest first in each. */
static uint32_t nru_order(const struct policy *p, uint32_t *frames)
{
	const struct nru *n = (const struct nru *)p;
	uint32_t nr = 0;

	for (unsigned int c = 0; c < 4; c++)
		for (uint32_t f = n->s.list.head; f != POLICY_NO_FRAME; f = n->s.links[f].next)
			if (nru_class(p, f) == c)
				frames[nr++] = f;
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
