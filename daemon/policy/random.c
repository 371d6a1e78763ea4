/* SPDX-License-Identifier: MIT */
/*
 * Random: evict a resident frame chosen uniformly by a seeded generator
 * (policy_params.seed), so a run is reproducible. The resident frames are
 * kept in a dense array (with each frame's position) for O(1) choice and
 * removal; the array's order is the inspection order.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "policy-common.h"

struct random {
	struct policy policy;
	uint64_t state;
	uint32_t nr;  /* resident */
	uint32_t *at; /* [0, nr): resident frames */
	uint32_t *pos; /* by frame: its index in at */
};

static void random_destroy(struct policy *p)
{
	struct random *r = (struct random *)p;

	free(r->at);
	free(r->pos);
	free(r);
}

static struct policy *random_create(uint32_t nr_frames, const struct policy_host *host,
				    const struct policy_params *params)
{
	struct random *r = policy_new(sizeof(*r), &random_policy, nr_frames, host);

	if (!r)
		return NULL;
	r->state = params->seed;
	r->at = policy_array(nr_frames, sizeof(*r->at));
	r->pos = policy_array(nr_frames, sizeof(*r->pos));
	if (!r->at || !r->pos) {
		random_destroy(&r->policy);
		return NULL;
	}
	return &r->policy;
}

static void random_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct random *r = (struct random *)p;

	(void)page;
	r->pos[frame] = r->nr;
	r->at[r->nr++] = frame;
}

static void random_released(struct policy *p, uint32_t frame)
{
	struct random *r = (struct random *)p;
	uint32_t last = r->at[--r->nr];

	r->at[r->pos[frame]] = last;
	r->pos[last] = r->pos[frame];
}

static uint32_t random_victim(struct policy *p)
{
	struct random *r = (struct random *)p;
	uint32_t frame;

	assert(r->nr > 0);
	frame = r->at[policy_rand(&r->state) % r->nr];
	random_released(p, frame);
	return frame;
}

static uint32_t random_order(const struct policy *p, uint32_t *frames)
{
	const struct random *r = (const struct random *)p;

	memcpy(frames, r->at, r->nr * sizeof(*frames));
	return r->nr;
}

const struct policy_ops random_policy = {
	.name = "random",
	.create = random_create,
	.destroy = random_destroy,
	.resident = random_resident,
	.referenced = NULL,
	.released = random_released,
	.victim = random_victim,
	.order = random_order,
};
