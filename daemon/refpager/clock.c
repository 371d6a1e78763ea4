/* SPDX-License-Identifier: MIT */
/*
 * The clock queue: exactly the resident, non-pinned frames (rule 4), a
 * doubly linked list through the frame table. clock_evict runs the
 * second-chance sweep of rule 5 and hands back the victim frame, written
 * back if it was dirty and unmapped from every PTE.
 */
#include <assert.h>

#include "refpager-internal.h"

void clock_append(pfn_t pfn)
{
	struct frame *f = &rp.frames[pfn];

	f->clock_prev = rp.clock_tail;
	f->clock_next = NO_FRAME;
	if (rp.clock_tail == NO_FRAME)
		rp.clock_head = pfn;
	else
		rp.frames[rp.clock_tail].clock_next = pfn;
	rp.clock_tail = pfn;
	rp.nr_resident++;
}

void clock_remove(pfn_t pfn)
{
	struct frame *f = &rp.frames[pfn];

	if (f->clock_prev == NO_FRAME)
		rp.clock_head = f->clock_next;
	else
		rp.frames[f->clock_prev].clock_next = f->clock_next;
	if (f->clock_next == NO_FRAME)
		rp.clock_tail = f->clock_prev;
	else
		rp.frames[f->clock_next].clock_prev = f->clock_prev;
	f->clock_prev = NO_FRAME;
	f->clock_next = NO_FRAME;
	rp.nr_resident--;
}

/* Write the victim back if dirty, detach it from its owner (whose PTEs all
 * become r=w=0), and take it out of the queue. */
static void clock_evict_frame(pfn_t pfn)
{
	struct frame *f = &rp.frames[pfn];

	clock_remove(pfn);
	if (f->dirty)
		STAT_INC(evictions_dirty);
	else
		STAT_INC(evictions_clean);
	if (f->kind == FRAME_FILE) {
		struct fpage *fp = fpage_at(f->owner);

		if (f->dirty) {
			STAT_INC(file_writes);
			file_write(fp->name, fp->block, frame_mem(pfn));
		}
		fp->frame = NO_FRAME;
		fpage_evicted(fp);
	} else {
		anon_evicted(pfn);
	}
	frame_clear(pfn);
}

pfn_t clock_evict(void)
{
	for (;;) {
		pfn_t pfn = rp.clock_head;
		struct frame *f;

		assert(pfn != NO_FRAME); /* I2: no free frame means all are resident */
		f = &rp.frames[pfn];
		if (!f->referenced) {
			clock_evict_frame(pfn);
			return pfn;
		}
		/* Second chance: clear the bit, revoke access, go to the tail. */
		f->referenced = false;
		frame_sync_ptes(pfn);
		clock_remove(pfn);
		clock_append(pfn);
	}
}
