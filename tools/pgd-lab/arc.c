/* SPDX-License-Identifier: MIT */
/*
 * Offline ARC (Megiddo and Modha, FAST 2003): resident lists T1 (seen
 * once recently) and T2 (seen at least twice), ghost lists B1 and B2 of
 * pages evicted from them, and a target p for T1's size that a hit in B1
 * raises and a hit in B2 lowers; the paper's cases I to IV.
 */
#include "pagelists.h"

enum { T1, T2, B1, B2 };

struct arc {
	struct pagecache c;
	uint32_t p;
};

static void *arc_create(const struct lab_ctx *ctx)
{
	return pagecache_create(sizeof(struct arc), ctx);
}

/* The adaptation's step: max(1, num / den); den is not 0 (x is in it). */
static uint32_t arc_step(uint32_t num, uint32_t den)
{
	return num / den > 1 ? num / den : 1;
}

/* REPLACE(x, p): the LRU page of T1 or of T2 goes to its ghost list. */
static uint32_t arc_replace(struct arc *a, bool in_b2)
{
	struct pagelists *l = &a->c.l;
	uint32_t v;

	if (l->len[T1] + l->len[T2] < a->c.frames)
		return LAB_NO_PAGE; /* room: nothing to evict */
	if (l->len[T1] && (l->len[T1] > a->p || (in_b2 && l->len[T1] == a->p))) {
		v = pagelists_pop(l, T1);
		pagelists_move(l, v, B1);
	} else {
		v = pagelists_pop(l, T2);
		pagelists_move(l, v, B2);
	}
	return v;
}

static enum lab_ref arc_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct arc *a = cache;
	struct pagelists *l = &a->c.l;
	uint32_t x = a->c.t->page[i], c = a->c.frames;
	unsigned int in = l->in[x];

	*victim = LAB_NO_PAGE;
	if (in == T1 || in == T2) { /* case I */
		pagelists_move(l, x, T2);
		return LAB_HIT;
	}
	if (in == B1 || in == B2) { /* cases II, III */
		uint32_t b1 = l->len[B1], b2 = l->len[B2];

		uint32_t step = in == B1 ? arc_step(b2, b1) : arc_step(b1, b2);

		if (in == B1)
			a->p = a->p + step < c ? a->p + step : c;
		else
			a->p = a->p > step ? a->p - step : 0;
		pagelists_drop(l, x);
		*victim = arc_replace(a, in == B2);
		pagelists_move(l, x, T2);
		return LAB_MISS;
	}
	/* case IV */
	if (l->len[T1] + l->len[B1] == c) {
		if (l->len[T1] < c) {
			pagelists_pop(l, B1);
			*victim = arc_replace(a, false);
		} else {
			*victim = pagelists_pop(l, T1);
		}
	} else if (l->len[T1] + l->len[T2] + l->len[B1] + l->len[B2] >= c) {
		if (l->len[T1] + l->len[T2] + l->len[B1] + l->len[B2] == 2 * c)
			pagelists_pop(l, B2);
		*victim = arc_replace(a, false);
	}
	pagelists_move(l, x, T1);
	return LAB_MISS;
}

const struct lab_cache_ops lab_arc_cache = {
	.create = arc_create,
	.destroy = pagecache_destroy,
	.access = arc_access,
};
