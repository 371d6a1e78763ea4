/* SPDX-License-Identifier: MIT */
/*
 * Swap-backed content (spage) and copy-on-write. An spage is shared by the
 * vpages that forked from one another and have not written since; its
 * state (zero / resident / on swap) and its frame's referenced and dirty
 * bits give every sharer's PTE (rules 1, 7, 8, 12). A write to a shared
 * spage splits the writer off (design C5); the holder of the content's block
 * hands it over when it leaves (design C6).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "refpager-internal.h"

static void spage_link(struct spage *sp, struct vpage *vp)
{
	vp->file = false;
	vp->obj.sp = sp;
	vp->prev = sp->tail;
	vp->next = NULL;
	if (sp->tail)
		sp->tail->next = vp;
	else
		sp->head = vp;
	sp->tail = vp;
	sp->nr_sharers++;
}

static void spage_hold(struct spage *sp, struct vpage *holder)
{
	*sp = (struct spage){.frame = NO_FRAME, .block = holder->block};
	spage_link(sp, holder);
}

/* New never-written content held by `holder`, which owns a block. */
struct spage *spage_new(struct vpage *holder)
{
	struct spage *sp = malloc(sizeof(*sp));

	if (sp)
		spage_hold(sp, holder);
	return sp;
}

void spage_add_sharer(struct spage *sp, struct vpage *vp)
{
	spage_link(sp, vp);
}

/* vp stops sharing sp: vm_destroy, or a split. The last sharer frees the
 * content and its frame; the caller releases vp's block. */
void spage_remove_sharer(struct spage *sp, struct vpage *vp)
{
	if (vp->prev)
		vp->prev->next = vp->next;
	else
		sp->head = vp->next;
	if (vp->next)
		vp->next->prev = vp->prev;
	else
		sp->tail = vp->prev;
	vp->prev = vp->next = NULL;
	vp->obj.sp = NULL;
	sp->nr_sharers--;

	if (sp->nr_sharers == 0) {
		if (sp->frame != NO_FRAME)
			frame_release(sp->frame);
		free(sp);
		return;
	}
	if (vp->block == sp->block) { /* C6: the holder hands its block over */
		blkno_t b = sp->head->block;

		sp->head->block = vp->block;
		vp->block = b;
	}
	/* Rule 12: down to one sharer, it may get write permission back. */
	spage_sync(sp);
}

struct pgd_pte spage_pte(const struct spage *sp)
{
	struct pgd_pte pte = {0};

	if (sp->frame != NO_FRAME) {
		const struct frame *f = &rp.frames[sp->frame];

		pte.ppage = sp->frame;
		pte.read_enable = f->referenced;
		pte.write_enable = f->referenced && f->dirty && sp->nr_sharers == 1;
	} else if (!sp->on_swap) {
		pte.ppage = ZERO_FRAME; /* rule 1: never written, reads see zeros */
		pte.read_enable = 1;
	}
	return pte;
}

void spage_sync(const struct spage *sp)
{
	struct pgd_pte pte = spage_pte(sp);

	for (struct vpage *vp = sp->head; vp; vp = vp->next)
		*vpage_pte(vp) = pte;
}

/* Fill a new frame with sp's content: from its frame, its block, or zeros. */
static void spage_copy_into(const struct spage *sp, pfn_t pfn)
{
	if (sp->frame != NO_FRAME) {
		memcpy(frame_mem(pfn), frame_mem(sp->frame), rp.geom.page_size);
	} else if (sp->on_swap) {
		STAT_INC(swap_reads);
		file_read(NULL, sp->block, frame_mem(pfn));
	} else {
		memset(frame_mem(pfn), 0, rp.geom.page_size);
	}
}

/* Rule 7 / C5: a write to shared content gives the writer its own copy. */
static int spage_split(struct vpage *vp)
{
	struct spage *old = vp->obj.sp;
	struct spage *sp = malloc(sizeof(*sp));
	pfn_t pfn;

	if (!sp)
		return -1;
	if (old->frame == NO_FRAME && !old->on_swap)
		STAT_INC(faults_zero_fill); /* C5: nothing to copy */
	else
		STAT_INC(faults_cow_copy);
	pfn = frame_get(); /* may evict old's frame: then it is re-read */
	spage_copy_into(old, pfn);
	spage_remove_sharer(old, vp); /* old keeps its sharers and its block */
	spage_hold(sp, vp);
	sp->frame = pfn;
	frame_make_resident(pfn, FRAME_SWAP, sp, true);
	spage_sync(sp);
	return 0;
}

int spage_fault(struct vpage *vp, bool write)
{
	struct spage *sp = vp->obj.sp;

	if (write && sp->nr_sharers > 1)
		return spage_split(vp);
	if (sp->frame == NO_FRAME) {
		pfn_t pfn;

		if (!write && !sp->on_swap)
			return 0; /* reading the zero page needs nothing (rule 14) */
		pfn = frame_get();
		if (sp->on_swap) {
			STAT_INC(faults_swap_in);
			STAT_INC(swap_reads);
			file_read(NULL, sp->block, frame_mem(pfn)); /* rule 6 */
		} else {
			STAT_INC(faults_zero_fill);
			memset(frame_mem(pfn), 0, rp.geom.page_size); /* rule 1 */
		}
		sp->frame = pfn;
		frame_make_resident(pfn, FRAME_SWAP, sp, write);
	} else {
		struct frame *f = &rp.frames[sp->frame];

		STAT_INC(faults_permission);
		f->referenced = true; /* rule 7 */
		f->dirty = f->dirty || write;
	}
	spage_sync(sp);
	return 0;
}
