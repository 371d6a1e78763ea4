/* SPDX-License-Identifier: MIT */
/*
 * vm_check for the reference pager: asserts every invariant of
 * docs/design.md section 3 (I1-I14) by walking all of the pager's state.
 * It is O(frames + blocks + arena pages of every process) and runs after
 * every pager call when the machine's check option is on (test builds,
 * `pagerd --check`). A violation names the invariant and aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "refpager-internal.h"

static void check_fail(const char *inv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

static void check_fail(const char *inv, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "vm_check: invariant %s violated: ", inv);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define CHECK(cond, inv, ...)                                                                      \
	do {                                                                                       \
		if (!(cond))                                                                       \
			check_fail(inv, __VA_ARGS__);                                              \
	} while (0)

static bool pte_eq(struct pgd_pte a, struct pgd_pte b)
{
	return a.ppage == b.ppage && a.read_enable == b.read_enable &&
	       a.write_enable == b.write_enable;
}

static void check_zero_page(void)
{
	const uint8_t *z = frame_mem(ZERO_FRAME);

	CHECK(rp.frames[ZERO_FRAME].kind == FRAME_ZERO, "I1", "frame 0 is not the zero page");
	for (size_t i = 0; i < rp.geom.page_size; i++)
		CHECK(z[i] == 0, "I1", "zero page byte %zu is %u", i, z[i]);
}

/* I4: the owner a resident frame names points back at it. */
static void check_frame_owner(pfn_t pfn, const struct frame *f)
{
	if (f->kind == FRAME_PRIVATE) {
		struct proc *p = f->owner >> rp.vpn_bits < rp.procs_pool.nr ? vpid_proc(f->owner)
									 : NULL;

		CHECK(p && vpid_vpn(f->owner) < p->nr_vpages &&
			      vpid_vpage(f->owner)->obj == obj_make(OBJ_PRIVATE, pfn),
		      "I4", "private frame %u's page does not point back", pfn);
	} else if (f->kind == FRAME_SHARED) {
		CHECK(f->owner < rp.spages.nr && spage_at(f->owner)->frame == pfn, "I4",
		      "shared frame %u's content does not point back", pfn);
		CHECK(f->dirty || spage_at(f->owner)->on_swap, "I7",
		      "clean frame %u's content is not on swap", pfn);
	} else {
		CHECK(f->owner < rp.fpages_pool.nr && fpage_at(f->owner)->frame == pfn, "I4",
		      "file frame %u's page does not point back", pfn);
	}
}

/* I2, I3, I4: free list, the policy's frames, owners. */
static void check_frames(uint8_t *seen)
{
	uint32_t nr_free = 0, nr_res = 0, n;
	const pfn_t *order = frames_in_order(&n);

	for (uint32_t i = 0; i < n; i++) {
		pfn_t pfn = order[i];
		const struct frame *f = &rp.frames[pfn];

		CHECK(pfn < rp.geom.memory_pages && !seen[pfn], "I3",
		      "the policy holds frame %u twice", pfn);
		seen[pfn] = 1;
		CHECK(f->kind == FRAME_PRIVATE || f->kind == FRAME_SHARED || f->kind == FRAME_FILE,
		      "I3", "frame %u in the policy is not resident", pfn);
	}
	CHECK(n == rp.nr_resident, "I3", "the policy holds %u frames, nr_resident %u", n,
	      rp.nr_resident);
	for (pfn_t pfn = 1; pfn < rp.geom.memory_pages; pfn++) {
		const struct frame *f = &rp.frames[pfn];

		/* I14: a fresh number of the free FIFO was never handed out. */
		CHECK(f->used == (pfn < rp.free_frames.next_fresh), "I14",
		      "frame %u: used %d, but the free list has handed out frames below %u", pfn,
		      f->used, rp.free_frames.next_fresh);
		if (f->kind == FRAME_FREE) {
			nr_free++;
			continue;
		}
		CHECK(f->kind != FRAME_ZERO, "I1", "frame %u is a second zero page", pfn);
		nr_res++;
		CHECK(seen[pfn], "I3", "resident frame %u is not in the policy", pfn);
		check_frame_owner(pfn, f);
	}
	CHECK(nr_res == rp.nr_resident, "I2", "%u resident frames, the policy has %u", nr_res,
	      rp.nr_resident);
	CHECK(nr_free == fifo_len(&rp.free_frames), "I2", "%u free frames, free list has %u",
	      nr_free, fifo_len(&rp.free_frames));
	for (uint32_t i = 0; i < rp.free_frames.count; i++) {
		pfn_t pfn = rp.free_frames.ring[(rp.free_frames.head + i) % rp.free_frames.limit];

		CHECK(pfn < rp.free_frames.next_fresh && rp.frames[pfn].kind == FRAME_FREE &&
			      seen[pfn] != 2,
		      "I2", "free list entry %u is not a free frame once", pfn);
		seen[pfn] = 2;
	}
}

