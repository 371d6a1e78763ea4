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

#include "policy.h"

struct clock_link {
	uint32_t prev; /* POLICY_NO_FRAME at the ends */
	uint32_t next;
};

struct clock {
	struct policy policy;
	uint32_t head; /* the hand; POLICY_NO_FRAME if empty */
	uint32_t tail;
	struct clock_link *links; /* nr_frames */
};

static struct clock *clock_of(struct policy *p)
{
	return (struct clock *)p;
}

static struct policy *clock_create(uint32_t nr_frames, const struct policy_host *host)
{
	struct clock *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->links = calloc(nr_frames, sizeof(*c->links));
	if (!c->links) {
		free(c);
		return NULL;
	}
	c->policy = (struct policy){.ops = &clock_policy, .host = *host, .nr_frames = nr_frames};
	c->head = POLICY_NO_FRAME;
	c->tail = POLICY_NO_FRAME;
	return &c->policy;
}

static void clock_destroy(struct policy *p)
{
	struct clock *c = clock_of(p);

	free(c->links);
	free(c);
}

static void clock_append(struct policy *p, uint32_t frame)
{
	struct clock *c = clock_of(p);
	struct clock_link *l = &c->links[frame];

	l->prev = c->tail;
	l->next = POLICY_NO_FRAME;
	if (c->tail == POLICY_NO_FRAME)
		c->head = frame;
	else
		c->links[c->tail].next = frame;
	c->tail = frame;
}

static void clock_remove(struct policy *p, uint32_t frame)
{
	struct clock *c = clock_of(p);
	struct clock_link *l = &c->links[frame];

	if (l->prev == POLICY_NO_FRAME)
		c->head = l->next;
	else
		c->links[l->prev].next = l->next;
	if (l->next == POLICY_NO_FRAME)
		c->tail = l->prev;
	else
		c->links[l->next].prev = l->prev;
	l->prev = POLICY_NO_FRAME;
	l->next = POLICY_NO_FRAME;
}

static uint32_t clock_victim(struct policy *p)
{
	struct clock *c = clock_of(p);

	for (;;) {
		uint32_t frame = c->head;

		assert(frame != POLICY_NO_FRAME);
		if (!p->host.test_and_clear_referenced(p->host.ctx, frame)) {
			clock_remove(p, frame);
			return frame;
		}
		/* Second chance: its bit is now clear; to the tail. */
		clock_remove(p, frame);
		clock_append(p, frame);
	}
}

static uint32_t clock_order(const struct policy *p, uint32_t *frames)
{
	const struct clock *c = (const struct clock *)p;
	uint32_t n = 0, prev = POLICY_NO_FRAME;

	for (uint32_t f = c->head; f != POLICY_NO_FRAME; prev = f, f = c->links[f].next) {
		assert(f < p->nr_frames && n < p->nr_frames && c->links[f].prev == prev);
		frames[n++] = f;
	}
	assert(c->tail == prev);
	return n;
}

const struct policy_ops clock_policy = {
	.name = "clock",
	.create = clock_create,
	.destroy = clock_destroy,
	.resident = clock_append,
	.referenced = NULL, /* the referenced bit is the whole second chance */
	.released = clock_remove,
	.victim = clock_victim,
	.order = clock_order,
};
