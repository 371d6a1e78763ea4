/* SPDX-License-Identifier: MIT */
/* Pages in lists, for the offline policies (pagelists.h). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "pagelists.h"

int pagelists_init(struct pagelists *l, const struct trace *t)
{
	size_t pages = t->nr_pages ? t->nr_pages : 1;

	memset(l, 0, sizeof(*l));
	for (unsigned int i = 0; i < PAGELISTS_MAX; i++)
		l->list[i] = FLIST_EMPTY;
	l->links = calloc(pages, sizeof(*l->links));
	l->in = malloc(pages);
	if (!l->links || !l->in) {
		pagelists_fini(l);
		return -1;
	}
	memset(l->in, PAGELISTS_NONE, pages);
	return 0;
}

void pagelists_fini(struct pagelists *l)
{
	free(l->links);
	free(l->in);
	l->links = NULL;
	l->in = NULL;
}

void pagelists_drop(struct pagelists *l, uint32_t page)
{
	unsigned int from = l->in[page];

	if (from == PAGELISTS_NONE)
		return;
	flist_remove(&l->list[from], l->links, page);
	l->len[from]--;
	l->in[page] = PAGELISTS_NONE;
}

void pagelists_move(struct pagelists *l, uint32_t page, unsigned int list)
{
	pagelists_drop(l, page);
	flist_append(&l->list[list], l->links, page);
	l->len[list]++;
	l->in[page] = (uint8_t)list;
}

uint32_t pagelists_pop(struct pagelists *l, unsigned int list)
{
	uint32_t page = l->list[list].head;

	assert(page != POLICY_NO_FRAME);
	pagelists_drop(l, page);
	return page;
}

void *pagecache_create(size_t size, const struct lab_ctx *ctx)
{
	struct pagecache *c = calloc(1, size);

	if (!c)
		return NULL;
	c->t = ctx->t;
	c->frames = ctx->frames;
	if (pagelists_init(&c->l, ctx->t)) {
		free(c);
		return NULL;
	}
	return c;
}

void pagecache_destroy(void *cache)
{
	pagelists_fini(&((struct pagecache *)cache)->l);
	free(cache);
}
