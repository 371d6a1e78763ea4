/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's entry points (semantics.md rules 1-15): a clock
 * (second-chance) pager with a pinned zero page, eager swap reservation,
 * copy-on-write fork, file-backed pages shared by (name, block), and ghost
 * pages. The replacement policy is policy/clock.c unless
 * refpager_use_policy chooses another. Data
 * structures: refpager-internal.h; invariants: docs/design.md.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "refpager-internal.h"
#include "refpager.h"

struct refpager rp;

/* The replacement policy of the next vm_init (refpager_use_policy). */
static const struct policy_ops *refpager_policy = &clock_policy;
static struct policy_params refpager_params;

void refpager_use_policy(const struct policy_ops *ops, const struct policy_params *params)
{
	refpager_policy = ops;
	refpager_params = *params;
}

static void refpager_init(unsigned int memory_pages, unsigned int swap_blocks)
{
	rp = (struct refpager){.geom = *pgd_geometry(), .mem = vm_physmem};
	rp.geom.memory_pages = memory_pages;
	rp.geom.swap_blocks = swap_blocks;
	pool_init(&rp.spages, sizeof(struct spage), OBJ_VALUE);
	pool_init(&rp.fpages_pool, sizeof(struct fpage *), OBJ_VALUE);
	frame_owner_register(FRAME_PRIVATE, &anon_private_owner);
	frame_owner_register(FRAME_SHARED, &anon_shared_owner);
	frame_owner_register(FRAME_FILE, &fpage_owner);
	if (frames_init(memory_pages, refpager_policy, &refpager_params) < 0 || swap_init(swap_blocks) < 0 ||
	    procs_init() < 0) {
		fprintf(stderr, "pagerd: reference pager: cannot start with %u frames and an "
				"arena of %zu pages (at most %u frames and %u pages), or out of "
				"memory\n",
			memory_pages, rp.geom.arena_pages, REFPAGER_MAX_FRAMES,
			REFPAGER_MAX_ARENA_PAGES);
		abort();
	}
}

static int vpage_fault(const struct proc *p, vpn_t vpn, bool write)
{
	const struct vpage *vp = proc_vpage(p, vpn);

	if (obj_kind(vp->obj) == OBJ_FILE)
		return fpage_fault(fpage_at(obj_value(vp->obj)), write);
	return anon_fault(vpid_make(p, vpn), write);
}

/* Rule 12. Nothing is changed unless everything can be done. */
static int refpager_create(pid_t parent_pid, pid_t child_pid)
{
	struct pgd_pte *ptes = pgd_page_table(child_pid);
	struct proc *parent = proc_find(parent_pid);
	struct proc *child;

	if (!ptes || proc_find(child_pid))
		return -1;
	if (parent && (swap_nr_free() < parent->nr_swap || anon_reserve_share(parent->nr_swap)))
		return -1; /* rule 2 */
	child = proc_new(child_pid, ptes, parent ? parent->nr_vpages : 0);
	if (!child)
		return -1;
	if (!parent)
		return 0; /* an unmanaged parent: the child's arena is empty */
	for (vpn_t vpn = 0; vpn < parent->nr_vpages; vpn++) { /* C2 */
		const struct vpage *pv = proc_vpage(parent, vpn);
		vpid_t cid;
		struct vpage *cv = proc_push_vpage(child, &cid); /* reserved above */

		if (obj_kind(pv->obj) == OBJ_FILE) {
			fpage_add_mapper(fpage_at(obj_value(pv->obj)), cid);
			continue;
		}
		cv->block = swap_take();
		child->nr_swap++;
		anon_share(vpid_make(parent, vpn), cid);
	}
	return 0;
}

static void refpager_switch(pid_t pid)
{
	rp.current = proc_find(pid);
	page_table_base_register = (struct pgd_page_table *)pgd_page_table(pid);
}

static int refpager_fault(const void *addr, bool write_flag)
{
	vpn_t vpn;

	if (rp.current && proc_vpage_index(rp.current, (uintptr_t)addr, &vpn) == 0 &&
	    vpage_fault(rp.current, vpn, write_flag) == 0)
		return 0;
	STAT_INC(faults_failed); /* rule 11 */
	return -1;
}

