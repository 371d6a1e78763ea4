/* SPDX-License-Identifier: MIT */
/*
 * The frame table: frame 0 is the pinned zero page (rule 1), the others are
 * free (in the free FIFO) or resident (in the clock queue, with an owner).
 * frame_get is the one way a fault obtains a frame: the free list first,
 * else the clock evicts one (rule 5, design C4, C8).
 */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>

#include "refpager-internal.h"

int frames_init(unsigned int nr_frames)
{
	if (nr_frames > REFPAGER_MAX_FRAMES)
		return -EINVAL;
	rp.frames = calloc(nr_frames, sizeof(*rp.frames));
	if (!rp.frames)
		return -ENOMEM;
	if (fifo_init(&rp.free_frames, 1, nr_frames) < 0) {
		free(rp.frames);
		rp.frames = NULL;
		return -ENOMEM;
	}
	/* calloc made every frame FRAME_FREE; frame 0 is the zero page (I1). */
	rp.frames[ZERO_FRAME].kind = FRAME_ZERO;
	rp.clock_head = NO_FRAME;
	rp.clock_tail = NO_FRAME;
	rp.nr_resident = 0;
	return 0;
}

void frames_fini(void)
{
	fifo_fini(&rp.free_frames);
	free(rp.frames);
	rp.frames = NULL;
}

pfn_t frame_get(void)
{
	pfn_t pfn = fifo_pop(&rp.free_frames);

	if (pfn == UINT32_MAX)
		pfn = clock_evict();
	assert(rp.frames[pfn].kind == FRAME_FREE);
	return pfn;
}

void frame_make_resident(pfn_t pfn, enum frame_kind kind, uint32_t owner, bool dirty)
{
	struct frame *f = &rp.frames[pfn];

	f->kind = kind;
	f->used = true;
	f->referenced = true; /* rule 4: enters at the tail, referenced */
	f->dirty = dirty;
	f->owner = owner;
	clock_append(pfn);
}

/* Free, with no owner; it has held content (I14), so a zero-fill must
 * clear it. */
void frame_clear(pfn_t pfn)
{
	rp.frames[pfn] = (struct frame){.kind = FRAME_FREE, .used = true};
}

void frame_release(pfn_t pfn)
{
	struct frame *f = &rp.frames[pfn];

	if (f->kind != FRAME_FREE) /* a frame just taken is in no queue */
		clock_remove(pfn);
	frame_clear(pfn);
	fifo_push(&rp.free_frames, pfn);
}

/* Rule 8: every PTE that maps the frame gets the bits its state gives. */
void frame_sync_ptes(pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];

	if (f->kind == FRAME_PRIVATE)
		anon_sync(vpid_vpage(f->owner), f->owner);
	else if (f->kind == FRAME_SHARED)
		spage_sync(f->owner);
	else if (f->kind == FRAME_FILE)
		fpage_sync(fpage_at(f->owner));
}
