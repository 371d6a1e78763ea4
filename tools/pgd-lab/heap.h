/* SPDX-License-Identifier: MIT */
/*
 * A max-heap of (key, page) entries for the offline policies that evict by
 * a key (opt: next use; lfu: count and age). Entries are never updated in
 * place: a policy pushes a new entry when a page's key changes and skips
 * stale ones (whose key is not the page's current key) when it pops.
 */
#ifndef PGD_LAB_HEAP_H
#define PGD_LAB_HEAP_H

#include <stdint.h>

struct heap_entry {
	uint64_t key;
	uint32_t page;
};

struct heap {
	struct heap_entry *e;
	uint64_t n, cap;
};

/* 0, or -1 out of memory. */
int heap_push(struct heap *h, uint64_t key, uint32_t page);
/* The entry with the largest key, removed; the heap must not be empty. */
struct heap_entry heap_pop(struct heap *h);
void heap_free(struct heap *h);

#endif
