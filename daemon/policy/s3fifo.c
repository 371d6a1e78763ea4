/* SPDX-License-Identifier: MIT */
/*
 * S3-FIFO: a small FIFO S (a tenth of the cache) that new pages enter, a
 * main FIFO M, and a ghost FIFO G of pages evicted from S (as many as M
 * holds). A page found again in G enters M. Each frame counts the
 * references the policy saw, up to 3: a referenced bit found set by the
 * scan. Evicting from S: the oldest page goes to M if it was seen again,
 * else to G and out. Evicting from M: the oldest page with a count goes
 * back to M's tail with one count less; the first without goes. The cache
 * size is the most frames ever resident at once. A frame's first bit is
 * the faulting access's: in S it buys one more turn in S, in M it counts.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

#include "ghost.h"
#include "policy-common.h"

enum { S3_S, S3_M };

struct s3fifo {
	struct policy policy;
	struct flist q[2]; /* S, M: head is the oldest */
	uint32_t len[2];
	struct flink *links;
	uint8_t *in;	   /* by frame: S3_S or S3_M */
	uint8_t *freq;	   /* by frame: 0..3 */
	uint8_t *entry;	   /* by frame: its bit is still the one it entered with */
	uint64_t *page;	   /* by frame */
	struct ghost g;	   /* list 0 */
	uint32_t c;
};

static void s3fifo_destroy(struct policy *p)
{
	struct s3fifo *s = (struct s3fifo *)p;

	free(s->links);
	free(s->in);
	free(s->freq);
	free(s->entry);
	free(s->page);
	ghost_fini(&s->g);
	free(s);
}

static struct policy *s3fifo_create(uint32_t nr_frames, const struct policy_host *host,
				    const struct policy_params *params)
{
	struct s3fifo *s = policy_new(sizeof(*s), &s3fifo_policy, nr_frames, host);

	(void)params;
	if (!s)
		return NULL;
	s->q[S3_S] = s->q[S3_M] = FLIST_EMPTY;
	s->links = policy_array(nr_frames, sizeof(*s->links));
	s->in = policy_array(nr_frames, sizeof(*s->in));
	s->freq = policy_array(nr_frames, sizeof(*s->freq));
	s->entry = policy_array(nr_frames, sizeof(*s->entry));
	s->page = policy_array(nr_frames, sizeof(*s->page));
	if (ghost_init(&s->g, nr_frames) || !s->links || !s->in || !s->freq || !s->entry ||
	    !s->page) {
		s3fifo_destroy(&s->policy);
		return NULL;
	}
	return &s->policy;
}

static void s3fifo_to(struct s3fifo *s, unsigned int q, uint32_t frame)
{
	flist_append(&s->q[q], s->links, frame);
	s->in[frame] = (uint8_t)q;
	s->len[q]++;
}

static void s3fifo_out(struct s3fifo *s, uint32_t frame)
{
	flist_remove(&s->q[s->in[frame]], s->links, frame);
	s->len[s->in[frame]]--;
}

static uint32_t s3fifo_small_target(const struct s3fifo *s)
{
	return s->c / 10 ? s->c / 10 : 1;
}

static void s3fifo_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct s3fifo *s = (struct s3fifo *)p;
	uint32_t g = ghost_find(&s->g, page);

	s->page[frame] = page;
	s->freq[frame] = 0;
	s->entry[frame] = 1;
	if (g != GHOST_NONE)
		ghost_remove(&s->g, g);
	s3fifo_to(s, g != GHOST_NONE ? S3_M : S3_S, frame);
	if (s->len[S3_S] + s->len[S3_M] > s->c)
		s->c = s->len[S3_S] + s->len[S3_M];
}

static void s3fifo_referenced(struct policy *p, uint32_t frame)
{
	((struct s3fifo *)p)->entry[frame] = 0; /* seen again after its first access */
}

static void s3fifo_released(struct policy *p, uint32_t frame)
{
	s3fifo_out((struct s3fifo *)p, frame);
}

/* Read and clear frame's bit into its count; true if it was set. */
static bool s3fifo_seen(struct policy *p, uint32_t frame)
{
	struct s3fifo *s = (struct s3fifo *)p;

	if (!policy_test_and_clear(&p->host, frame))
		return false;
	if (s->freq[frame] < 3)
		s->freq[frame]++;
	return true;
}

static uint32_t s3fifo_evict_main(struct policy *p)
{
	struct s3fifo *s = (struct s3fifo *)p;

	for (;;) {
		uint32_t f = s->q[S3_M].head;

		assert(f != POLICY_NO_FRAME);
		s3fifo_seen(p, f);
		s->entry[f] = 0;
		s3fifo_out(s, f);
		if (!s->freq[f])
			return f;
		s->freq[f]--;
		s3fifo_to(s, S3_M, f);
	}
}

static uint32_t s3fifo_victim(struct policy *p)
{
	struct s3fifo *s = (struct s3fifo *)p;

	while (s->len[S3_S] && (s->len[S3_S] >= s3fifo_small_target(s) || !s->len[S3_M])) {
		uint32_t f = s->q[S3_S].head;
		bool first = s->entry[f];

		s3fifo_out(s, f);
		if (first && policy_test_and_clear(&p->host, f)) {
			s->entry[f] = 0;
			s3fifo_to(s, S3_S, f); /* its first bit: one more turn in S */
			continue;
		}
		s->entry[f] = 0;
		s3fifo_seen(p, f);
		if (!s->freq[f]) {
			if (s->g.free == GHOST_NONE)
				ghost_drop_oldest(&s->g, 0);
			ghost_add(&s->g, 0, s->page[f]);
			return f;
		}
		s3fifo_to(s, S3_M, f);
		if (s->len[S3_M] > s->c - s3fifo_small_target(s))
			return s3fifo_evict_main(p);
	}
	return s3fifo_evict_main(p);
}

/* S from its oldest, then M from its oldest. */
static uint32_t s3fifo_order(const struct policy *p, uint32_t *frames)
{
	const struct s3fifo *s = (const struct s3fifo *)p;
	uint32_t n = flist_copy(&s->q[S3_S], s->links, p->nr_frames, frames);

	return n + flist_copy(&s->q[S3_M], s->links, p->nr_frames, frames + n);
}

static int s3fifo_describe(const struct policy *p, char *buf, size_t len)
{
	const struct s3fifo *s = (const struct s3fifo *)p;

	return snprintf(buf, len, "S %u (target %u), M %u, ghosts %u", s->len[S3_S],
			s3fifo_small_target(s), s->len[S3_M], ghost_total(&s->g));
}

const struct policy_ops s3fifo_policy = {
	.name = "s3-fifo",
	.create = s3fifo_create,
	.destroy = s3fifo_destroy,
	.resident = s3fifo_resident,
	.referenced = s3fifo_referenced,
	.released = s3fifo_released,
	.victim = s3fifo_victim,
	.order = s3fifo_order,
	.describe = s3fifo_describe,
};
