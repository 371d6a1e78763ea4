/* SPDX-License-Identifier: MIT */
/*
 * WSClock: a clock over the resident frames in which each frame carries
 * the virtual time of its last seen use (struct policy_host's vtime: the
 * faults of the frame's process). The hand clears a set referenced bit and
 * stamps the frame with the current virtual time; a frame with the bit
 * clear whose age exceeds the window tau (nr_frames faults) is out of its
 * process's working set: evicted at once if clean. A pager writes back at
 * eviction, not ahead of it, so after one full turn without an old clean
 * frame the first old dirty frame seen goes, else the oldest frame seen,
 * else (every bit was set) the frame the hand started at.
 */
#include <assert.h>
#include <stdlib.h>

#include "flist.h"
#include "policy-common.h"

struct wsclock {
	struct policy policy;
	struct flist ring;
	struct flink *links;
	uint64_t *last_use; /* by frame */
	uint32_t hand;	    /* POLICY_NO_FRAME: the head */
	uint32_t nr;	    /* resident */
	uint64_t tau;
};

static void wsclock_destroy(struct policy *p)
{
	struct wsclock *w = (struct wsclock *)p;

	free(w->links);
	free(w->last_use);
	free(w);
}

static struct policy *wsclock_create(uint32_t nr_frames, const struct policy_host *host,
				     const struct policy_params *params)
{
	struct wsclock *w = policy_new(sizeof(*w), &wsclock_policy, nr_frames, host);

	(void)params;
	if (!w)
		return NULL;
	w->ring = FLIST_EMPTY;
	w->hand = POLICY_NO_FRAME;
	w->tau = nr_frames;
	w->links = policy_array(nr_frames, sizeof(*w->links));
	w->last_use = policy_array(nr_frames, sizeof(*w->last_use));
	if (!w->links || !w->last_use) {
		wsclock_destroy(&w->policy);
		return NULL;
	}
	return &w->policy;
}

static void wsclock_referenced(struct policy *p, uint32_t frame)
{
	struct wsclock *w = (struct wsclock *)p;

	w->last_use[frame] = p->host.vtime(p->host.ctx, frame);
}

static void wsclock_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct wsclock *w = (struct wsclock *)p;

	(void)page;
	flist_append(&w->ring, w->links, frame);
	w->nr++;
	wsclock_referenced(p, frame);
}

static void wsclock_released(struct policy *p, uint32_t frame)
{
	struct wsclock *w = (struct wsclock *)p;

	if (w->hand == frame)
		w->hand = w->links[frame].next;
	flist_remove(&w->ring, w->links, frame);
	w->nr--;
}

static uint32_t wsclock_next(const struct wsclock *w, uint32_t f)
{
	f = w->links[f].next;
	return f == POLICY_NO_FRAME ? w->ring.head : f;
}

static uint32_t wsclock_victim(struct policy *p)
{
	struct wsclock *w = (struct wsclock *)p;
	uint32_t f = w->hand != POLICY_NO_FRAME ? w->hand : w->ring.head;
	uint32_t start = f, old_dirty = POLICY_NO_FRAME, oldest = POLICY_NO_FRAME;
	uint64_t oldest_age = 0;

	assert(f != POLICY_NO_FRAME);
	for (uint32_t i = 0; i < w->nr; i++, f = wsclock_next(w, f)) {
		uint64_t now = p->host.vtime(p->host.ctx, f), age;

		if (policy_test_and_clear(&p->host, f)) {
			w->last_use[f] = now;
			continue;
		}
		age = now > w->last_use[f] ? now - w->last_use[f] : 0;
		if (age > w->tau) {
			if (!p->host.dirty(p->host.ctx, f))
				goto out;
			if (old_dirty == POLICY_NO_FRAME)
				old_dirty = f;
		}
		if (oldest == POLICY_NO_FRAME || age > oldest_age) {
			oldest = f;
			oldest_age = age;
		}
	}
	f = old_dirty != POLICY_NO_FRAME ? old_dirty : oldest != POLICY_NO_FRAME ? oldest : start;
out:
	w->hand = f;
	wsclock_released(p, f);
	return f;
}

static uint32_t wsclock_order(const struct policy *p, uint32_t *frames)
{
	const struct wsclock *w = (const struct wsclock *)p;

	return flist_copy_from(&w->ring, w->links, p->nr_frames, w->hand, frames);
}

const struct policy_ops wsclock_policy = {
	.name = "wsclock",
	.hand = true,
	.create = wsclock_create,
	.destroy = wsclock_destroy,
	.resident = wsclock_resident,
	.referenced = wsclock_referenced,
	.released = wsclock_released,
	.victim = wsclock_victim,
	.order = wsclock_order,
};