/* Rule 13, in ascending vpage order (C2). */
static void refpager_destroy(void)
{
	struct proc *p = rp.current;

	if (!p)
		return;
	for (vpn_t vpn = 0; vpn < p->nr_vpages; vpn++) {
		struct vpage *vp = proc_vpage(p, vpn);

		if (obj_kind(vp->obj) == OBJ_FILE) {
			fpage_remove_mapper(fpage_at(obj_value(vp->obj)), vpid_make(p, vpn));
			continue;
		}
		anon_release(vpid_make(p, vpn));
		swap_release(vp->block);
	}
	proc_free(p);
	rp.current = NULL;
	page_table_base_register = NULL;
}

/* Rule 10: copy the NUL-terminated name at addr out of the arena, through
 * the page table, faulting its pages in as reads. NULL if a byte lies
 * outside the valid part, a fault fails, or it is too long. */
static char *read_arena_string(struct proc *p, uintptr_t addr)
{
	size_t len = 0;
	char *name = malloc(REFPAGER_NAME_MAX);

	if (!name)
		return NULL;
	for (;; addr++) {
		struct pgd_pte pte;
		vpn_t vpn;

		if (len == REFPAGER_NAME_MAX || proc_vpage_index(p, addr, &vpn) < 0)
			goto out_fail;
		pte = p->ptes[vpn];
		if (!pte.read_enable) {
			if (vpage_fault(p, vpn, false) < 0)
				goto out_fail;
			pte = p->ptes[vpn];
		}
		name[len] = (char)frame_mem(pte.ppage)[(addr - rp.geom.arena_base) %
						       rp.geom.page_size];
		if (name[len++] == '\0')
			return name;
	}
out_fail:
	free(name);
	return NULL;
}

static void *vpn_addr(vpn_t vpn)
{
	return (void *)(rp.geom.arena_base + (uintptr_t)vpn * rp.geom.page_size);
}

static void *refpager_map(const char *filename, unsigned int block)
{
	struct proc *p = rp.current;
	struct vpage *vp;
	uint32_t fi;
	vpid_t id;
	char *name;
	int err;

	/* C3: check for room before reading anything. */
	if (!p || p->nr_vpages >= rp.geom.arena_pages || (!filename && swap_nr_free() == 0))
		return NULL;
	if (!filename) {
		vp = proc_push_vpage(p, &id);
		if (!vp)
			return NULL;
		vp->block = swap_take(); /* rule 2: reserved now */
		p->nr_swap++;
		anon_new(id); /* rule 1: the zero page, read-only */
		return vpn_addr(vpid_vpn(id));
	}
	name = read_arena_string(p, (uintptr_t)filename);
	if (!name)
		return NULL;
	vp = proc_push_vpage(p, &id);
	err = vp ? fpage_get(name, block, &fi) : -1;
	free(name);
	if (err) {
		if (vp)
			proc_pop_vpage(p);
		return NULL;
	}
	fpage_add_mapper(fpage_at(fi), id);
	return vpn_addr(vpid_vpn(id));
}

static void refpager_sync(void)
{
	fpages_sync();
}

/* After the machine destroyed every process: free the ghosts and tables. */
static void refpager_fini(void)
{
	struct proc *p, *tmp;

	HASH_ITER(hh, rp.procs, p, tmp)
	{
		rp.current = p;
		refpager_destroy();
	}
	fpages_fini();
	pool_fini(&rp.spages);
	procs_fini();
	swap_fini();
	frames_fini();
	rp = (struct refpager){0};
}

const struct pager_ops refpager_ops = {
	.name = "reference (clock, second chance)",
	.init = refpager_init,
	.create = refpager_create,
	.switch_to = refpager_switch,
	.fault = refpager_fault,
	.destroy = refpager_destroy,
	.map = refpager_map,
	.check = refpager_check,
	.sync = refpager_sync,
	.fini = refpager_fini,
	.stats = refpager_stats,
	.dump = refpager_dump,
	.geometry_aware = true,
	.max_memory_pages = REFPAGER_MAX_FRAMES,
	.max_arena_pages = REFPAGER_MAX_ARENA_PAGES,
};
