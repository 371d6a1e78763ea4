/* SPDX-License-Identifier: MIT */
/*
 * The simulator as a pager: the host (struct policy_host) of an online
 * policy replaying a trace. It keeps each frame's referenced and dirty bits
 * as the reference pager does (rules 4, 7, 8): a page enters referenced,
 * and dirty if the faulting access writes; an access to a resident page
 * faults when its bit is clear, or when it writes and the page is clean,
 * and then the bits are set and the policy is told (`referenced`); any
 * other access is invisible to the policy. Virtual time is the faults so
 * far (a trace is one process). Frames are numbered 1..frames and the
 * policy is made for frames + 1, as the pager makes it for its memory
 * pages: frame 0 stands for the pager's pinned zero page, never resident,
 * so that what depends on the count (NRU's and aging's harvest period) is
 * the pager's with --memory-pages = frames + 1 (docs/policies.md).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "lab.h"

struct host {
	struct policy *policy;
	const struct trace *t;
	uint32_t frames, used; /* frames 1..used - 1 have been used */
	uint32_t *frame_of; /* by page: LAB_NO_PAGE if not resident */
	uint32_t *page_of;  /* by frame */
	uint8_t *bits;	    /* by frame: HOST_REFERENCED | HOST_DIRTY */
	uint64_t faults;
	uint64_t retries; /* soft faults of a retried access (host_retry) */
};

#define HOST_REFERENCED 1
#define HOST_DIRTY 2 /* written since brought in */

static bool host_test_and_clear(void *ctx, uint32_t frame)
{
	struct host *h = ctx;
	bool r = h->bits[frame] & HOST_REFERENCED;

	h->bits[frame] &= (uint8_t)~HOST_REFERENCED;
	return r;
}

static bool host_dirty(void *ctx, uint32_t frame)
{
	return ((struct host *)ctx)->bits[frame] & HOST_DIRTY;
}

static uint64_t host_vtime(void *ctx, uint32_t frame)
{
	(void)frame;
	return ((struct host *)ctx)->faults;
}

static void host_destroy(void *cache)
{
	struct host *h = cache;

	if (h->policy)
		h->policy->ops->destroy(h->policy);
	free(h->frame_of);
	free(h->page_of);
	free(h->bits);
	free(h);
}

static void *host_create(const struct lab_ctx *ctx)
{
	struct host *h = calloc(1, sizeof(*h));
	const struct policy_params params = {.seed = ctx->seed};
	struct policy_host ph = {.ctx = h,
				 .test_and_clear_referenced = host_test_and_clear,
				 .dirty = host_dirty,
				 .vtime = host_vtime};

	if (!h)
		return NULL;
	h->t = ctx->t;
	h->frames = ctx->frames;
	h->frame_of = malloc((ctx->t->nr_pages ? ctx->t->nr_pages : 1) * sizeof(*h->frame_of));
	h->used = 1;
	h->page_of = calloc(ctx->frames + 1, sizeof(*h->page_of));
	h->bits = calloc(ctx->frames + 1, 1);
	h->policy = ctx->online->create(ctx->frames + 1, &ph, &params);
	if (!h->frame_of || !h->page_of || !h->bits || !h->policy) {
		host_destroy(h);
		return NULL;
	}
	for (uint32_t p = 0; p < ctx->t->nr_pages; p++)
		h->frame_of[p] = LAB_NO_PAGE;
	return h;
}

/* A policy call may clear the bit the fault just set (a periodic harvest of
 * NRU or aging, a sweep): in the pager that revokes the PTE the fault
 * granted, so the MMU's retry of the access faults again, on a resident
 * frame. Do the same until the bits allow the access. */
static void host_retry(struct host *h, uint32_t f, uint8_t want)
{
	while ((h->bits[f] & want) != want) {
		h->faults++;
		h->retries++;
		h->bits[f] |= want;
		if (h->policy->ops->referenced)
			h->policy->ops->referenced(h->policy, f);
	}
}

static uint64_t host_retries(void *cache)
{
	return ((struct host *)cache)->retries;
}

/* Reference i: what it was, the page evicted (LAB_NO_PAGE if none) and
 * whether that page was dirty. Inlined in both loops below. */
static inline enum lab_ref host_ref(struct host *h, uint64_t i, uint32_t *victim,
				    bool *victim_dirty)
{
	uint32_t page = h->t->page[i], f = h->frame_of[page];
	uint8_t want = (uint8_t)(HOST_REFERENCED | h->t->write[i] << 1);

	*victim = LAB_NO_PAGE;
	if (f != LAB_NO_PAGE) {
		if ((h->bits[f] & want) == want)
			return LAB_HIT;
		h->faults++;
		h->bits[f] |= want;
		if (h->policy->ops->referenced)
			h->policy->ops->referenced(h->policy, f);
		host_retry(h, f, want);
		return LAB_SOFT;
	}
	h->faults++;
	if (h->used <= h->frames) {
		f = h->used++;
	} else {
		f = h->policy->ops->victim(h->policy);
		*victim = h->page_of[f];
		*victim_dirty = h->bits[f] & HOST_DIRTY;
		h->frame_of[*victim] = LAB_NO_PAGE;
	}
	h->frame_of[page] = f;
	h->page_of[f] = page;
	h->bits[f] = want;
	h->policy->ops->resident(h->policy, f, page);
	host_retry(h, f, want);
	return LAB_MISS;
}

static enum lab_ref host_access(void *cache, uint64_t i, uint32_t *victim)
{
	bool dirty;

	return host_ref(cache, i, victim, &dirty);
}

/* The hot loop of pgd-lab sim and mrc: counts in registers, the dirty bit
 * of a victim from its frame (the same as sim.c's by-page record: set by a
 * write while resident, cleared by eviction). */
static void host_replay(void *cache, uint64_t i, uint64_t end, struct lab_result *r)
{
	uint64_t faults = 0, soft = 0, clean = 0, dirty = 0, n = end - i;

	for (; i < end; i++) {
		uint32_t victim;
		bool victim_dirty = false;
		enum lab_ref ref = host_ref(cache, i, &victim, &victim_dirty);

		if (ref == LAB_HIT)
			continue;
		faults += ref == LAB_MISS;
		soft += ref == LAB_SOFT;
		if (victim != LAB_NO_PAGE) {
			dirty += victim_dirty;
			clean += !victim_dirty;
		}
	}
	r->faults += faults;
	r->hits += n - faults;
	r->soft_faults += soft;
	r->evictions_clean += clean;
	r->evictions_dirty += dirty;
}

const struct lab_cache_ops lab_online_cache = {
	.create = host_create,
	.destroy = host_destroy,
	.access = host_access,
	.replay = host_replay,
	.retries = host_retries,
};
