/* SPDX-License-Identifier: MIT */
/*
 * The frame table: frame 0 is the pinned zero page (rule 1), the others are
 * free (in the free FIFO) or resident (known to the replacement policy,
 * with an owner). frame_get is the one way a fault obtains a frame: the
 * free list first, else the policy chooses a victim, which is written back
 * if dirty and taken from its owner through the owner's struct frame_owner
 * (rule 5, design C4, C8). This file is the policy's host; it knows nothing
 * of what owners do with their frames.
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "refpager-internal.h"

/* The policy's one view of a resident frame's bits: clearing the
 * referenced bit revokes the frame's PTEs (rule 5's second chance). */
static bool frames_test_and_clear_referenced(void *ctx, uint32_t pfn)
{
	struct frame *f = &rp.frames[pfn];

	(void)ctx;
	if (!f->referenced)
		return false;
	f->referenced = false;
	rp.owners[f->kind]->sync(pfn); /* rule 8 */
	return true;
}

static bool frames_dirty(void *ctx, uint32_t pfn)
{
	(void)ctx;
	return rp.frames[pfn].dirty;
}

int frames_init(unsigned int nr_frames, const struct policy_ops *policy,
		const struct policy_params *params)
{
	const struct policy_host host = {.test_and_clear_referenced =
					     frames_test_and_clear_referenced,
					 .dirty = frames_dirty,
					 .vtime = frame_vtime};

	if (nr_frames > REFPAGER_MAX_FRAMES)
		return -EINVAL;
	rp.frames = calloc(nr_frames, sizeof(*rp.frames));
	rp.order = calloc(nr_frames, sizeof(*rp.order));
	rp.policy = policy->create(nr_frames, &host, params);
	if (!rp.frames || !rp.order || !rp.policy || fifo_init(&rp.free_frames, 1, nr_frames) < 0) {
		frames_fini();
		return -ENOMEM;
	}
	/* calloc made every frame FRAME_FREE; frame 0 is the zero page (I1). */
	rp.frames[ZERO_FRAME].kind = FRAME_ZERO;
	rp.nr_resident = 0;
	return 0;
}

/* Also after a frames_init that failed part way. */
void frames_fini(void)
{
	fifo_fini(&rp.free_frames);
	if (rp.policy)
		rp.policy->ops->destroy(rp.policy);
	free(rp.order);
	free(rp.frames);
	rp.policy = NULL;
	rp.order = NULL;
	rp.frames = NULL;
}

void frame_owner_register(enum frame_kind kind, const struct frame_owner *owner)
{
	rp.owners[kind] = owner;
}

/* Take the victim from its owner, which writes it back if dirty; all its
 * PTEs become r=w=0. The policy has already forgotten it. */
static void frame_evict(pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];

	rp.nr_resident--;
	if (f->dirty)
		STAT_INC(evictions_dirty);
	else
		STAT_INC(evictions_clean);
	rp.owners[f->kind]->evict(pfn);
	frame_clear(pfn);
}

pfn_t frame_get(void)
{
	pfn_t pfn = fifo_pop(&rp.free_frames);

	if (pfn == UINT32_MAX) {
		assert(rp.nr_resident > 0); /* I2: no free frame means all are resident */
		pfn = rp.policy->ops->victim(rp.policy);
		frame_evict(pfn);
	}
	assert(rp.frames[pfn].kind == FRAME_FREE);
	return pfn;
}

void frame_make_resident(pfn_t pfn, enum frame_kind kind, uint32_t owner, bool dirty)
{
	struct frame *f = &rp.frames[pfn];

	f->kind = kind;
	f->used = true;
	f->referenced = true; /* rule 4: enters referenced */
	f->dirty = dirty;
	f->owner = owner;
	rp.nr_resident++;
	/* The content's name: its owner, which outlives its eviction. */
	rp.policy->ops->resident(rp.policy, pfn, (uint64_t)kind << 32 | owner);
}

/* Free, with no owner; it has held content (I14), so a zero-fill must
 * clear it. */
void frame_clear(pfn_t pfn)
{
	rp.frames[pfn] = (struct frame){.kind = FRAME_FREE, .used = true};
}

void frame_release(pfn_t pfn)
{
	if (rp.frames[pfn].kind != FRAME_FREE) { /* a frame just taken is not resident */
		rp.nr_resident--;
		rp.policy->ops->released(rp.policy, pfn);
	}
	frame_clear(pfn);
	fifo_push(&rp.free_frames, pfn);
}

const pfn_t *frames_in_order(uint32_t *n)
{
	*n = rp.policy->ops->order(rp.policy, rp.order);
	return rp.order;
}
