/* SPDX-License-Identifier: MIT */
/*
 * SIEVE: one queue in order of arrival and a hand that moves from the
 * oldest frame towards the newest, wrapping around. A frame under the hand
 * with its referenced bit set has the bit cleared (which revokes its PTEs)
 * and stays where it is; the first frame found with the bit clear is
 * evicted, and the hand stays at its successor. Unlike the clock, a frame
 * kept is not moved to the tail, so new frames are the next to be looked at
 * once the hand has passed the old ones.
 */
#include <assert.h>
#include <stdlib.h>

#include "fring.h"
#include "policy-common.h"

struct sieve {
	struct policy policy;
	struct flink *links; /* the queue, a ring (fring.h) */
	uint32_t head;	     /* the oldest; POLICY_NO_FRAME: none resident */
	uint32_t hand;	     /* POLICY_NO_FRAME: start again at the head */
};

static void sieve_destroy(struct policy *p)
{
	struct sieve *s = (struct sieve *)p;

	free(s->links);
	free(s);
}

static struct policy *sieve_create(uint32_t nr_frames, const struct policy_host *host,
				   const struct policy_params *params)
{
	struct sieve *s = policy_new(sizeof(*s), &sieve_policy, nr_frames, host);

	(void)params;
	if (!s)
		return NULL;
	s->head = POLICY_NO_FRAME;
	s->hand = POLICY_NO_FRAME;
	s->links = policy_array(nr_frames, sizeof(*s->links));
	if (!s->links) {
		sieve_destroy(&s->policy);
		return NULL;
	}
	return &s->policy;
}

static void sieve_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct sieve *s = (struct sieve *)p;

	(void)page;
	fring_insert_before(&s->head, s->links, frame); /* the newest */
}

static void sieve_released(struct policy *p, uint32_t frame)
{
	struct sieve *s = (struct sieve *)p;
	uint32_t next = fring_remove(s->links, frame);

	if (s->head == frame)
		s->head = next;
	if (s->hand == frame) /* past the newest: the head, as the hand wraps */
		s->hand = next;
}

static uint32_t sieve_victim(struct policy *p)
{
	struct sieve *s = (struct sieve *)p;
	uint32_t f = s->hand != POLICY_NO_FRAME ? s->hand : s->head;

	assert(f != POLICY_NO_FRAME);
	f = fring_sweep(s->links, &p->host, f);
	s->hand = f;
	sieve_released(p, f);
	return f;
}

static uint32_t sieve_order(const struct policy *p, uint32_t *frames)
{
	const struct sieve *s = (const struct sieve *)p;

	return fring_copy(s->links, p->nr_frames, s->hand != POLICY_NO_FRAME ? s->hand : s->head,
			  frames);
}

const struct policy_ops sieve_policy = {
	.name = "sieve",
	.hand = true,
	.create = sieve_create,
	.destroy = sieve_destroy,
	.resident = sieve_resident,
	.referenced = NULL,
	.released = sieve_released,
	.victim = sieve_victim,
	.order = sieve_order,
};
