/* SPDX-License-Identifier: MIT */
/*
 * FIFO: evict the frame resident longest, whatever its bits. The queue of
 * resident frames in order of arrival; references change nothing.
 */
#include <assert.h>
#include <stdlib.h>

#include "flist.h"
#include "policy-common.h"

struct fifo {
	struct policy policy;
	struct flist queue; /* head: the oldest */
	struct flink *links;
};

static void fifo_destroy(struct policy *p)
{
	struct fifo *q = (struct fifo *)p;

	free(q->links);
	free(q);
}

static struct policy *fifo_create(uint32_t nr_frames, const struct policy_host *host,
				  const struct policy_params *params)
{
	struct fifo *q = policy_new(sizeof(*q), &fifo_policy, nr_frames, host);

	(void)params;
	if (!q)
		return NULL;
	q->queue = FLIST_EMPTY;
	q->links = policy_array(nr_frames, sizeof(*q->links));
	if (!q->links) {
		fifo_destroy(&q->policy);
		return NULL;
	}
	return &q->policy;
}

static void fifo_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct fifo *q = (struct fifo *)p;

	(void)page;
	flist_append(&q->queue, q->links, frame);
}

static void fifo_released(struct policy *p, uint32_t frame)
{
	struct fifo *q = (struct fifo *)p;

	flist_remove(&q->queue, q->links, frame);
}

static uint32_t fifo_victim(struct policy *p)
{
	struct fifo *q = (struct fifo *)p;
	uint32_t frame = q->queue.head;

	assert(frame != POLICY_NO_FRAME);
	flist_remove(&q->queue, q->links, frame);
	return frame;
}

static uint32_t fifo_order(const struct policy *p, uint32_t *frames)
{
	const struct fifo *q = (const struct fifo *)p;

	return flist_copy(&q->queue, q->links, p->nr_frames, frames);
}

const struct policy_ops fifo_policy = {
	.name = "fifo",
	.create = fifo_create,
	.destroy = fifo_destroy,
	.resident = fifo_resident,
	.referenced = NULL,
	.released = fifo_released,
	.victim = fifo_victim,
	.order = fifo_order,
};
