/* SPDX-License-Identifier: MIT */
/* Ghosts: evicted pages remembered by number (ghost.h). */
#include <assert.h>
#include <stdlib.h>

#include "ghost.h"

static uint32_t ghost_hash(const struct ghost *g, uint64_t page)
{
	return (uint32_t)((page * 0x9e3779b97f4a7c15ull) >> g->hash_shift);
}

int ghost_init(struct ghost *g, uint32_t cap)
{
	unsigned int bits = 1;

	while (bits < 31 && (1u << bits) < cap)
		bits++;
	*g = (struct ghost){.cap = cap, .hash_shift = 64 - bits};
	g->page = calloc(cap, sizeof(*g->page));
	g->list = calloc(cap, sizeof(*g->list));
	g->links = calloc(cap, sizeof(*g->links));
	g->chain = calloc(cap, sizeof(*g->chain));
	g->bucket = malloc(sizeof(*g->bucket) << bits);
	if (!g->page || !g->list || !g->links || !g->chain || !g->bucket) {
		ghost_fini(g);
		return -1;
	}
	for (uint32_t b = 0; b < 1u << bits; b++)
		g->bucket[b] = GHOST_NONE;
	for (uint32_t s = 0; s < cap; s++)
		g->links[s].next = s + 1 < cap ? s + 1 : GHOST_NONE;
	g->free = cap ? 0 : GHOST_NONE;
	for (unsigned int l = 0; l < GHOST_LISTS; l++)
		g->lists[l] = FLIST_EMPTY;
	return 0;
}

void ghost_fini(struct ghost *g)
{
	free(g->page);
	free(g->list);
	free(g->links);
	free(g->chain);
	free(g->bucket);
	*g = (struct ghost){0};
}

uint32_t ghost_find(const struct ghost *g, uint64_t page)
{
	uint32_t s = g->bucket[ghost_hash(g, page)];

	while (s != GHOST_NONE && g->page[s] != page)
		s = g->chain[s];
	return s;
}

void ghost_add(struct ghost *g, unsigned int list, uint64_t page)
{
	uint32_t s = g->free, *head = &g->bucket[ghost_hash(g, page)];

	assert(s != GHOST_NONE && list < GHOST_LISTS && ghost_find(g, page) == GHOST_NONE);
	g->free = g->links[s].next;
	g->page[s] = page;
	g->list[s] = (uint8_t)list;
	g->chain[s] = *head;
	*head = s;
	flist_append(&g->lists[list], g->links, s);
	g->len[list]++;
}

void ghost_remove(struct ghost *g, uint32_t slot)
{
	uint32_t *at = &g->bucket[ghost_hash(g, g->page[slot])];

	while (*at != slot)
		at = &g->chain[*at];
	*at = g->chain[slot];
	flist_remove(&g->lists[g->list[slot]], g->links, slot);
	g->len[g->list[slot]]--;
	g->links[slot].next = g->free;
	g->free = slot;
}

void ghost_drop_oldest(struct ghost *g, unsigned int list)
{
	if (g->lists[list].head != GHOST_NONE)
		ghost_remove(g, g->lists[list].head);
}
