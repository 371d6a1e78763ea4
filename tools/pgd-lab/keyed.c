/* SPDX-License-Identifier: MIT */
/*
 * The offline policies that evict the resident page with the largest key:
 * opt (Belady's MIN: the key is the time of the next reference, so the
 * page used furthest in the future goes) and lfu (in-cache LFU: the fewest
 * references since the page came in, the least recently used of those;
 * the key is the complement of count << 40 | time of last reference).
 */
#include <stdio.h>
#include <stdlib.h>

#include "heap.h"
#include "lab.h"

#define KEYED_MAX_COUNT ((1ull << 23) - 1)

struct keyed {
	const struct lab_ctx *ctx;
	bool lfu;
	uint32_t n;	 /* resident */
	uint8_t *in;	 /* by page */
	uint64_t *key;	 /* by page: current key */
	uint64_t *count; /* by page (lfu) */
	struct heap heap;
	struct lab_ctx copy;
};

static void keyed_destroy(void *cache)
{
	struct keyed *k = cache;

	free(k->in);
	free(k->key);
	free(k->count);
	heap_free(&k->heap);
	free(k);
}

static void *keyed_create(const struct lab_ctx *ctx, bool lfu)
{
	struct keyed *k = calloc(1, sizeof(*k));
	size_t pages = ctx->t->nr_pages ? ctx->t->nr_pages : 1;

	if (!k)
		return NULL;
	k->copy = *ctx;
	k->ctx = &k->copy;
	k->lfu = lfu;
	k->in = calloc(pages, 1);
	k->key = calloc(pages, sizeof(*k->key));
	k->count = calloc(pages, sizeof(*k->count));
	if (!k->in || !k->key || !k->count || (!lfu && !ctx->next)) {
		keyed_destroy(k);
		return NULL;
	}
	return k;
}

static void *opt_create(const struct lab_ctx *ctx)
{
	return keyed_create(ctx, false);
}

static void *lfu_create(const struct lab_ctx *ctx)
{
	return keyed_create(ctx, true);
}

/* The page's key after reference i. */
static uint64_t keyed_key(struct keyed *k, uint32_t page, uint64_t i)
{
	if (!k->lfu)
		return k->ctx->next[i];
	if (k->count[page] < KEYED_MAX_COUNT)
		k->count[page]++;
	return ~(k->count[page] << 40 | (i & ((1ull << 40) - 1)));
}

static enum lab_ref keyed_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct keyed *k = cache;
	uint32_t page = k->ctx->t->page[i];
	enum lab_ref ref = k->in[page] ? LAB_HIT : LAB_MISS;

	*victim = LAB_NO_PAGE;
	if (ref == LAB_MISS) {
		if (k->n == k->ctx->frames) {
			struct heap_entry e;

			do
				e = heap_pop(&k->heap);
			while (!k->in[e.page] || k->key[e.page] != e.key);
			k->in[e.page] = 0;
			*victim = e.page;
			k->n--;
		}
		k->in[page] = 1;
		k->count[page] = 0;
		k->n++;
	}
	k->key[page] = keyed_key(k, page, i);
	if (heap_push(&k->heap, k->key[page], page)) {
		fputs("pgd-lab: out of memory\n", stderr);
		exit(1);
	}
	return ref;
}

const struct lab_cache_ops lab_opt_cache = {
	.create = opt_create,
	.destroy = keyed_destroy,
	.access = keyed_access,
};

const struct lab_cache_ops lab_lfu_cache = {
	.create = lfu_create,
	.destroy = keyed_destroy,
	.access = keyed_access,
};
