/* SPDX-License-Identifier: MIT */
/* One policy over one trace at one size: the counts of struct lab_result. */
#include <stdlib.h>

#include "replay.h"

int lab_simulate(const struct lab_policy *policy, const struct lab_ctx *ctx, struct lab_result *r)
{
	int ret = 0;
	struct lab_ctx c = *ctx;
	const struct trace *t = ctx->t;
	uint8_t *dirty = calloc(t->nr_pages ? t->nr_pages : 1, 1); /* by page: written since in */
	void *cache;

	c.online = policy->online;
	/* More frames than pages evict nothing either: no need to allocate them */
	if (c.frames > t->nr_pages && t->nr_pages)
		c.frames = t->nr_pages;
	cache = dirty ? policy->cache->create(&c) : NULL;
	if (!cache) {
		free(dirty);
		return -1;
	}
	*r = (struct lab_result){0};
	for (uint64_t i = 0; i < t->n;) {
		uint64_t end = t->n - i > PROGRESS_CHUNK ? i + PROGRESS_CHUNK : t->n;

		if (policy->cache->replay)
			policy->cache->replay(cache, i, end, dirty, r);
		else
			lab_replay_with(policy->cache->access, cache, t, i, end, dirty, r);
		r->refs += end - i;
		if (!progress_add(ctx->progress, end - i)) {
			ret = end < t->n;
			break;
		}
		i = end;
	}
	if (policy->cache->retries)
		r->soft_faults += policy->cache->retries(cache);
	policy->cache->destroy(cache);
	free(dirty);
	return ret;
}
