/* SPDX-License-Identifier: MIT */
/*
 * CLOCK-Pro: one clock list of resident hot pages, resident cold pages and
 * non-resident cold pages (ghosts, by the page number given at resident),
 * in order of arrival, and three hands. A new page is cold and in its test
 * period; a cold page whose bit is set again during its test period becomes
 * hot; the target number of cold frames m_c grows when a ghost is faulted
 * in (its test period showed a reuse distance within reach) and shrinks
 * when a test period ends without one. HAND_cold finds the victim among
 * resident cold pages; HAND_hot turns a hot page with its bit clear cold
 * when there are more than m - m_c hot pages; HAND_test ends test periods
 * and forgets ghosts when there are more than m of them. m is the most
 * frames ever resident at once. Node n + s is ghost slot s.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "ghost.h"
#include "policy-common.h"

struct clockpro {
	struct policy policy;
	struct flist list; /* head: the oldest */
	struct flink *links; /* nodes: frames, then ghost slots */
	uint8_t *hot, *test, *entry; /* by frame */
	uint64_t *page;		     /* by frame */
	struct ghost ghosts;	     /* list 0 */
	uint32_t hand_cold, hand_hot, hand_test; /* nodes, POLICY_NO_FRAME: the head */
	uint32_t nr_hot, nr_cold;		 /* resident */
	uint32_t m, m_c;
};

static void clockpro_destroy(struct policy *p)
{
	struct clockpro *c = (struct clockpro *)p;

	free(c->links);
	free(c->hot);
	free(c->test);
	free(c->entry);
	free(c->page);
	ghost_fini(&c->ghosts);
	free(c);
}

static struct policy *clockpro_create(uint32_t nr_frames, const struct policy_host *host,
				      const struct policy_params *params)
{
	struct clockpro *c = policy_new(sizeof(*c), &clockpro_policy, nr_frames, host);

	(void)params;
	if (!c)
		return NULL;
	c->list = FLIST_EMPTY;
	c->hand_cold = c->hand_hot = c->hand_test = POLICY_NO_FRAME;
	c->m_c = 1;
	c->links = policy_array(2 * nr_frames + 1, sizeof(*c->links));
	c->hot = policy_array(nr_frames, 1);
	c->test = policy_array(nr_frames, 1);
	c->entry = policy_array(nr_frames, 1);
	c->page = policy_array(nr_frames, sizeof(*c->page));
	if (ghost_init(&c->ghosts, nr_frames + 1) || !c->links || !c->hot || !c->test ||
	    !c->entry || !c->page) {
		clockpro_destroy(&c->policy);
		return NULL;
	}
	return &c->policy;
}

static bool clockpro_is_ghost(const struct clockpro *c, uint32_t node)
{
	return node >= c->policy.nr_frames;
}

/* The node after node, around the clock. */
static uint32_t clockpro_next(const struct clockpro *c, uint32_t node)
{
	uint32_t n = c->links[node].next;

	return n == POLICY_NO_FRAME ? c->list.head : n;
}

static uint32_t clockpro_at(const struct clockpro *c, uint32_t hand)
{
	return hand == POLICY_NO_FRAME ? c->list.head : hand;
}

/* node off the clock; a hand on it moves on. */
static void clockpro_unlink(struct clockpro *c, uint32_t node)
{
	uint32_t next = c->links[node].next; /* NO_FRAME: a hand wraps to the head */
	uint32_t *hands[] = {&c->hand_cold, &c->hand_hot, &c->hand_test};

	for (unsigned int i = 0; i < 3; i++)
		if (*hands[i] == node)
			*hands[i] = next;
	flist_remove(&c->list, c->links, node);
}

static void clockpro_less_cold(struct clockpro *c)
{
	if (c->m_c > 1)
		c->m_c--;
}

/* A ghost's test period ends: forget it. */
static void clockpro_forget(struct clockpro *c, uint32_t node)
{
	clockpro_unlink(c, node);
	ghost_remove(&c->ghosts, node - c->policy.nr_frames);
	clockpro_less_cold(c);
}

/* A cold page under HAND_hot or HAND_test: its test period ends. */
static void clockpro_end_test(struct clockpro *c, uint32_t node)
{
	if (clockpro_is_ghost(c, node)) {
		clockpro_forget(c, node);
	} else if (!c->hot[node] && c->test[node]) {
		c->test[node] = 0;
		clockpro_less_cold(c);
	}
}

/* HAND_hot: turn the first hot page with its bit clear cold. */
static void clockpro_run_hot(struct policy *p)
{
	struct clockpro *c = (struct clockpro *)p;

	assert(c->nr_hot > 0);
	for (;;) {
		uint32_t f = clockpro_at(c, c->hand_hot), next = clockpro_next(c, f);

		if (clockpro_is_ghost(c, f) || !c->hot[f]) {
			c->hand_hot = next;
			clockpro_end_test(c, f); /* may unlink f: next was taken first */
			continue;
		}
		c->hand_hot = next;
		if (policy_test_and_clear(&p->host, f))
			continue;
		c->hot[f] = 0;
		c->test[f] = 0;
		c->nr_hot--;
		c->nr_cold++;
		return;
	}
}

