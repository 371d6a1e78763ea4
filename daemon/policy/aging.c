/* SPDX-License-Identifier: MIT */
/*
 * Aging: an 8-bit history per frame. At each periodic harvest (periodic.h)
 * every resident frame's history shifts right and takes its referenced bit
 * as the new top bit, and the bit is cleared. The victim has the smallest
 * history, a frame referenced since the last harvest counting above every
 * history (as a ninth, newest bit); the oldest such frame on a tie.
 *
 * Histories change only at a harvest, and between two harvests a frame's
 * referenced bit is only set (resident, referenced). So the frames are
 * also kept in a bucket per history value:
 *
 *   A1. bucket[h] holds the resident frames of history h, in order of
 *       arrival; the bit h of occupied is set iff it is not empty.
 *   A2. Every frame of bucket[h] before cursor[h] has its bit set since the
 *       last harvest; cursor[h] is on bucket[h], or POLICY_NO_FRAME past
 *       its tail. The bit h of unseen is clear only if no frame of
 *       bucket[h] from cursor[h] on has its bit clear.
 *
 * A harvest rebuilds the buckets from the arrival list, O(nr_frames) once
 * per nr_frames faults. A frame arriving has history 0 and is the newest:
 * it goes to the tail of bucket[0]. The victim is the first frame with its
 * bit clear from the cursor of the lowest bucket in unseen that has one
 * (the cursors and unseen only move forward between harvests), or if every
 * frame was referenced, the head of the lowest occupied bucket: O(1) per
 * fault amortized, where scanning every frame for each victim cost
 * O(nr_frames). aging_order checks A1 and A2 (vm_check calls it).
 */
#include <assert.h>
#include <stdlib.h>

#include "periodic.h"
#include "policy-common.h"

#define AGING_VALUES 256 /* of a history */
#define AGING_WORDS (AGING_VALUES / 64)

struct aging {
	struct policy policy;
	struct periodic s;
	uint8_t *history;      /* by frame; the newest harvest in bit 7 */
	struct flink *blinks;  /* by frame: its bucket's links */
	struct flist bucket[AGING_VALUES]; /* A1 */
	uint32_t cursor[AGING_VALUES];	    /* A2 */
	uint64_t occupied[AGING_WORDS];	    /* A1: bit h for bucket[h] */
	uint64_t unseen[AGING_WORDS];	    /* A2 */
};

static void aging_destroy(struct policy *p)
{
	struct aging *a = (struct aging *)p;

	periodic_fini(&a->s);
	free(a->history);
	free(a->blinks);
	free(a);
}

static struct policy *aging_create(uint32_t nr_frames, const struct policy_host *host,
				   const struct policy_params *params)
{
	struct aging *a = policy_new(sizeof(*a), &aging_policy, nr_frames, host);

	(void)params;
	if (!a)
		return NULL;
	a->history = policy_array(nr_frames, sizeof(*a->history));
	a->blinks = policy_array(nr_frames, sizeof(*a->blinks));
	if (periodic_init(&a->s, nr_frames) || !a->history || !a->blinks) {
		aging_destroy(&a->policy);
		return NULL;
	}
	for (unsigned int h = 0; h < AGING_VALUES; h++) {
		a->bucket[h] = FLIST_EMPTY;
		a->cursor[h] = POLICY_NO_FRAME;
	}
	return &a->policy;
}

static void aging_set(uint64_t *bits, unsigned int h)
{
	bits[h / 64] |= 1ull << (h % 64);
}

static void aging_clear(uint64_t *bits, unsigned int h)
{
	bits[h / 64] &= ~(1ull << (h % 64));
}

/* The lowest h set in bits, or AGING_VALUES. */
static unsigned int aging_lowest(const uint64_t *bits)
{
	for (unsigned int w = 0; w < AGING_WORDS; w++)
		if (bits[w])
			return w * 64 + (unsigned int)__builtin_ctzll(bits[w]);
	return AGING_VALUES;
}

/* frame to the tail of its history's bucket. */
static void aging_enter(struct aging *a, uint32_t frame)
{
	unsigned int h = a->history[frame];

	flist_append(&a->bucket[h], a->blinks, frame);
	aging_set(a->occupied, h);
	if (a->cursor[h] == POLICY_NO_FRAME)
		a->cursor[h] = frame;
	aging_set(a->unseen, h);
}

