/* SPDX-License-Identifier: MIT */
/*
 * Aging: an 8-bit history per frame. At each periodic harvest (periodic.h)
 * every resident frame's history shifts right and takes its referenced bit
 * as the new top bit, and the bit is cleared. The victim has the smallest
 * history, a frame referenced since the last harvest counting above every
 * history (as a ninth, newest bit); the oldest such frame on a tie. Victim
 * choice scans the resident frames: O(frames).
 */
#include <stdlib.h>

#include "periodic.h"
#include "policy-common.h"

struct aging {
	struct policy policy;
	struct periodic s;
	uint8_t *history; /* by frame; the newest harvest in bit 7 */
};

static void aging_destroy(struct policy *p)
{
	struct aging *a = (struct aging *)p;

	periodic_fini(&a->s);
	free(a->history);
	free(a);
}

static struct policy *aging_create(uint32_t nr_frames, const struct policy_host *host,
				   const struct policy_params *params)
{
	struct aging *a = policy_new(sizeof(*a), &aging_policy, nr_frames, host);

	(void)params;
	if (!a)
		return NULL;
	a->history = policy_array(nr_frames, sizeof(*a->history));
	if (periodic_init(&a->s, nr_frames) || !a->history) {
		aging_destroy(&a->policy);
		return NULL;
	}
	return &a->policy;
}

static void aging_tick(struct policy *p)
{
	struct aging *a = (struct aging *)p;

	if (!periodic_tick(&a->s))
		return;
	for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next) {
		bool r = policy_test_and_clear(&p->host, f);

		a->history[f] = (uint8_t)(a->history[f] >> 1 | (unsigned int)r << 7);
		a->s.ref[f] = 0;
	}
}

static void aging_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct aging *a = (struct aging *)p;

	(void)page;
	a->history[frame] = 0;
	periodic_resident(&a->s, frame);
	aging_tick(p); /* after: a harvest now takes this frame's bit too */
}

static void aging_referenced(struct policy *p, uint32_t frame)
{
	struct aging *a = (struct aging *)p;

	a->s.ref[frame] = 1;
	aging_tick(p);
}

static void aging_released(struct policy *p, uint32_t frame)
{
	periodic_remove(&((struct aging *)p)->s, frame);
}

static unsigned int aging_key(const struct aging *a, uint32_t frame)
{
	return (unsigned int)a->s.ref[frame] << 8 | a->history[frame];
}

static uint32_t aging_victim(struct policy *p)
{
	struct aging *a = (struct aging *)p;
	uint32_t best = a->s.list.head;

	for (uint32_t f = best; f != POLICY_NO_FRAME; f = a->s.links[f].next)
		if (aging_key(a, f) < aging_key(a, best))
			best = f;
	periodic_remove(&a->s, best);
	return best;
}

/* Smallest key first, the oldest first on a tie: one pass over the frames
 * per key, up to 512 (inspection only). */
static uint32_t aging_order(const struct policy *p, uint32_t *frames)
{
	const struct aging *a = (const struct aging *)p;
	uint32_t n = 0, nr = 0;

	for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next)
		nr++;
	for (unsigned int key = 0; key < 512 && n < nr; key++)
		for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next)
			if (aging_key(a, f) == key)
				frames[n++] = f;
	return n;
}

const struct policy_ops aging_policy = {
	.name = "aging",
	.create = aging_create,
	.destroy = aging_destroy,
	.resident = aging_resident,
	.referenced = aging_referenced,
	.released = aging_released,
	.victim = aging_victim,
	.order = aging_order,
};
