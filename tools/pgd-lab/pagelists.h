/* SPDX-License-Identifier: MIT */
/*
 * What the list-based offline policies (lru, arc, 2q, lirs) share: pages
 * of the trace in a few lists (flist.h, indexed by page), each page in at
 * most one, with each list's length; the head of a list is its oldest
 * (least recently used) end.
 */
#ifndef PGD_LAB_PAGELISTS_H
#define PGD_LAB_PAGELISTS_H

#include "flist.h"
#include "lab.h"

#define PAGELISTS_MAX 4
#define PAGELISTS_NONE 0xff

struct pagelists {
	struct flist list[PAGELISTS_MAX];
	uint32_t len[PAGELISTS_MAX];
	struct flink *links; /* by page */
	uint8_t *in;	     /* by page: its list, or PAGELISTS_NONE */
};

/* For the pages of t: 0, or -1 out of memory. */
int pagelists_init(struct pagelists *l, const struct trace *t);
void pagelists_fini(struct pagelists *l);
/* page to the tail (most recent end) of list, from wherever it was. */
void pagelists_move(struct pagelists *l, uint32_t page, unsigned int list);
/* page out of its list. */
void pagelists_drop(struct pagelists *l, uint32_t page);
/* The head of list, taken out; the list must not be empty. */
uint32_t pagelists_pop(struct pagelists *l, unsigned int list);

/* The start of every list-based offline cache's state. */
struct pagecache {
	struct pagelists l;
	const struct trace *t;
	uint32_t frames;
};

/* A zeroed state of size bytes starting with struct pagecache, its lists
 * ready; NULL if out of memory. pagecache_destroy frees it. */
void *pagecache_create(size_t size, const struct lab_ctx *ctx);
void pagecache_destroy(void *cache);

#endif