/* HAND_test: end test periods until one ghost is forgotten. */
static void clockpro_run_test(struct clockpro *c)
{
	for (;;) {
		uint32_t f = clockpro_at(c, c->hand_test), next = clockpro_next(c, f);
		bool ghost = clockpro_is_ghost(c, f);

		c->hand_test = next;
		clockpro_end_test(c, f);
		if (ghost)
			return;
	}
}

/* f to the newest end of the clock. */
static void clockpro_to_tail(struct clockpro *c, uint32_t f)
{
	clockpro_unlink(c, f);
	flist_append(&c->list, c->links, f);
}

static void clockpro_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct clockpro *c = (struct clockpro *)p;
	uint32_t g = ghost_find(&c->ghosts, page);

	c->page[frame] = page;
	c->entry[frame] = 1;
	c->test[frame] = g == GHOST_NONE;
	c->hot[frame] = g != GHOST_NONE;
	flist_append(&c->list, c->links, frame);
	if (g == GHOST_NONE) {
		c->nr_cold++;
	} else { /* faulted in during its test period: hot */
		clockpro_unlink(c, p->nr_frames + g);
		ghost_remove(&c->ghosts, g);
		c->nr_hot++;
		if (c->m_c + 1 < c->m)
			c->m_c++;
	}
	if (c->nr_hot + c->nr_cold > c->m)
		c->m = c->nr_hot + c->nr_cold;
	if (c->nr_hot > (c->m > c->m_c ? c->m - c->m_c : 0) && c->nr_hot > 0)
		clockpro_run_hot(p);
}

static void clockpro_referenced(struct policy *p, uint32_t frame)
{
	((struct clockpro *)p)->entry[frame] = 0; /* seen again after its first access */
}

static void clockpro_released(struct policy *p, uint32_t frame)
{
	struct clockpro *c = (struct clockpro *)p;

	clockpro_unlink(c, frame);
	if (c->hot[frame])
		c->nr_hot--;
	else
		c->nr_cold--;
}

static uint32_t clockpro_victim(struct policy *p)
{
	struct clockpro *c = (struct clockpro *)p;

	for (;;) {
		uint32_t f;

		if (!c->nr_cold)
			clockpro_run_hot(p);
		f = clockpro_at(c, c->hand_cold);
		while (clockpro_is_ghost(c, f) || c->hot[f])
			f = clockpro_next(c, f);
		c->hand_cold = clockpro_next(c, f);
		if (!policy_test_and_clear(&p->host, f)) {
			/* In its test period it stays on the clock as a ghost,
			 * in its place (HAND_test may end the period first to
			 * make room). */
			if (c->test[f] && c->ghosts.free == GHOST_NONE)
				clockpro_run_test(c);
			if (c->test[f]) {
				ghost_add(&c->ghosts, 0, c->page[f]);
				flist_insert_before(&c->list, c->links, f,
						    p->nr_frames + ghost_find(&c->ghosts, c->page[f]));
			}
			clockpro_released(p, f);
			if (c->ghosts.len[0] > c->m)
				clockpro_run_test(c);
			return f;
		}
		if (c->entry[f]) { /* its first bit: one more turn, still in test */
			c->entry[f] = 0;
		} else if (c->test[f]) { /* reused within its test period */
			c->hot[f] = 1;
			c->test[f] = 0;
			c->nr_hot++;
			c->nr_cold--;
		} else {
			c->test[f] = 1;
		}
		clockpro_to_tail(c, f);
		if (c->hot[f] && c->nr_hot > (c->m > c->m_c ? c->m - c->m_c : 0))
			clockpro_run_hot(p);
	}
}

/* The resident frames from HAND_cold around the clock. */
static uint32_t clockpro_order(const struct policy *p, uint32_t *frames)
{
	const struct clockpro *c = (const struct clockpro *)p;
	uint32_t n = 0, start = clockpro_at(c, c->hand_cold), f = start;

	if (f == POLICY_NO_FRAME)
		return 0;
	do {
		if (!clockpro_is_ghost(c, f))
			frames[n++] = f;
		f = clockpro_next(c, f);
	} while (f != start);
	return n;
}

static int clockpro_describe(const struct policy *p, char *buf, size_t len)
{
	const struct clockpro *c = (const struct clockpro *)p;

	return snprintf(buf, len, "hot %u, cold %u (target %u), ghosts %u", c->nr_hot, c->nr_cold,
			c->m_c, ghost_total(&c->ghosts));
}

const struct policy_ops clockpro_policy = {
	.name = "clock-pro",
	.hand = true,
	.create = clockpro_create,
	.destroy = clockpro_destroy,
	.resident = clockpro_resident,
	.referenced = clockpro_referenced,
	.released = clockpro_released,
	.victim = clockpro_victim,
	.order = clockpro_order,
	.describe = clockpro_describe,
};
