/* SPDX-License-Identifier: MIT */
/*
 * Offline 2Q, the full version (Johnson and Shasha, VLDB 1994): a page
 * seen for the first time enters A1in, a FIFO of at most Kin = c/4 pages
 * (at least 1); one pushed out of A1in is remembered in A1out, a ghost
 * FIFO of Kout = c/2 pages (at least 1); a page found in A1out enters Am,
 * an LRU list. A hit in A1in changes nothing. Room is made from A1in when
 * it holds more than Kin pages (or Am is empty), else from Am's LRU end.
 */
#include "pagelists.h"

enum { A1IN, A1OUT, AM };

static void *twoq_create(const struct lab_ctx *ctx)
{
	return pagecache_create(sizeof(struct pagecache), ctx);
}

static uint32_t twoq_reclaim(struct pagecache *c)
{
	struct pagelists *l = &c->l;
	uint32_t kin = c->frames / 4 ? c->frames / 4 : 1, kout = c->frames / 2 ? c->frames / 2 : 1;
	uint32_t v;

	if (l->len[A1IN] + l->len[AM] < c->frames)
		return LAB_NO_PAGE;
	if (l->len[A1IN] > kin || !l->len[AM]) {
		v = pagelists_pop(l, A1IN);
		pagelists_move(l, v, A1OUT);
		if (l->len[A1OUT] > kout)
			pagelists_pop(l, A1OUT);
		return v;
	}
	return pagelists_pop(l, AM);
}

static enum lab_ref twoq_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct pagecache *c = cache;
	uint32_t x = c->t->page[i];
	unsigned int in = c->l.in[x];

	*victim = LAB_NO_PAGE;
	if (in == AM)
		pagelists_move(&c->l, x, AM);
	if (in == AM || in == A1IN)
		return LAB_HIT;
	pagelists_drop(&c->l, x); /* from A1out, if there */
	*victim = twoq_reclaim(c);
	pagelists_move(&c->l, x, in == A1OUT ? AM : A1IN);
	return LAB_MISS;
}

const struct lab_cache_ops lab_2q_cache = {
	.create = twoq_create,
	.destroy = pagecache_destroy,
	.access = twoq_access,
};
