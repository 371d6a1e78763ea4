/* SPDX-License-Identifier: MIT */
/*
 * Statistics of the reference pager: the event counters kept as calls run,
 * plus gauges computed when asked (linear in what they count; never on the
 * fault path).
 */
#include <errno.h>

#include "refpager-internal.h"

static bool vpage_resident(const struct vpage *vp)
{
	uint32_t v = obj_value(vp->obj);

	switch (obj_kind(vp->obj)) {
	case OBJ_FILE:
		return fpage_at(v)->frame != NO_FRAME;
	case OBJ_SHARED:
		return spage_at(v)->frame != NO_FRAME;
	default:
		return v != PRIV_ZERO && v != PRIV_SWAPPED;
	}
}

/* pid 0: the whole pager. -ENOENT for a pid the pager does not manage. */
int refpager_stats(pid_t pid, struct pgd_stats *out)
{
	if (pid == 0) {
		struct fpage *fp, *tmp;
		struct proc *p, *ptmp;

		*out = rp.stats;
		out->blocks_reserved = rp.geom.swap_blocks - swap_nr_free();
		out->frames_resident = rp.nr_resident;
		out->frames_free = fifo_len(&rp.free_frames);
		out->frames_ghost = 0;
		HASH_ITER(hh, rp.fpages, fp, tmp)
			out->frames_ghost += fp->nr_mappers == 0 && fp->frame != NO_FRAME;
		out->pages_mapped = 0;
		HASH_ITER(hh, rp.procs, p, ptmp)
			out->pages_mapped += p->nr_vpages;
		return 0;
	}
	struct proc *p = proc_find(pid);

	if (!p)
		return -ENOENT;
	*out = p->stats;
	out->pages_mapped = p->nr_vpages;
	out->blocks_reserved = p->nr_swap;
	out->frames_resident = 0;
	for (vpn_t vpn = 0; vpn < p->nr_vpages; vpn++)
		out->frames_resident += vpage_resident(proc_vpage(p, vpn));
	return 0;
}
