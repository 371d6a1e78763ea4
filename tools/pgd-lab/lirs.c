/* SPDX-License-Identifier: MIT */
/*
 * Offline LIRS (Jiang and Zhang, SIGMETRICS 2002): pages with a small
 * inter-reference recency (LIR, up to c - Lhirs of them, Lhirs = c/100 and
 * at least 1) stay resident; the other resident pages (HIR) sit in a FIFO
 * Q whose front is evicted. The stack S orders recently seen pages, LIR,
 * resident HIR and non-resident HIR, with a LIR page at the bottom
 * (pruning removes HIR pages from it). A HIR page referenced while in S
 * becomes LIR, and the bottom LIR page becomes HIR. Until Llirs pages are
 * LIR, new pages become LIR. S is not bounded.
 */
#include <stdlib.h>

#include "pagelists.h"

struct lirs {
	struct pagecache c; /* l: list 0 is S, its tail the top */
	struct pagelists q; /* list 0 is Q, its head the front */
	uint8_t *lir, *resident; /* by page */
	uint32_t nr_lir, max_lir;
};

static void lirs_destroy(void *cache)
{
	struct lirs *s = cache;

	pagelists_fini(&s->q);
	free(s->lir);
	free(s->resident);
	pagecache_destroy(s);
}

static void *lirs_create(const struct lab_ctx *ctx)
{
	struct lirs *s = pagecache_create(sizeof(struct lirs), ctx);
	size_t pages = ctx->t->nr_pages ? ctx->t->nr_pages : 1;
	uint32_t hirs = ctx->frames / 100 ? ctx->frames / 100 : 1;

	if (!s)
		return NULL;
	s->max_lir = ctx->frames - hirs;
	s->lir = calloc(pages, 1);
	s->resident = calloc(pages, 1);
	if (pagelists_init(&s->q, ctx->t) || !s->lir || !s->resident) {
		lirs_destroy(s);
		return NULL;
	}
	return s;
}

static bool lirs_in_s(const struct lirs *s, uint32_t page)
{
	return s->c.l.in[page] == 0;
}

/* Remove HIR pages from the bottom of S. */
static void lirs_prune(struct lirs *s)
{
	uint32_t b;

	while ((b = s->c.l.list[0].head) != POLICY_NO_FRAME && !s->lir[b])
		pagelists_drop(&s->c.l, b);
}

/* x (HIR, in S) becomes LIR at the top of S; the bottom LIR page becomes
 * a resident HIR page at the end of Q. */
static void lirs_promote(struct lirs *s, uint32_t x)
{
	uint32_t b = s->c.l.list[0].head;

	s->lir[x] = 1;
	pagelists_drop(&s->q, x);
	pagelists_move(&s->c.l, x, 0);
	s->lir[b] = 0;
	pagelists_drop(&s->c.l, b);
	pagelists_move(&s->q, b, 0);
	lirs_prune(s);
}

/* A reference to x, resident and not LIR: LIR if it was in S, else a HIR
 * page at the top of S and the end of Q. */
static void lirs_hir(struct lirs *s, uint32_t x, bool in_s)
{
	if (in_s && s->max_lir) {
		lirs_promote(s, x);
	} else {
		pagelists_move(&s->c.l, x, 0);
		pagelists_move(&s->q, x, 0);
	}
}

static enum lab_ref lirs_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct lirs *s = cache;
	uint32_t x = s->c.t->page[i];
	bool in_s = lirs_in_s(s, x);

	*victim = LAB_NO_PAGE;
	if (s->resident[x]) {
		bool bottom = s->c.l.list[0].head == x;

		if (s->lir[x]) {
			pagelists_move(&s->c.l, x, 0);
			if (bottom)
				lirs_prune(s);
		} else {
			lirs_hir(s, x, in_s);
		}
		return LAB_HIT;
	}
	if (s->nr_lir + s->q.len[0] == s->c.frames) {
		*victim = pagelists_pop(&s->q, 0);
		s->resident[*victim] = 0; /* stays in S, if there, as non-resident HIR */
	}
	s->resident[x] = 1;
	if (s->nr_lir < s->max_lir) {
		s->lir[x] = 1;
		s->nr_lir++;
		pagelists_move(&s->c.l, x, 0);
	} else {
		lirs_hir(s, x, in_s);
	}
	return LAB_MISS;
}

const struct lab_cache_ops lab_lirs_cache = {
	.create = lirs_create,
	.destroy = lirs_destroy,
	.access = lirs_access,
};
