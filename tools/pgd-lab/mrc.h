/* SPDX-License-Identifier: MIT */
/*
 * Miss-ratio curves in one pass over a trace, for the stack algorithms:
 * misses[c] for every size c in [1, max] (misses[0] is unused).
 */
#ifndef PGD_LAB_MRC_H
#define PGD_LAB_MRC_H

#include <stdint.h>

#include "progress.h"
#include "trace.h"

/* LRU: each reference's stack distance (distinct pages since the page's
 * last reference, counted in a Fenwick tree over positions): O(n log n).
 * 0, or -1 out of memory, or 1 interrupted (misses then unset); progress
 * reported to p (may be NULL). */
int mrc_lru(const struct trace *t, uint32_t max, uint64_t *misses, struct progress *p);
/* OPT: Mattson's priority stack, the priority being the next reference
 * (next from trace_next_use), kept to depth max: O(n max). */
int mrc_opt(const struct trace *t, const uint64_t *next, uint32_t max, uint64_t *misses,
	    struct progress *p);

#endif
