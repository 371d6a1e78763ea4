/* SPDX-License-Identifier: MIT */
/* A binary max-heap of (key, page) entries (heap.h). */
#include <assert.h>
#include <stdlib.h>

#include "heap.h"

int heap_push(struct heap *h, uint64_t key, uint32_t page)
{
	uint64_t i;

	if (h->n == h->cap) {
		uint64_t cap = h->cap ? h->cap * 2 : 1024;
		struct heap_entry *e = realloc(h->e, cap * sizeof(*e));

		if (!e)
			return -1;
		h->e = e;
		h->cap = cap;
	}
	for (i = h->n++; i > 0 && h->e[(i - 1) / 2].key < key; i = (i - 1) / 2)
		h->e[i] = h->e[(i - 1) / 2];
	h->e[i] = (struct heap_entry){key, page};
	return 0;
}

struct heap_entry heap_pop(struct heap *h)
{
	struct heap_entry top, last;
	uint64_t i = 0;

	assert(h->n > 0);
	top = h->e[0];
	last = h->e[--h->n];
	for (;;) {
		uint64_t c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->e[c + 1].key > h->e[c].key)
			c++;
		if (h->e[c].key <= last.key)
			break;
		h->e[i] = h->e[c];
		i = c;
	}
	if (h->n)
		h->e[i] = last;
	return top;
}

void heap_free(struct heap *h)
{
	free(h->e);
	*h = (struct heap){0};
}
