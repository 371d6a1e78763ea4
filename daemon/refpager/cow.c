/* SPDX-License-Identifier: MIT */
/*
 * Swap-backed ("anonymous") pages and copy-on-write. A page nobody shares
 * keeps its own state in its vpage: never written (the zero page), in its
 * own block on swap, or in a frame. Fork turns its content into an spage
 * shared by parent and child; a write splits the writer off with its own
 * copy (design C5), and content left with one sharer becomes private again.
 * The holder of shared content hands its block over when it leaves only if
 * that block has the one copy the others need (design C6). PTEs follow
 * rules 1, 7, 8 and 12.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "refpager-internal.h"

static void vpage_set_private(struct vpage *vp, uint32_t value)
{
	vp->obj = obj_make(OBJ_PRIVATE, value);
	vp->prev = vp->next = NO_VPAGE;
}

static struct pgd_pte zero_pte(void)
{
	return (struct pgd_pte){.ppage = ZERO_FRAME, .read_enable = 1};
}

void anon_new(vpid_t id)
{
	vpage_set_private(vpid_vpage(id), PRIV_ZERO);
	*vpid_pte(id) = zero_pte(); /* rule 1 */
}

static struct pgd_pte spage_pte(const struct spage *sp)
{
	if (sp->frame != NO_FRAME)
		return frame_pte(sp->frame, sp->nr_sharers == 1);
	return sp->on_swap ? (struct pgd_pte){0} : zero_pte();
}

struct pgd_pte anon_pte(const struct vpage *vp)
{
	uint32_t v = obj_value(vp->obj);

	if (obj_kind(vp->obj) == OBJ_SHARED)
		return spage_pte(spage_at(v));
	if (v == PRIV_ZERO)
		return zero_pte();
	if (v == PRIV_SWAPPED)
		return (struct pgd_pte){0};
	return frame_pte(v, true);
}

void spage_sync(uint32_t si)
{
	const struct spage *sp = spage_at(si);
	struct pgd_pte pte = spage_pte(sp);

	for (vpid_t id = sp->head; id != NO_VPAGE; id = vpid_vpage(id)->next)
		*vpid_pte(id) = pte;
}

/* Rule 8: every PTE of the page's content gets the bits its state gives. */
void anon_sync(const struct vpage *vp, vpid_t id)
{
	if (obj_kind(vp->obj) == OBJ_SHARED)
		spage_sync(obj_value(vp->obj));
	else
		*vpid_pte(id) = anon_pte(vp);
}

/* Content left with a single sharer becomes that page's own again: its
 * block is the content's (C6 made it so), its frame now names it. */
static void spage_unshare(uint32_t si)
{
	struct spage *sp = spage_at(si);
	vpid_t id = sp->head;
	struct vpage *vp = vpid_vpage(id);

	assert(sp->nr_sharers == 1 && vp->block == sp->block);
	if (sp->frame != NO_FRAME) {
		vpage_set_private(vp, sp->frame);
		rp.frames[sp->frame].kind = FRAME_PRIVATE;
		rp.frames[sp->frame].owner = id;
	} else {
		vpage_set_private(vp, sp->on_swap ? PRIV_SWAPPED : PRIV_ZERO);
	}
	pool_put(&rp.spages, si);
	/* Rule 12: the last owner gets write permission back at once if the
	 * page is resident, referenced and dirty. */
	*vpid_pte(id) = anon_pte(vp);
}

/* id stops sharing spage si (vm_destroy, or a split). */
static void spage_leave(uint32_t si, vpid_t id)
{
	struct spage *sp = spage_at(si);
	struct vpage *vp = vpid_vpage(id);

	if (vp->prev != NO_VPAGE)
		vpid_vpage(vp->prev)->next = vp->next;
	else
		sp->head = vp->next;
	if (vp->next != NO_VPAGE)
		vpid_vpage(vp->next)->prev = vp->prev;
	else
		sp->tail = vp->prev;
	vp->prev = vp->next = NO_VPAGE;
	sp->nr_sharers--;
	if (vp->block == sp->block) { /* C6: the holder leaves */
		struct vpage *first = vpid_vpage(sp->head);

		if (sp->on_swap) { /* its block has the one copy: hand it over */
			vp->block = first->block;
			first->block = sp->block;
		} else { /* the content is in memory or zero: no block has it */
			sp->block = first->block;
		}
	}
	if (sp->nr_sharers == 1)
		spage_unshare(si);
	else
		spage_sync(si);
}

int anon_reserve_share(uint32_t nr_pages)
{
	return pool_reserve(&rp.spages, nr_pages);
}

/* Fork (rule 12): child joins parent's content, copy-on-write. Room in the
 * spage pool was reserved, so this cannot fail. */
void anon_share(vpid_t parent, vpid_t child)
{
	struct vpage *pv = vpid_vpage(parent), *cv = vpid_vpage(child);
	uint32_t si;
	struct spage *sp;

	if (obj_kind(pv->obj) == OBJ_PRIVATE) {
		uint32_t v = obj_value(pv->obj);

		si = pool_take(&rp.spages);
		sp = spage_at(si);
		*sp = (struct spage){.head = parent, .tail = parent, .nr_sharers = 1,
				     .frame = NO_FRAME, .block = pv->block,
				     .on_swap = v != PRIV_ZERO};
		if (v != PRIV_ZERO && v != PRIV_SWAPPED) {
			sp->frame = v;
			/* I7: a clean resident page's content is on swap already */
			sp->on_swap = !rp.frames[v].dirty;
			rp.frames[v].kind = FRAME_SHARED;
			rp.frames[v].owner = si;
		}
		pv->obj = obj_make(OBJ_SHARED, si);
		pv->prev = pv->next = NO_VPAGE;
	} else {
		si = obj_value(pv->obj);
		sp = spage_at(si);
	}
	cv->obj = obj_make(OBJ_SHARED, si);
	cv->prev = sp->tail;
	cv->next = NO_VPAGE;
	vpid_vpage(sp->tail)->next = child;
	sp->tail = child;
	sp->nr_sharers++;
	spage_sync(si); /* the parent loses write permission */
}

