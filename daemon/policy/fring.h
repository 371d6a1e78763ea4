/* SPDX-License-Identifier: MIT */
/*
 * Rings of frames: a list closed on itself through per-frame links
 * (struct flink), reached through a frame on it, for the policies whose
 * hand goes round (the clock, SIEVE). With no ends, a hand's step is one
 * load, and moving the head to the tail is a step of the hand, not a
 * relinking. Inline: these are on the fault path.
 */
#ifndef PAGERD_POLICY_FRING_H
#define PAGERD_POLICY_FRING_H

#include "flist.h"

/* f onto the ring just before *at (the tail, if *at is where the ring is
 * read from); if the ring is empty (*at is POLICY_NO_FRAME), f alone,
 * and *at = f. */
static inline void fring_insert_before(uint32_t *at, struct flink *links, uint32_t f)
{
	struct flink *k = &links[f];

	if (*at == POLICY_NO_FRAME) {
		*k = (struct flink){.prev = f, .next = f};
		*at = f;
		return;
	}
	k->next = *at;
	k->prev = links[*at].prev;
	links[k->prev].next = f;
	links[*at].prev = f;
}

/* f off the ring; returns its successor, POLICY_NO_FRAME if f was alone
 * (for the caller's pointers on f). */
static inline uint32_t fring_remove(struct flink *links, uint32_t f)
{
	struct flink *k = &links[f];
	uint32_t next = k->next;

	if (next == f)
		return POLICY_NO_FRAME;
	links[k->prev].next = next;
	links[next].prev = k->prev;
	return next;
}

/* fring_sweep with the host's test_and_clear_referenced (fring.c). */
uint32_t fring_sweep_calls(const struct flink *links, const struct policy_host *host,
			   uint32_t start);

/* A hand's sweep from start round the ring: the first frame whose
 * referenced bit was clear, clearing the set bits it passes (their second
 * chance: the frames stay where they are, the hand moves on); at most one
 * turn, since it clears every bit it passes. With the host's bits at hand
 * (policy_host.referenced) the loop is policy_test_and_clear's work with
 * the array in a register and calls nothing, so that the clock's and
 * SIEVE's victim search saves no registers: their hot loop in pgd-lab.
 * The pager's calls are out of line, as its clock called them before. */
static inline uint32_t fring_sweep(const struct flink *links, const struct policy_host *host,
				   uint32_t start)
{
	uint8_t *referenced = host->referenced;
	uint32_t f = start;

	if (!referenced)
		return fring_sweep_calls(links, host, start);
	for (; referenced[f] & 1; f = links[f].next)
		referenced[f] &= (uint8_t)~1u;
	return f;
}

/* The ring's frames from start round (none if start is POLICY_NO_FRAME)
 * into out; returns how many, checking the links on the way (asserts). */
uint32_t fring_copy(const struct flink *links, uint32_t nr_frames, uint32_t start,
		    uint32_t *out);

#endif
