/* SPDX-License-Identifier: MIT */
/* Rings of frames (fring.h): a sweep through the host's calls, and the
 * walk that lists a ring for inspection. */
#include <assert.h>

#include "fring.h"

uint32_t fring_sweep_calls(const struct flink *links, const struct policy_host *host,
			   uint32_t start)
{
	uint32_t f = start;

	while (host->test_and_clear_referenced(host->ctx, f))
		f = links[f].next;
	return f;
}

uint32_t fring_copy(const struct flink *links, uint32_t nr_frames, uint32_t start,
		    uint32_t *out)
{
	uint32_t n = 0, f = start;

	if (start == POLICY_NO_FRAME)
		return 0;
	do {
		assert(f < nr_frames && n < nr_frames && links[links[f].next].prev == f);
		out[n++] = f;
		f = links[f].next;
	} while (f != start);
	(void)nr_frames;
	return n;
}
