/* SPDX-License-Identifier: MIT */
/*
 * The clock (second-chance) policy of semantics.md rules 4 and 5. The clock
 * queue holds exactly the resident frames; its head is the hand. A victim
 * search takes the head, and if its referenced bit was set, clears it
 * (which revokes its PTEs), moves it to the tail and looks again; a frame
 * enters at the tail.
 *
 * The queue is a ring through per-frame links (fring.h) read from the
 * hand: moving the head to the tail is one step of the hand, with no
 * relinking, and the tail is the frame just before the hand, where a new
 * frame is inserted. The hand is POLICY_NO_FRAME exactly when no frame is
 * resident.
 */
#include <assert.h>
#include <stdlib.h>

#include "fring.h"

struct clock {
	struct policy policy;
	struct flink *links; /* nr_frames: the ring */
	uint32_t hand;	     /* the queue's head */
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
	fring_insert_before(&c->hand, c->links, frame); /* the queue's tail */
}

static void clock_released(struct policy *p, uint32_t frame)
{
	struct clock *c = clock_of(p);
	uint32_t next = fring_remove(c->links, frame);

	if (c->hand == frame)
		c->hand = next;
}

static uint32_t clock_victim(struct policy *p)
{
	struct clock *c = clock_of(p);
	uint32_t frame;

	assert(c->hand != POLICY_NO_FRAME);
	frame = fring_sweep(c->links, &p->host, c->hand);
	c->hand = frame;
	clock_released(p, frame); /* the hand to its successor */
	return frame;
}

static uint32_t clock_order(const struct policy *p, uint32_t *frames)
{
	const struct clock *c = (const struct clock *)p;

	return fring_copy(c->links, p->nr_frames, c->hand, frames);
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
