/* SPDX-License-Identifier: MIT */
/* Offline LRU: evict the page referenced least recently. */
#include "pagelists.h"

static void *lru_create(const struct lab_ctx *ctx)
{
	return pagecache_create(sizeof(struct pagecache), ctx); /* list 0: resident */
}

static enum lab_ref lru_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct pagecache *c = cache;
	uint32_t page = c->t->page[i];
	enum lab_ref ref = c->l.in[page] == 0 ? LAB_HIT : LAB_MISS;

	*victim = LAB_NO_PAGE;
	if (ref == LAB_MISS && c->l.len[0] == c->frames)
		*victim = pagelists_pop(&c->l, 0);
	pagelists_move(&c->l, page, 0);
	return ref;
}

const struct lab_cache_ops lab_lru_cache = {
	.create = lru_create,
	.destroy = pagecache_destroy,
	.access = lru_access,
};
