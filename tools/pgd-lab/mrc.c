/* SPDX-License-Identifier: MIT */
/* One-pass miss-ratio curves for LRU and OPT (mrc.h). */
#include <stdbool.h>
#include <stdlib.h>

#include "mrc.h"

/* hits[d]: references found at depth d (1-based) -> misses at every size. */
static void mrc_misses(const struct trace *t, const uint64_t *hits, uint32_t max,
		       uint64_t *misses)
{
	uint64_t hit = 0;

	for (uint32_t c = 1; c <= max; c++) {
		hit += hits[c];
		misses[c] = t->n - hit;
	}
}

static void fenwick_add(int32_t *f, uint64_t n, uint64_t i, int32_t v)
{
	for (i++; i <= n; i += i & -i)
		f[i - 1] += v;
}

/* Sum of positions [0, i). */
static int64_t fenwick_sum(const int32_t *f, uint64_t i)
{
	int64_t s = 0;

	for (; i > 0; i -= i & -i)
		s += f[i - 1];
	return s;
}

/* At every PROGRESS_CHUNK-th reference i: false once interrupted. */
static bool mrc_going(struct progress *p, uint64_t i)
{
	return (i & (PROGRESS_CHUNK - 1)) || !i || progress_add(p, PROGRESS_CHUNK);
}

int mrc_lru(const struct trace *t, uint32_t max, uint64_t *misses, struct progress *p)
{
	int ret = 0;
	int32_t *f = calloc(t->n ? t->n : 1, sizeof(*f));
	uint64_t *last = malloc((t->nr_pages ? t->nr_pages : 1) * sizeof(*last));
	uint64_t *hits = calloc((size_t)max + 1, sizeof(*hits));

	if (!f || !last || !hits) {
		free(f);
		free(last);
		free(hits);
		return -1;
	}
	for (uint32_t p = 0; p < t->nr_pages; p++)
		last[p] = TRACE_NEVER;
	for (uint64_t i = 0; i < t->n; i++) {
		uint32_t x = t->page[i];

		if (!mrc_going(p, i)) {
			ret = 1;
			break;
		}
		if (last[x] != TRACE_NEVER) {
			/* pages whose latest reference lies after last[x], plus x */
			int64_t d = fenwick_sum(f, i) - fenwick_sum(f, last[x] + 1) + 1;

			if (d <= max)
				hits[d]++;
			fenwick_add(f, t->n, last[x], -1);
		}
		fenwick_add(f, t->n, i, 1);
		last[x] = i;
	}
	mrc_misses(t, hits, max, misses);
	free(f);
	free(last);
	free(hits);
	return ret;
}

int mrc_opt(const struct trace *t, const uint64_t *next, uint32_t max, uint64_t *misses,
	    struct progress *p)
{
	int ret = 0;
	uint32_t *stack = malloc((size_t)max * sizeof(*stack)), depth = 0;
	uint32_t *pos = malloc((t->nr_pages ? t->nr_pages : 1) * sizeof(*pos));
	uint64_t *prio = malloc((t->nr_pages ? t->nr_pages : 1) * sizeof(*prio));
	uint64_t *hits = calloc((size_t)max + 1, sizeof(*hits));

	if (!stack || !pos || !prio || !hits) {
		free(stack);
		free(pos);
		free(prio);
		free(hits);
		return -1;
	}
	for (uint32_t p = 0; p < t->nr_pages; p++)
		pos[p] = UINT32_MAX;
	for (uint64_t i = 0; i < t->n; i++) {
		uint32_t x = t->page[i], d = pos[x], end, carry;

		if (!mrc_going(p, i)) {
			ret = 1;
			break;
		}
		prio[x] = next[i];
		if (d != UINT32_MAX)
			hits[d + 1]++;
		if (d == 0)
			continue;
		end = d != UINT32_MAX ? d : depth;
		carry = depth ? stack[0] : UINT32_MAX;
		stack[0] = x;
		pos[x] = 0;
		/* Down to x's old place: each level keeps the page referenced
		 * sooner and carries the other one down. */
		for (uint32_t j = 1; j < end; j++) {
			if (prio[carry] < prio[stack[j]]) {
				uint32_t y = stack[j];

				stack[j] = carry;
				pos[carry] = j;
				carry = y;
			}
		}
		if (d != UINT32_MAX) {
			stack[d] = carry;
			pos[carry] = d;
		} else if (carry == UINT32_MAX) {
			depth = 1; /* the stack was empty */
		} else if (depth < max) {
			stack[depth] = carry;
			pos[carry] = depth++;
		} else {
			pos[carry] = UINT32_MAX; /* below depth max: in no cache of interest */
		}
	}
	mrc_misses(t, hits, max, misses);
	free(stack);
	free(pos);
	free(prio);
	free(hits);
	return ret;
}
