/* SPDX-License-Identifier: MIT */
/*
 * The process table (uthash by pid, and a slot per process whose number
 * makes the high bits of its vpage ids) and each process's virtual pages.
 * The valid part of the arena is the prefix [0, nr_vpages) that vm_map has
 * handed out; its vpages live in fixed chunks of 16-byte entries.
 */
#include <stdlib.h>

#include "refpager-internal.h"

/* Enough bits for every vpn of the arena; the rest name the process. */
int procs_init(void)
{
	unsigned int bits = 0;

	if (rp.geom.arena_pages > REFPAGER_MAX_ARENA_PAGES)
		return -1; /* fewer than 3 processes could exist */
	while (((uint64_t)1 << bits) < rp.geom.arena_pages)
		bits++;
	rp.vpn_bits = bits;
	/* The all-ones id is NO_VPAGE: the last slot is never handed out. */
	pool_init(&rp.procs_pool, sizeof(struct proc *), (uint32_t)((1ull << (32 - bits)) - 1));
	return 0;
}

void procs_fini(void)
{
	pool_fini(&rp.procs_pool);
}

static int proc_grow(struct proc *p, vpn_t nr_vpages)
{
	uint32_t need = (uint32_t)(((uint64_t)nr_vpages + VPAGE_CHUNK - 1) / VPAGE_CHUNK);
	struct vpage **chunks;

	if (need <= p->nr_chunks)
		return 0;
	chunks = realloc(p->chunks, need * sizeof(*chunks));
	if (!chunks)
		return -1;
	p->chunks = chunks;
	while (p->nr_chunks < need) {
		chunks[p->nr_chunks] = malloc(VPAGE_CHUNK * sizeof(struct vpage));
		if (!chunks[p->nr_chunks])
			return -1;
		p->nr_chunks++;
	}
	return 0;
}

static void proc_free_memory(struct proc *p)
{
	for (uint32_t i = 0; i < p->nr_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p);
}

/* A new process with room for `reserve` vpages (so that vm_create cannot
 * fail half-way). NULL on out-of-memory or when no slot is left. */
struct proc *proc_new(pid_t pid, struct pgd_pte *ptes, vpn_t reserve)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->pid = pid;
	p->ptes = ptes;
	if (proc_grow(p, reserve) < 0 || pool_reserve(&rp.procs_pool, 1) < 0)
		goto out_free;
	HASH_ADD(hh, rp.procs, pid, sizeof(p->pid), p);
	if (hash_oom_take())
		goto out_free;
	p->slot = pool_take(&rp.procs_pool);
	*(struct proc **)pool_at(&rp.procs_pool, p->slot) = p;
	return p;
out_free:
	proc_free_memory(p);
	return NULL;
}

struct proc *proc_find(pid_t pid)
{
	struct proc *p = NULL;

	HASH_FIND(hh, rp.procs, &pid, sizeof(pid), p);
	return p;
}

void proc_free(struct proc *p)
{
	HASH_DEL(rp.procs, p);
	pool_put(&rp.procs_pool, p->slot);
	proc_free_memory(p);
}

struct vpage *proc_vpage(const struct proc *p, vpn_t vpn)
{
	return &p->chunks[vpn / VPAGE_CHUNK][vpn % VPAGE_CHUNK];
}

struct vpage *proc_push_vpage(struct proc *p, vpid_t *id)
{
	struct vpage *vp;

	if (p->nr_vpages >= rp.geom.arena_pages || proc_grow(p, p->nr_vpages + 1) < 0)
		return NULL;
	vp = proc_vpage(p, p->nr_vpages);
	*vp = (struct vpage){.block = NO_BLOCK, .prev = NO_VPAGE, .next = NO_VPAGE};
	*id = vpid_make(p, p->nr_vpages);
	p->nr_vpages++;
	return vp;
}

void proc_pop_vpage(struct proc *p)
{
	p->nr_vpages--;
}

/* The vpage index of addr if it lies in the valid part of the arena. */
int proc_vpage_index(const struct proc *p, uintptr_t addr, vpn_t *vpn)
{
	uintptr_t off;

	if (addr < rp.geom.arena_base)
		return -1;
	off = (addr - rp.geom.arena_base) / rp.geom.page_size;
	if (off >= p->nr_vpages)
		return -1;
	*vpn = (vpn_t)off;
	return 0;
}
