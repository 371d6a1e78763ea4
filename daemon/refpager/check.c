/* SPDX-License-Identifier: MIT */
/*
 * vm_check for the reference pager: asserts every invariant of
 * docs/design.md section 3 (I1-I12) by walking all of the pager's state.
 * It is O(frames + blocks + arena pages of every process) and runs after
 * every pager call when the machine's check option is on (test builds,
 * `pagerd --check`). A violation names the invariant and aborts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "refpager-internal.h"

static void check_fail(const char *inv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

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

/* I2, I3, I4: free list, clock queue, owners. */
static void check_frames(uint8_t *seen)
{
	uint32_t nr_free = 0, nr_res = 0, n = 0;
	pfn_t prev = NO_FRAME;

	for (pfn_t pfn = rp.clock_head; pfn != NO_FRAME; pfn = rp.frames[pfn].clock_next) {
		const struct frame *f = &rp.frames[pfn];

		CHECK(pfn < rp.geom.memory_pages && !seen[pfn], "I3", "clock queue loops at %u",
		      pfn);
		seen[pfn] = 1;
		CHECK(f->kind == FRAME_SWAP || f->kind == FRAME_FILE, "I3",
		      "frame %u in the clock queue is not resident", pfn);
		CHECK(f->clock_prev == prev, "I3", "frame %u has a bad back link", pfn);
		prev = pfn;
		n++;
	}
	CHECK(rp.clock_tail == prev && n == rp.nr_resident, "I3",
	      "clock queue has %u frames, nr_resident %u", n, rp.nr_resident);
	for (pfn_t pfn = 1; pfn < rp.geom.memory_pages; pfn++) {
		const struct frame *f = &rp.frames[pfn];

		if (f->kind == FRAME_FREE) {
			nr_free++;
			continue;
		}
		CHECK(f->kind != FRAME_ZERO, "I1", "frame %u is a second zero page", pfn);
		nr_res++;
		CHECK(seen[pfn], "I3", "resident frame %u is not in the clock queue", pfn);
		if (f->kind == FRAME_SWAP) {
			CHECK(f->owner.sp && f->owner.sp->frame == pfn, "I4",
			      "swap frame %u's content does not point back", pfn);
			CHECK(f->dirty || f->owner.sp->on_swap, "I7",
			      "clean frame %u's content is not on swap", pfn);
		} else {
			CHECK(f->owner.fp && f->owner.fp->frame == pfn, "I4",
			      "file frame %u's page does not point back", pfn);
		}
	}
	CHECK(nr_res == rp.nr_resident, "I2", "%u resident frames, clock has %u", nr_res,
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

static void check_spage(const struct spage *sp)
{
	uint32_t n = 0;
	bool holder = false;

	for (const struct vpage *vp = sp->head; vp; vp = vp->next) {
		CHECK(!vp->file && vp->obj.sp == sp, "I6", "sharer does not point back");
		CHECK(vp->next || sp->tail == vp, "I6", "bad sharer list tail");
		holder = holder || vp->block == sp->block;
		n++;
	}
	CHECK(n == sp->nr_sharers && n > 0, "I6", "spage has %u sharers, counts %u", n,
	      sp->nr_sharers);
	CHECK(holder, "I6", "spage block %u is no sharer's block", sp->block);
	CHECK(sp->frame == NO_FRAME || (rp.frames[sp->frame].kind == FRAME_SWAP &&
					rp.frames[sp->frame].owner.sp == sp),
	      "I4", "spage frame %u is not its own", sp->frame);
}

static void check_fpage(const struct fpage *fp)
{
	uint32_t n = 0;

	for (const struct vpage *vp = fp->head; vp; vp = vp->next) {
		CHECK(vp->file && vp->obj.fp == fp, "I8", "mapper of %s does not point back",
		      fp->name);
		n++;
	}
	CHECK(n == fp->nr_mappers, "I8", "%s block %u has %u mappers, counts %u", fp->name,
	      fp->block, n, fp->nr_mappers);
	CHECK(n > 0 || fp->frame != NO_FRAME, "I8", "%s block %u is neither mapped nor resident",
	      fp->name, fp->block);
	CHECK(fp->frame == NO_FRAME || (rp.frames[fp->frame].kind == FRAME_FILE &&
					rp.frames[fp->frame].owner.fp == fp),
	      "I4", "fpage frame %u is not its own", fp->frame);
}

/* I5: every block is free once or owned by one swap-backed vpage. */
static void check_block(uint8_t *owned, blkno_t b)
{
	CHECK(b < rp.geom.swap_blocks && !owned[b], "I5", "block %u owned twice or out of range",
	      b);
	owned[b] = 1;
}

static void check_procs(uint8_t *owned)
{
	struct proc *p, *tmp;

	HASH_ITER(hh, rp.procs, p, tmp)
	{
		uint32_t nr_swap = 0;

		for (vpn_t vpn = 0; vpn < p->nr_vpages; vpn++) {
			const struct vpage *vp = proc_vpage(p, vpn);
			struct pgd_pte want;

			CHECK(vp->proc == p && vp->vpn == vpn, "I9", "vpage %u of %d misplaced", vpn,
			      (int)p->pid);
			if (vp->file) {
				check_fpage(vp->obj.fp);
				want = fpage_pte(vp->obj.fp);
			} else {
				check_spage(vp->obj.sp);
				check_block(owned, vp->block);
				nr_swap++;
				want = spage_pte(vp->obj.sp);
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
}

static void check_ghosts(void)
{
	struct fpage *fp, *tmp;

	HASH_ITER(hh, rp.fpages, fp, tmp)
		check_fpage(fp);
}

void refpager_check(void)
{
	uint8_t *seen = calloc(rp.geom.memory_pages, 1);
	uint8_t *owned = calloc(rp.geom.swap_blocks, 1);

	if (!seen || !owned)
		check_fail("-", "out of memory");
	check_zero_page();
	check_frames(seen);
	check_procs(owned);
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
