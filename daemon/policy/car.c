/* SPDX-License-Identifier: MIT */
/*
 * CAR (Clock with Adaptive Replacement): two clocks over the resident
 * frames, T1 (seen once) and T2 (seen again), two ghost lists of evicted
 * pages, B1 from T1 and B2 from T2, and a target p for the size of T1 that
 * grows on a hit in B1 and shrinks on a hit in B2. c, the cache size, is
 * the most frames ever resident at once. A frame enters with its
 * referenced bit set by the faulting access; that first bit buys one more
 * turn in T1 (the paper enters pages with the bit clear); a bit set after
 * the hand cleared it moves the frame to T2.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "ghost.h"
#include "policy-common.h"

enum { CAR_B1, CAR_B2 };

struct car {
	struct policy policy;
	struct flist t[2]; /* T1, T2: head is the hand */
	uint32_t len[2];
	struct flink *links;
	uint8_t *in;	   /* by frame: 0 for T1, 1 for T2 */
	uint8_t *entry;	   /* by frame: its bit is still the one it entered with */
	uint64_t *page;	   /* by frame */
	struct ghost ghosts; /* list CAR_B1, CAR_B2 */
	uint32_t p, c;
	bool replaced; /* victim ran since the last resident: the cache was full */
};

static void car_destroy(struct policy *pol)
{
	struct car *c = (struct car *)pol;

	free(c->links);
	free(c->in);
	free(c->entry);
	free(c->page);
	ghost_fini(&c->ghosts);
	free(c);
}

static struct policy *car_create(uint32_t nr_frames, const struct policy_host *host,
				 const struct policy_params *params)
{
	struct car *c = policy_new(sizeof(*c), &car_policy, nr_frames, host);

	(void)params;
	if (!c)
		return NULL;
	c->t[0] = c->t[1] = FLIST_EMPTY;
	c->links = policy_array(nr_frames, sizeof(*c->links));
	c->in = policy_array(nr_frames, sizeof(*c->in));
	c->entry = policy_array(nr_frames, sizeof(*c->entry));
	c->page = policy_array(nr_frames, sizeof(*c->page));
	if (ghost_init(&c->ghosts, nr_frames + 1) || !c->links || !c->in || !c->entry || !c->page) {
		car_destroy(&c->policy);
		return NULL;
	}
	return &c->policy;
}

static void car_to(struct car *c, unsigned int list, uint32_t frame)
{
	flist_append(&c->t[list], c->links, frame);
	c->in[frame] = (uint8_t)list;
	c->len[list]++;
}

static void car_out(struct car *c, uint32_t frame)
{
	flist_remove(&c->t[c->in[frame]], c->links, frame);
	c->len[c->in[frame]]--;
}

static void car_resident(struct policy *pol, uint32_t frame, uint64_t page)
{
	struct car *c = (struct car *)pol;
	uint32_t g = ghost_find(&c->ghosts, page);
	uint32_t b1 = c->ghosts.len[CAR_B1], b2 = c->ghosts.len[CAR_B2];

	if (c->replaced && g == GHOST_NONE) { /* the directory keeps at most 2c pages */
		if (c->len[0] + b1 == c->c)
			ghost_drop_oldest(&c->ghosts, CAR_B1);
		else if (c->len[0] + c->len[1] + b1 + b2 == 2 * c->c)
			ghost_drop_oldest(&c->ghosts, CAR_B2);
	}
	c->replaced = false;
	c->page[frame] = page;
	c->entry[frame] = 1;
	if (g == GHOST_NONE) {
		car_to(c, 0, frame);
	} else {
		if (c->ghosts.list[g] == CAR_B1) {
			uint32_t step = b2 / b1 > 1 ? b2 / b1 : 1;

			c->p = c->p + step < c->c ? c->p + step : c->c;
		} else {
			uint32_t step = b1 / b2 > 1 ? b1 / b2 : 1;

			c->p = c->p > step ? c->p - step : 0;
		}
		ghost_remove(&c->ghosts, g);
		car_to(c, 1, frame);
	}
	if (c->len[0] + c->len[1] > c->c)
		c->c = c->len[0] + c->len[1];
}

static void car_referenced(struct policy *pol, uint32_t frame)
{
	((struct car *)pol)->entry[frame] = 0; /* seen again after its first access */
}

static void car_released(struct policy *pol, uint32_t frame)
{
	car_out((struct car *)pol, frame);
}

/* Keep page in ghost list: room is made from B1's oldest, else B2's. */
static void car_remember(struct car *c, unsigned int list, uint64_t page)
{
	if (c->ghosts.free == GHOST_NONE)
		ghost_drop_oldest(&c->ghosts, c->ghosts.len[CAR_B1] ? CAR_B1 : CAR_B2);
	ghost_add(&c->ghosts, list, page);
}

static uint32_t car_victim(struct policy *pol)
{
	struct car *c = (struct car *)pol;

	c->replaced = true;
	for (;;) {
		unsigned int list = c->len[0] >= (c->p > 1 ? c->p : 1) || !c->len[1] ? 0 : 1;
		uint32_t f = c->t[list].head;

		assert(f != POLICY_NO_FRAME);
		car_out(c, f);
		if (!policy_test_and_clear(&pol->host, f)) {
			car_remember(c, list == 0 ? CAR_B1 : CAR_B2, c->page[f]);
			return f;
		}
		/* T1: its first bit buys one more turn in T1; a later one, T2. */
		car_to(c, list == 0 && c->entry[f] ? 0 : 1, f);
		c->entry[f] = 0;
	}
}

/* T1 from its hand, then T2 from its hand. */
static uint32_t car_order(const struct policy *pol, uint32_t *frames)
{
	const struct car *c = (const struct car *)pol;
	uint32_t n = flist_copy(&c->t[0], c->links, pol->nr_frames, frames);

	return n + flist_copy(&c->t[1], c->links, pol->nr_frames, frames + n);
}

static int car_describe(const struct policy *pol, char *buf, size_t len)
{
	const struct car *c = (const struct car *)pol;

	return snprintf(buf, len, "T1 %u (target p %u), T2 %u, ghosts B1+B2 %u", c->len[0], c->p,
			c->len[1], ghost_total(&c->ghosts));
}

const struct policy_ops car_policy = {
	.name = "car",
	.hand = true,
	.create = car_create,
	.destroy = car_destroy,
	.resident = car_resident,
	.referenced = car_referenced,
	.released = car_released,
	.victim = car_victim,
	.order = car_order,
	.describe = car_describe,
};
