/* SPDX-License-Identifier: MIT */
/* Frame lists: the walks that list one for inspection. */
#include <assert.h>

#include "flist.h"

uint32_t flist_copy(const struct flist *l, const struct flink *links, uint32_t nr_frames,
		    uint32_t *out)
{
	uint32_t n = 0, prev = POLICY_NO_FRAME;

	for (uint32_t f = l->head; f != POLICY_NO_FRAME; prev = f, f = links[f].next) {
		assert(f < nr_frames && n < nr_frames && links[f].prev == prev);
		out[n++] = f;
	}
	assert(l->tail == prev);
	(void)nr_frames;
	return n;
}

uint32_t flist_copy_from(const struct flist *l, const struct flink *links, uint32_t nr_frames,
			 uint32_t start, uint32_t *out)
{
	uint32_t n = 0;

	if (start == POLICY_NO_FRAME)
		return flist_copy(l, links, nr_frames, out);
	for (uint32_t f = start; f != POLICY_NO_FRAME; f = links[f].next)
		out[n++] = f;
	for (uint32_t f = l->head; f != start; f = links[f].next) {
		assert(f != POLICY_NO_FRAME && n < nr_frames);
		out[n++] = f;
	}
	return n;
}
