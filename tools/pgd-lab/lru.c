/* SPDX-License-Identifier: MIT */
/*
 * Offline LRU: evict the page referenced least recently. The resident
 * pages in a ring through per-page links, closed by a sentinel (index
 * nr_pages): its next is the least recently used page, its prev the most
 * recent. With no ends to test, a reference is an unlink and a link; a
 * page not resident has next POLICY_NO_FRAME, so the links also tell
 * residence. Every reference moves a page: this is on the hot path.
 */
#include <stdlib.h>

#include "flist.h"
#include "replay.h"

struct lru {
	const struct trace *t;
	uint32_t frames, nr; /* nr: resident */
	uint32_t ring;	     /* the sentinel's index */
	struct flink *links; /* by page, then the sentinel */
};

static void lru_destroy(void *cache)
{
	struct lru *c = cache;

	free(c->links);
	free(c);
}

static void *lru_create(const struct lab_ctx *ctx)
{
	struct lru *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->t = ctx->t;
	c->frames = ctx->frames;
	c->ring = ctx->t->nr_pages;
	c->links = malloc(((size_t)c->ring + 1) * sizeof(*c->links));
	if (!c->links) {
		free(c);
		return NULL;
	}
	for (uint32_t p = 0; p < c->ring; p++)
		c->links[p].next = POLICY_NO_FRAME;
	c->links[c->ring] = (struct flink){.prev = c->ring, .next = c->ring};
	return c;
}

static inline void lru_unlink(struct flink *links, uint32_t page)
{
	links[links[page].prev].next = links[page].next;
	links[links[page].next].prev = links[page].prev;
}

static inline enum lab_ref lru_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct lru *c = cache;
	struct flink *links = c->links, *ring = &links[c->ring];
	uint32_t page = c->t->page[i];
	enum lab_ref ref = LAB_MISS;

	*victim = LAB_NO_PAGE;
	if (links[page].next != POLICY_NO_FRAME) {
		if (ring->prev == page)
			return LAB_HIT; /* already the most recent */
		lru_unlink(links, page);
		ref = LAB_HIT;
	} else if (c->nr == c->frames) {
		*victim = ring->next;
		lru_unlink(links, *victim);
		links[*victim].next = POLICY_NO_FRAME;
	} else {
		c->nr++;
	}
	links[page] = (struct flink){.prev = ring->prev, .next = c->ring};
	links[ring->prev].next = page;
	ring->prev = page;
	return ref;
}

static void lru_replay(void *cache, uint64_t i, uint64_t end, uint8_t *dirty,
		       struct lab_result *r)
{
	lab_replay_with(lru_access, cache, ((struct lru *)cache)->t, i, end, dirty, r);
}

const struct lab_cache_ops lab_lru_cache = {
	.create = lru_create,
	.destroy = lru_destroy,
	.access = lru_access,
	.replay = lru_replay,
};
