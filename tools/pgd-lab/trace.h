/* SPDX-License-Identifier: MIT */
/*
 * A reference string in memory: for each reference, the page (renumbered
 * densely from 0 in order of first appearance, so simulators index arrays
 * by page) and whether it writes. Readers of the formats (tracefmt.h) fill
 * one with trace_push.
 */
#ifndef PGD_LAB_TRACE_H
#define PGD_LAB_TRACE_H

#include <stdbool.h>
#include <stdint.h>

#define TRACE_NEVER UINT64_MAX /* no next reference */

struct trace {
	uint32_t *page;	  /* by reference */
	uint8_t *write;	  /* by reference: 1 for a write */
	uint64_t n;	  /* references */
	uint32_t nr_pages; /* distinct pages */
	uint64_t cap;
	/* page numbers as read -> dense numbers (open addressing) */
	uint64_t *keys;
	uint32_t *ids;
	uint64_t nr_slots;
	bool has_max_key; /* UINT64_MAX (the empty mark) was seen: */
	uint32_t max_key_id; /* its number */
};

void trace_init(struct trace *t);
void trace_free(struct trace *t);
/* Append a reference to page key; 0, or -1 out of memory (or more than
 * 2^32 - 1 distinct pages). */
int trace_push(struct trace *t, uint64_t key, bool write);
/* next[i]: the position of the next reference to the page of reference i,
 * TRACE_NEVER if none; NULL if out of memory. Free with free(). */
uint64_t *trace_next_use(const struct trace *t);
/* keys[p]: the page number as read of dense page p (what writers write);
 * NULL if out of memory. Free with free(). */
uint64_t *trace_keys(const struct trace *t);

#endif
