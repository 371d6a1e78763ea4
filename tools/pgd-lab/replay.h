/* SPDX-License-Identifier: MIT */
/*
 * sim.c's replay loop, inline: a cache whose access is a static function
 * passes it here from its own replay (struct lab_cache_ops), and the
 * compiler inlines the access into the loop, with no call per reference.
 * The counts stay in registers; dirty is sim.c's by-page record (set by a
 * write while resident, cleared by eviction).
 */
#ifndef PGD_LAB_REPLAY_H
#define PGD_LAB_REPLAY_H

#include "lab.h"

static inline __attribute__((always_inline)) void
lab_replay_with(enum lab_ref (*access)(void *cache, uint64_t i, uint32_t *victim), void *cache,
		const struct trace *t, uint64_t i, uint64_t end, uint8_t *dirty,
		struct lab_result *r)
{
	const uint32_t *page = t->page;
	const uint8_t *write = t->write;
	uint64_t faults = 0, soft = 0, clean = 0, written = 0, n = end - i;

	for (; i < end; i++) {
		uint32_t victim;
		enum lab_ref ref = access(cache, i, &victim);

		faults += ref == LAB_MISS;
		soft += ref == LAB_SOFT;
		if (victim != LAB_NO_PAGE) {
			written += dirty[victim];
			clean += !dirty[victim];
			dirty[victim] = 0;
		}
		dirty[page[i]] |= write[i];
	}
	r->faults += faults;
	r->hits += n - faults;
	r->soft_faults += soft;
	r->evictions_clean += clean;
	r->evictions_dirty += written;
}

#endif
