/* SPDX-License-Identifier: MIT */
/*
 * The process table (uthash by pid) and each process's virtual pages. The
 * valid part of the arena is the prefix [0, nr_vpages) that vm_map has
 * handed out; its vpages live in fixed chunks so they never move (the core
 * map points at them).
 */
#include <stdlib.h>

#include "refpager-internal.h"

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

/* A new process with room for `reserve` vpages (so that vm_create cannot
 * fail half-way). NULL on out-of-memory. */
struct proc *proc_new(pid_t pid, struct pgd_pte *ptes, vpn_t reserve)
{
	struct proc *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->pid = pid;
	p->ptes = ptes;
	if (proc_grow(p, reserve) < 0)
		goto out_free;
	HASH_ADD(hh, rp.procs, pid, sizeof(p->pid), p);
	if (hash_oom_take())
		goto out_free;
	return p;
out_free:
	for (uint32_t i = 0; i < p->nr_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p);
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
	for (uint32_t i = 0; i < p->nr_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	free(p);
}

struct vpage *proc_vpage(const struct proc *p, vpn_t vpn)
{
	return &p->chunks[vpn / VPAGE_CHUNK][vpn % VPAGE_CHUNK];
}

struct vpage *proc_push_vpage(struct proc *p)
{
	struct vpage *vp;

	if (p->nr_vpages >= rp.geom.arena_pages || proc_grow(p, p->nr_vpages + 1) < 0)
		return NULL;
	vp = proc_vpage(p, p->nr_vpages);
	*vp = (struct vpage){.proc = p, .vpn = p->nr_vpages, .block = NO_BLOCK};
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
