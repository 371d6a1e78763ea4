/* SPDX-License-Identifier: MIT */
/*
 * Index pools: growable arrays of fixed-size items named by a 32-bit index
 * (process slots, shared content, file pages). References between the
 * pager's structures are indices, so an array may move when it grows.
 * Freed indices are reused first. A caller that must not fail half-way
 * reserves room first; pool_take then cannot fail.
 */
#include <assert.h>
#include <stdlib.h>

#include "refpager-internal.h"

void pool_init(struct pool *p, size_t item_size, uint32_t limit)
{
	*p = (struct pool){.item_size = item_size, .limit = limit};
}

void pool_fini(struct pool *p)
{
	free(p->items);
	free(p->free);
	*p = (struct pool){0};
}

int pool_reserve(struct pool *p, uint32_t n)
{
	uint64_t need = (uint64_t)p->nr + (n > p->nr_free ? n - p->nr_free : 0);
	uint32_t cap;
	void *items, *free_stack;

	if (need > p->limit)
		return -1;
	if (need <= p->cap)
		return 0;
	cap = p->cap ? p->cap : (p->limit < 16 ? p->limit : 16);
	while (cap < need)
		cap = cap > p->limit / 2 ? p->limit : cap * 2;
	items = realloc(p->items, (size_t)cap * p->item_size);
	if (!items)
		return -1;
	p->items = items;
	free_stack = realloc(p->free, (size_t)cap * sizeof(*p->free));
	if (!free_stack)
		return -1;
	p->free = free_stack;
	p->cap = cap;
	return 0;
}

uint32_t pool_take(struct pool *p)
{
	if (p->nr_free)
		return p->free[--p->nr_free];
	assert(p->nr < p->cap); /* reserved */
	return p->nr++;
}

void pool_put(struct pool *p, uint32_t i)
{
	assert(p->nr_free < p->cap);
	p->free[p->nr_free++] = i;
}
