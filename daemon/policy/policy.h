/* SPDX-License-Identifier: MIT */
/*
 * Replacement policy: which resident frame to evict, and what a reference
 * does to a frame's standing. A policy knows frames only as numbers in
 * [0, nr_frames); it reaches the pager's mechanism only through the host
 * operations the mechanism hands it, and keeps its own per-frame state in
 * arrays it allocates for nr_frames frames. So the same policy code runs
 * under the reference pager (refpager/frames.c is its host) and under any
 * other host, such as a simulator replaying a reference string. One thread
 * calls a policy, one call at a time. Nothing here includes the mechanism.
 */
#ifndef PAGERD_POLICY_H
#define PAGERD_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#define POLICY_NO_FRAME UINT32_MAX

/* What the mechanism gives a policy. A policy that needs more of a frame's
 * state (its dirty bit, for NRU or WSClock) gets another operation here;
 * one that remembers pages after their eviction (ARC, CAR, CLOCK-Pro) also
 * needs to be told at `resident` which page the frame now holds. */
struct policy_host {
	void *ctx; /* the mechanism's, passed back to each operation */
	/* Read the frame's referenced bit and clear it. Clearing revokes the
	 * frame's PTEs, so that its next access faults, and the mechanism
	 * sets the bit again and reports the reference (policy_ops.referenced). */
	bool (*test_and_clear_referenced)(void *ctx, uint32_t frame);
};

struct policy;

struct policy_ops {
	const char *name; /* short; names the policy's order in inspection */
	/* A policy for frames [0, nr_frames), none resident; NULL if out of
	 * memory. host is copied. */
	struct policy *(*create)(uint32_t nr_frames, const struct policy_host *host);
	void (*destroy)(struct policy *p);
	/* frame became resident (a fault brought content into it); its
	 * referenced bit is set. */
	void (*resident)(struct policy *p, uint32_t frame);
	/* The pager saw a reference to resident frame: a fault on it after its
	 * bits were cleared. NULL if the referenced bit is all the policy uses. */
	void (*referenced)(struct policy *p, uint32_t frame);
	/* Resident frame was freed without eviction (its pages went away). */
	void (*released)(struct policy *p, uint32_t frame);
	/* Choose a resident frame to evict, and forget it. At least one frame
	 * is resident. */
	uint32_t (*victim)(struct policy *p);
	/* Inspection: the resident frames into frames[] (room for nr_frames)
	 * in the policy's order, the next candidate for eviction first; returns
	 * how many. */
	uint32_t (*order)(const struct policy *p, uint32_t *frames);
};

/* Every policy's state starts with this. */
struct policy {
	const struct policy_ops *ops;
	struct policy_host host;
	uint32_t nr_frames;
};

/* The policies. */
extern const struct policy_ops clock_policy; /* clock.c: second chance */

#endif