void anon_release(vpid_t id)
{
	struct vpage *vp = vpid_vpage(id);
	uint32_t v = obj_value(vp->obj);

	if (obj_kind(vp->obj) == OBJ_SHARED)
		spage_leave(v, id);
	else if (v != PRIV_ZERO && v != PRIV_SWAPPED)
		frame_release(v); /* rule 13: no write-back */
}

/* Eviction of a dirty swap-backed frame: its content to block. */
static void anon_write_back(pfn_t pfn, blkno_t block)
{
	STAT_INC(swap_writes);
	file_write(NULL, block, frame_mem(pfn));
}

/* A private page's frame (struct frame_owner). */
static void anon_evict(pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];
	struct vpage *vp = vpid_vpage(f->owner);

	if (f->dirty)
		anon_write_back(pfn, vp->block);
	vp->obj = obj_make(OBJ_PRIVATE, PRIV_SWAPPED); /* I7: clean was on swap */
	*vpid_pte(f->owner) = (struct pgd_pte){0};
}

static void anon_sync_frame(pfn_t pfn)
{
	vpid_t id = rp.frames[pfn].owner;

	anon_sync(vpid_vpage(id), id);
}

const struct frame_owner anon_private_owner = {
	.evict = anon_evict,
	.sync = anon_sync_frame,
};

/* Shared content's frame (struct frame_owner). */
static void spage_evict(pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];
	struct spage *sp = spage_at(f->owner);

	if (f->dirty) {
		anon_write_back(pfn, sp->block);
		sp->on_swap = true;
	}
	sp->frame = NO_FRAME;
	spage_sync(f->owner);
}

static void spage_sync_frame(pfn_t pfn)
{
	spage_sync(rp.frames[pfn].owner);
}

const struct frame_owner anon_shared_owner = {
	.evict = spage_evict,
	.sync = spage_sync_frame,
};

/* Fill frame pfn with the content of block, or with zeros. */
static void anon_fill(pfn_t pfn, blkno_t block, bool on_swap)
{
	if (on_swap) {
		STAT_INC(swap_reads);
		file_read(NULL, block, frame_mem(pfn)); /* rule 6 */
	} else if (rp.frames[pfn].used) {
		/* Rule 1. A frame never used since start is still the fresh
		 * memfd's zeros: no memset (64 KiB cost 4 us a fault). */
		memset(frame_mem(pfn), 0, rp.geom.page_size);
	}
}

/* Rule 7 / C5: a write to shared content gives the writer its own copy. */
static int anon_split(vpid_t id)
{
	struct vpage *vp = vpid_vpage(id);
	uint32_t si = obj_value(vp->obj);
	pfn_t shared = spage_at(si)->frame, pfn;

	if (shared == NO_FRAME && !spage_at(si)->on_swap)
		STAT_INC(faults_zero_fill); /* C5: nothing to copy */
	else
		STAT_INC(faults_cow_copy);
	pfn = frame_get();
	if (pfn == shared) {
		/* C5: the eviction took the shared frame itself (written to the
		 * content's block if dirty); the frame still holds the content,
		 * which becomes the writer's copy as it is. */
	} else if (shared != NO_FRAME) {
		memcpy(frame_mem(pfn), frame_mem(shared), rp.geom.page_size);
	} else {
		anon_fill(pfn, spage_at(si)->block, spage_at(si)->on_swap);
	}
	spage_leave(si, id); /* the content keeps its block and frame */
	vpage_set_private(vp, pfn);
	frame_make_resident(pfn, FRAME_PRIVATE, id, true);
	*vpid_pte(id) = anon_pte(vp);
	return 0;
}

int anon_fault(vpid_t id, bool write)
{
	struct vpage *vp = vpid_vpage(id);
	uint32_t v = obj_value(vp->obj);
	pfn_t frame;

	if (obj_kind(vp->obj) == OBJ_SHARED) {
		struct spage *sp = spage_at(v);

		if (write)
			return anon_split(id); /* shared means two or more sharers */
		if (sp->frame == NO_FRAME) {
			if (!sp->on_swap)
				return 0; /* C10: reading the zero page needs nothing */
			STAT_INC(faults_swap_in);
			frame = frame_get(); /* evicting frees no spage: sp stays */
			anon_fill(frame, sp->block, true);
			sp->frame = frame;
			frame_make_resident(frame, FRAME_SHARED, v, false);
		} else {
			STAT_INC(faults_permission);
			frame_referenced(sp->frame, false);
		}
		spage_sync(v);
		return 0;
	}
	if (v == PRIV_ZERO || v == PRIV_SWAPPED) {
		if (v == PRIV_ZERO && !write)
			return 0; /* C10 */
		if (v == PRIV_ZERO)
			STAT_INC(faults_zero_fill);
		else
			STAT_INC(faults_swap_in);
		frame = frame_get();
		anon_fill(frame, vp->block, v == PRIV_SWAPPED);
		vp->obj = obj_make(OBJ_PRIVATE, frame);
		frame_make_resident(frame, FRAME_PRIVATE, id, write);
	} else {
		STAT_INC(faults_permission); /* rule 7 */
		frame_referenced(v, write);
	}
	*vpid_pte(id) = anon_pte(vp);
	return 0;
}
