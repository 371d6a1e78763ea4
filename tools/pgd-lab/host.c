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
	const struct policy_ops *ops; /* the policy's */
	const struct trace *t;
	uint32_t frames, used; /* frames 1..used - 1 have been used */
	uint32_t *frame_of; /* by page: HOST_NOT_RESIDENT if not resident */
	uint32_t *page_of;  /* by frame */
	uint8_t *bits;	    /* by frame: HOST_REFERENCED | HOST_DIRTY */
	uint64_t faults;
	uint64_t retries; /* soft faults of a retried access (host_retry) */
	struct lab_result counts; /* of the faults since host_replay started */
};

#define HOST_REFERENCED 1 /* bit 0: struct policy_host's referenced */
#define HOST_DIRTY 2 /* written since brought in */
/* frame_of of a page not resident: frame 0, the zero page's, is never
 * resident and its bits stay clear, so one test of the bits (host_hit)
 * tells a hit from both kinds of fault. */
#define HOST_NOT_RESIDENT 0

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
		h->ops->destroy(h->policy);
	free(h->frame_of);
	free(h->page_of);
	free(h->bits);
	free(h);
}

static void *host_create(const struct lab_ctx *ctx)
{
	struct host *h = calloc(1, sizeof(*h));
	const struct policy_params params = {.seed = ctx->seed};
	struct policy_host ph = {.ctx = h, .dirty = host_dirty, .vtime = host_vtime};

	if (!h)
		return NULL;
	h->t = ctx->t;
	h->frames = ctx->frames;
	h->frame_of = malloc((ctx->t->nr_pages ? ctx->t->nr_pages : 1) * sizeof(*h->frame_of));
	h->used = 1;
	h->page_of = calloc(ctx->frames + 1, sizeof(*h->page_of));
	h->bits = calloc(ctx->frames + 1, 1);
	ph.referenced = h->bits; /* clearing a bit here revokes nothing */
	h->ops = ctx->online;
	h->policy = h->bits ? h->ops->create(ctx->frames + 1, &ph, &params) : NULL;
	if (!h->frame_of || !h->page_of || !h->bits || !h->policy) {
		host_destroy(h);
		return NULL;
	}
	for (uint32_t p = 0; p < ctx->t->nr_pages; p++)
		h->frame_of[p] = HOST_NOT_RESIDENT;
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
		if (h->ops->referenced)
			h->ops->referenced(h->policy, f);
	}
}

static uint64_t host_retries(void *cache)
{
	return ((struct host *)cache)->retries;
}

/* The bits an access needs to go unseen: referenced, and dirty if it
 * writes. */
static inline uint8_t host_want(uint8_t write)
{
	return (uint8_t)(HOST_REFERENCED | write << 1);
}

/* Whether an access wanting want to frame f (HOST_NOT_RESIDENT included)
 * goes unseen by the pager. */
static inline bool host_hit(const uint8_t *bits, uint32_t f, uint8_t want)
{
	return (bits[f] & want) == want;
}

/* An access to page, in frame f, that is not a hit: a soft fault or a
 * miss, counted in h->counts (the faults, soft faults and evictions); *victim
 * is the page evicted (LAB_NO_PAGE if none). Inlined in both loops below:
 * a call costs more than the work it does. */
static inline __attribute__((always_inline)) enum lab_ref
host_fault(struct host *h, uint32_t page, uint32_t f, uint8_t want, uint32_t *victim)
{
	*victim = LAB_NO_PAGE;
	h->faults++;
	if (f != HOST_NOT_RESIDENT) {
		h->counts.soft_faults++;
		h->bits[f] |= want;
		if (h->ops->referenced)
			h->ops->referenced(h->policy, f);
		host_retry(h, f, want);
		return LAB_SOFT;
	}
	h->counts.faults++;
	if (h->used <= h->frames) {
		f = h->used++;
	} else {
		f = h->ops->victim(h->policy);
		*victim = h->page_of[f];
		if (h->bits[f] & HOST_DIRTY)
			h->counts.evictions_dirty++;
		else
			h->counts.evictions_clean++;
		h->frame_of[*victim] = HOST_NOT_RESIDENT;
	}
	h->frame_of[page] = f;
	h->page_of[f] = page;
	h->bits[f] = want;
	h->ops->resident(h->policy, f, page);
	host_retry(h, f, want);
	return LAB_MISS;
}

static enum lab_ref host_access(void *cache, uint64_t i, uint32_t *victim)
{
	struct host *h = cache;
	uint32_t page = h->t->page[i], f = h->frame_of[page];
	uint8_t want = host_want(h->t->write[i]);

	if (host_hit(h->bits, f, want)) {
		*victim = LAB_NO_PAGE;
		return LAB_HIT;
	}
	return host_fault(h, page, f, want, victim);
}

/* The hot loop of pgd-lab sim and mrc. What lives across the policy's
 * calls is kept few, for the registers a call preserves: the host, the
 * arrays (their contents change in the calls, the pointers never), and a
 * count up to 0 that indexes both of the trace's from their ends; the
 * counts are in the host. A victim's dirty bit is its frame's (the same as
 * sim.c's by-page record, unused: set by a write while resident, cleared
 * by eviction). */
static void host_replay(void *cache, uint64_t i, uint64_t end, uint8_t *unused,
			struct lab_result *r)
{
	struct host *h = cache;
	const uint32_t *page = h->t->page + end, *frame_of = h->frame_of;
	const uint8_t *write = h->t->write + end, *bits = h->bits;

	(void)unused;
	h->counts = (struct lab_result){0};
	for (int64_t k = -(int64_t)(end - i); k < 0; k++) {
		uint8_t want = host_want(write[k]);
		uint32_t victim, f = frame_of[page[k]];

		if (__builtin_expect(!host_hit(bits, f, want), 0))
			host_fault(h, page[k], f, want, &victim);
	}
	r->faults += h->counts.faults;
	r->hits += end - i - h->counts.faults;
	r->soft_faults += h->counts.soft_faults;
	r->evictions_clean += h->counts.evictions_clean;
	r->evictions_dirty += h->counts.evictions_dirty;
}

const struct lab_cache_ops lab_online_cache = {
	.create = host_create,
	.destroy = host_destroy,
	.access = host_access,
	.replay = host_replay,
	.retries = host_retries,
};
