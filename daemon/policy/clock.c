/* SPDX-License-Identifier: MIT */
/*
 * The clock (second-chance) policy of semantics.md rules 4 and 5. The clock
 * queue holds exactly the resident frames; its head is the hand. A victim
 * search takes the head, and if its referenced bit was set, clears it
 * (which revokes its PTEs), moves it to the tail and looks again; a frame
 * enters at the tail.
 *
 * Kept as a list through per-frame links and a hand on it, the queue
 * being the list read circularly from the hand: moving the head to the
 * tail is then one step of the hand, with no relinking (the sweep of
 * flist.h, as SIEVE's), and the tail is the frame just before the hand,
 * where a new frame is inserted. Invariant: queue = list[hand..] followed
 * by list[..hand); hand is on the list, or POLICY_NO_FRAME for its head.
 */
#include <assert.h>
#include <stdlib.h>

#include "flist.h"

struct clock {
	struct policy policy;
	struct flist list;
	struct flink *links; /* nr_frames */
	uint32_t hand;	     /* POLICY_NO_FRAME: the list's head */
};

static struct clock *clock_of(struct policy *p)
{
	return (struct clock *)p;
}

static struct policy *clock_create(uint32_t nr_frames, const struct policy_host *host,
				   const struct policy_params *params)
{
	struct clock *c = calloc(1, sizeof(*c));

	(void)params;
	if (!c)
		return NULL;
	c->links = calloc(nr_frames, sizeof(*c->links));
	if (!c->links) {
		free(c);
		return NULL;
	}
	c->policy = (struct policy){.ops = &clock_policy, .host = *host, .nr_frames = nr_frames};
	c->list = FLIST_EMPTY;
	c->hand = POLICY_NO_FRAME;
	return &c->policy;
}

static void clock_destroy(struct policy *p)
{
	struct clock *c = clock_of(p);

	free(c->links);
	free(c);
}

static void clock_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct clock *c = clock_of(p);

	(void)page;
	flist_insert_before(&c->list, c->links, c->hand, frame); /* the queue's tail */
}

static void clock_released(struct policy *p, uint32_t frame)
{
	struct clock *c = clock_of(p);

	if (c->hand == frame)
		c->hand = c->links[frame].next;
	flist_remove(&c->list, c->links, frame);
}

static uint32_t clock_victim(struct policy *p)
{
	struct clock *c = clock_of(p);
	uint32_t frame = c->hand != POLICY_NO_FRAME ? c->hand : c->list.head;

	assert(frame != POLICY_NO_FRAME);
	c->hand = flist_sweep(&c->list, c->links, &p->host, frame);
	frame = c->hand;
	clock_released(p, frame); /* the hand to its successor */
	return frame;
}

static uint32_t clock_order(const struct policy *p, uint32_t *frames)
{
	const struct clock *c = (const struct clock *)p;

	return flist_copy_from(&c->list, c->links, p->nr_frames, c->hand, frames);
}

const struct policy_ops clock_policy = {
	.name = "clock",
	.hand = true,
	.create = clock_create,
	.destroy = clock_destroy,
	.resident = clock_resident,
	.referenced = NULL, /* the referenced bit is the whole second chance */
	.released = clock_released,
	.victim = clock_victim,
	.order = clock_order,
};
