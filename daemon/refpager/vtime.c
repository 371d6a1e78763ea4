/* SPDX-License-Identifier: MIT */
/*
 * Virtual time for the policies that age pages per process (WSClock,
 * through struct policy_host's vtime): a process's faults so far, and the
 * process a frame is charged to: its page's process (private), its first
 * sharer's (shared copy-on-write), its first mapper's (file); a file page
 * nobody maps (a ghost) is charged to the whole pager. Not on the fault
 * path of a policy that does not ask.
 */
#include "refpager-internal.h"

static uint64_t stats_faults(const struct pgd_stats *s)
{
	return s->faults_zero_fill + s->faults_swap_in + s->faults_file_in + s->faults_cow_copy +
	       s->faults_permission;
}

uint64_t frame_vtime(void *ctx, uint32_t pfn)
{
	const struct frame *f = &rp.frames[pfn];
	vpid_t id = NO_VPAGE;

	(void)ctx;
	switch (f->kind) {
	case FRAME_PRIVATE:
		id = f->owner;
		break;
	case FRAME_SHARED:
		id = spage_at(f->owner)->head;
		break;
	case FRAME_FILE:
		id = fpage_at(f->owner)->head;
		break;
	default:
		break;
	}
	return stats_faults(id == NO_VPAGE ? &rp.stats : &vpid_proc(id)->stats);
}
