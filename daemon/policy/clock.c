/* SPDX-License-Identifier: MIT */
/*
 * The clock (second-chance) policy of semantics.md rules 4 and 5. The clock
 * queue holds exactly the resident frames, in a doubly linked list through
 * per-frame links; a frame enters at the tail. The hand is the head: a
 * victim search takes the head, and if its referenced bit was set, clears
 * it (which revokes its PTEs), moves it to the tail and looks again.
 */
#include <assert.h>
#include <stdlib.h>

#include "flist.h"

struct clock {
	struct policy policy;
	struct flist queue; /* head: the hand */
	struct flink *links; /* nr_frames */
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
	c->queue = FLIST_EMPTY;
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
	flist_append(&c->queue, c->links, frame);
}

static void clock_released(struct policy *p, uint32_t frame)
{
	struct clock *c = clock_of(p);

	flist_remove(&c->queue, c->links, frame);
}

static uint32_t clock_victim(struct policy *p)
{
	struct clock *c = clock_of(p);

	for (;;) {
		uint32_t frame = c->queue.head;

		assert(frame != POLICY_NO_FRAME);
		flist_remove(&c->queue, c->links, frame);
		if (!p->host.test_and_clear_referenced(p->host.ctx, frame))
			return frame;
		/* Second chance: its bit is now clear; to the tail. */
		flist_append(&c->queue, c->links, frame);
	}
}

static uint32_t clock_order(const struct policy *p, uint32_t *frames)
{
	const struct clock *c = (const struct clock *)p;

	return flist_copy(&c->queue, c->links, p->nr_frames, frames);
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