/* A sharer or mapper list: links both ways, each member's obj names it. */
static uint32_t check_list(vpid_t head, vpid_t tail, uint32_t obj, const char *inv)
{
	uint32_t n = 0;
	vpid_t prev = NO_VPAGE;

	for (vpid_t id = head; id != NO_VPAGE; id = vpid_vpage(id)->next) {
		const struct vpage *vp = vpid_vpage(id);

		CHECK(vp->obj == obj && vp->prev == prev, inv, "list member %#x does not point back",
		      id);
		CHECK(n++ < (1u << 31), inv, "list loops");
		prev = id;
	}
	CHECK(prev == tail, inv, "bad list tail");
	return n;
}

static void check_spage(uint32_t si)
{
	const struct spage *sp = spage_at(si);
	uint32_t n = check_list(sp->head, sp->tail, obj_make(OBJ_SHARED, si), "I6");
	bool holder = false;

	for (vpid_t id = sp->head; id != NO_VPAGE; id = vpid_vpage(id)->next)
		holder = holder || vpid_vpage(id)->block == sp->block;
	CHECK(n == sp->nr_sharers && n >= 2, "I6", "spage %u has %u sharers, counts %u", si, n,
	      sp->nr_sharers);
	CHECK(holder, "I6", "spage %u's block %u is no sharer's block", si, sp->block);
	CHECK(sp->frame == NO_FRAME || (rp.frames[sp->frame].kind == FRAME_SHARED &&
					rp.frames[sp->frame].owner == si),
	      "I4", "spage frame %u is not its own", sp->frame);
}

static void check_fpage(const struct fpage *fp)
{
	uint32_t n = check_list(fp->head, fp->tail, obj_make(OBJ_FILE, fp->index), "I8");

	CHECK(fp->index < rp.fpages_pool.nr && fpage_at(fp->index) == fp, "I8",
	      "%s block %u is not at its index", fp->name, fp->block);
	CHECK(n == fp->nr_mappers, "I8", "%s block %u has %u mappers, counts %u", fp->name,
	      fp->block, n, fp->nr_mappers);
	CHECK(n > 0 || fp->frame != NO_FRAME, "I8", "%s block %u is neither mapped nor resident",
	      fp->name, fp->block);
	CHECK(fp->frame == NO_FRAME || (rp.frames[fp->frame].kind == FRAME_FILE &&
					rp.frames[fp->frame].owner == fp->index),
	      "I4", "fpage frame %u is not its own", fp->frame);
}

/* I5: every block is free once or owned by one swap-backed vpage. */
static void check_block(uint8_t *owned, blkno_t b)
{
	CHECK(b < rp.geom.swap_blocks && !owned[b], "I5", "block %u owned twice or out of range",
	      b);
	owned[b] = 1;
}

/* A private page: its value is a state or a frame that names it (I4). */
static void check_private(const struct proc *p, vpn_t vpn, const struct vpage *vp)
{
	uint32_t v = obj_value(vp->obj);

	CHECK(vp->prev == NO_VPAGE && vp->next == NO_VPAGE, "I6",
	      "private page %u of %d is in a list", vpn, (int)p->pid);
	if (v == PRIV_ZERO || v == PRIV_SWAPPED)
		return;
	CHECK(v < rp.geom.memory_pages && rp.frames[v].kind == FRAME_PRIVATE &&
		      rp.frames[v].owner == vpid_make(p, vpn),
	      "I4", "private page %u of %d: frame %u is not its own", vpn, (int)p->pid, v);
}