static void aging_tick(struct policy *p)
{
	struct aging *a = (struct aging *)p;

	if (!periodic_tick(&a->s))
		return;
	for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next) {
		a->bucket[a->history[f]] = FLIST_EMPTY;
		a->cursor[a->history[f]] = POLICY_NO_FRAME;
	}
	for (unsigned int w = 0; w < AGING_WORDS; w++)
		a->occupied[w] = a->unseen[w] = 0;
	for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next) {
		bool r = policy_test_and_clear(&p->host, f);

		a->history[f] = (uint8_t)(a->history[f] >> 1 | (unsigned int)r << 7);
		a->s.ref[f] = 0;
		aging_enter(a, f); /* in order of arrival: A1 */
	}
}

static void aging_resident(struct policy *p, uint32_t frame, uint64_t page)
{
	struct aging *a = (struct aging *)p;

	(void)page;
	a->history[frame] = 0;
	periodic_resident(&a->s, frame);
	aging_enter(a, frame);
	aging_tick(p); /* after: a harvest now takes this frame's bit too */
}

static void aging_referenced(struct policy *p, uint32_t frame)
{
	struct aging *a = (struct aging *)p;

	a->s.ref[frame] = 1;
	aging_tick(p);
}

static void aging_released(struct policy *p, uint32_t frame)
{
	struct aging *a = (struct aging *)p;
	unsigned int h = a->history[frame];

	if (a->cursor[h] == frame)
		a->cursor[h] = a->blinks[frame].next;
	flist_remove(&a->bucket[h], a->blinks, frame);
	if (a->bucket[h].head == POLICY_NO_FRAME)
		aging_clear(a->occupied, h);
	periodic_remove(&a->s, frame);
}

static unsigned int aging_key(const struct aging *a, uint32_t frame)
{
	return (unsigned int)a->s.ref[frame] << 8 | a->history[frame];
}

static uint32_t aging_victim(struct policy *p)
{
	struct aging *a = (struct aging *)p;
	unsigned int h;
	uint32_t f;

	while ((h = aging_lowest(a->unseen)) < AGING_VALUES) {
		for (f = a->cursor[h]; f != POLICY_NO_FRAME && a->s.ref[f]; f = a->blinks[f].next)
			;
		a->cursor[h] = f;
		if (f != POLICY_NO_FRAME) {
			aging_released(p, f);
			return f;
		}
		aging_clear(a->unseen, h);
	}
	/* Every frame was referenced since the harvest: key 256 + history. */
	h = aging_lowest(a->occupied);
	assert(h < AGING_VALUES);
	f = a->bucket[h].head;
	aging_released(p, f);
	return f;
}

/* Smallest key first, the oldest first on a tie: one pass over the frames
 * per key, up to 512 (inspection only); checks A1 and A2 on the way. */
static uint32_t aging_order(const struct policy *p, uint32_t *frames)
{
	const struct aging *a = (const struct aging *)p;
	uint32_t n = 0, nr = 0, in_buckets = 0;

	for (unsigned int h = 0; h < AGING_VALUES; h++) {
		bool before_cursor = a->cursor[h] != POLICY_NO_FRAME, unseen = false;

		for (uint32_t f = a->bucket[h].head; f != POLICY_NO_FRAME; f = a->blinks[f].next) {
			before_cursor = before_cursor && f != a->cursor[h];
			assert(a->history[f] == h && (!before_cursor || a->s.ref[f])); /* A1, A2 */
			unseen = unseen || (!before_cursor && !a->s.ref[f]);
			in_buckets++;
		}
		assert(!before_cursor); /* A2: the cursor is on its bucket */
		assert(!unseen || (a->unseen[h / 64] >> (h % 64) & 1)); /* A2 */
		assert((a->bucket[h].head != POLICY_NO_FRAME) ==
		       (a->occupied[h / 64] >> (h % 64) & 1)); /* A1 */
	}
	for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next)
		nr++;
	assert(in_buckets == nr); /* A1: every resident frame in one bucket */
	for (unsigned int key = 0; key < 512 && n < nr; key++)
		for (uint32_t f = a->s.list.head; f != POLICY_NO_FRAME; f = a->s.links[f].next)
			if (aging_key(a, f) == key)
				frames[n++] = f;
	return n;
}

const struct policy_ops aging_policy = {
	.name = "aging",
	.create = aging_create,
	.destroy = aging_destroy,
	.resident = aging_resident,
	.referenced = aging_referenced,
	.released = aging_released,
	.victim = aging_victim,
	.order = aging_order,
};