/* I9-I11, I13; returns the number of spages reached (counted once each, at
 * their head). */
static uint32_t check_procs(uint8_t *owned)
{
	uint32_t nr_spages = 0;
	struct proc *p, *tmp;

	HASH_ITER(hh, rp.procs, p, tmp)
	{
		uint32_t nr_swap = 0;

		CHECK(p->slot < rp.procs_pool.nr && slot_proc(p->slot) == p, "I13",
		      "pid %d is not in its slot %u", (int)p->pid, p->slot);
		for (vpn_t vpn = 0; vpn < p->nr_vpages; vpn++) {
			const struct vpage *vp = proc_vpage(p, vpn);
			uint32_t v = obj_value(vp->obj);
			struct pgd_pte want;

			switch (obj_kind(vp->obj)) {
			case OBJ_FILE:
				CHECK(v < rp.fpages_pool.nr, "I8", "bad fpage index %u", v);
				check_fpage(fpage_at(v));
				want = fpage_pte(fpage_at(v));
				break;
			case OBJ_SHARED:
				CHECK(v < rp.spages.nr, "I6", "bad spage index %u", v);
				if (spage_at(v)->head == vpid_make(p, vpn)) {
					check_spage(v);
					nr_spages++;
				}
				/* fall through */
			case OBJ_PRIVATE:
				if (obj_kind(vp->obj) == OBJ_PRIVATE)
					check_private(p, vpn, vp);
				check_block(owned, vp->block);
				nr_swap++;
				want = anon_pte(vp);
				break;
			default:
				check_fail("I9", "pid %d vpage %u has no kind", (int)p->pid, vpn);
			}
			CHECK(pte_eq(p->ptes[vpn], want), "I9",
			      "pid %d vpage %u pte (%u,r%u,w%u) should be (%u,r%u,w%u)", (int)p->pid,
			      vpn, p->ptes[vpn].ppage, p->ptes[vpn].read_enable,
			      p->ptes[vpn].write_enable, want.ppage, want.read_enable,
			      want.write_enable);
		}
		for (size_t i = p->nr_vpages; i < rp.geom.arena_pages; i++)
			CHECK(!p->ptes[i].read_enable && !p->ptes[i].write_enable, "I10",
			      "pid %d: pte %zu past the valid part is enabled", (int)p->pid, i);
		CHECK(nr_swap == p->nr_swap, "I11", "pid %d owns %u blocks, counts %u", (int)p->pid,
		      nr_swap, p->nr_swap);
	}
	return nr_spages;
}

static void check_ghosts(void)
{
	struct fpage *fp, *tmp;

	HASH_ITER(hh, rp.fpages, fp, tmp)
		check_fpage(fp);
	CHECK(HASH_COUNT(rp.fpages) == rp.fpages_pool.nr - rp.fpages_pool.nr_free, "I8",
	      "%u fpages hashed, %u indices in use", HASH_COUNT(rp.fpages),
	      rp.fpages_pool.nr - rp.fpages_pool.nr_free);
}

void refpager_check(void)
{
	uint8_t *seen = calloc(rp.geom.memory_pages, 1);
	uint8_t *owned = calloc(rp.geom.swap_blocks, 1);

	if (!seen || !owned)
		check_fail("-", "out of memory");
	check_zero_page();
	check_frames(seen);
	CHECK(check_procs(owned) == rp.spages.nr - rp.spages.nr_free, "I6",
	      "spages in use are not all shared by someone");
	check_ghosts();
	for (uint32_t i = 0; i < rp.free_blocks.count; i++)
		check_block(owned, rp.free_blocks.ring[(rp.free_blocks.head + i) %
						       rp.free_blocks.limit]);
	for (blkno_t b = rp.free_blocks.next_fresh; b < rp.free_blocks.limit; b++)
		check_block(owned, b);
	for (blkno_t b = 0; b < rp.geom.swap_blocks; b++)
		CHECK(owned[b], "I5", "block %u is neither free nor owned", b);
	CHECK(!rp.current || (void *)page_table_base_register == (void *)rp.current->ptes, "I12",
	      "page_table_base_register is not the current process's table");
	free(seen);
	free(owned);
}
