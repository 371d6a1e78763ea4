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
#include <stddef.h>
#include <stdint.h>

#define POLICY_NO_FRAME UINT32_MAX

/* What the mechanism gives a policy. Every policy calls
 * test_and_clear_referenced but fifo and random; dirty is for NRU and
 * WSClock, vtime for WSClock (docs/policies.md). */
struct policy_host {
	void *ctx; /* the mechanism's, passed back to each operation */
	/* Read the frame's referenced bit and clear it. Clearing revokes the
	 * frame's PTEs, so that its next access faults, and the mechanism
	 * sets the bit again and reports the reference (policy_ops.referenced).
	 * Unused (may be NULL) if referenced, below, is given. */
	bool (*test_and_clear_referenced)(void *ctx, uint32_t frame);
	/* The frame's dirty bit: written since it was read in or last written
	 * back (NRU, WSClock). */
	bool (*dirty)(void *ctx, uint32_t frame);
	/* Virtual time of the process the frame is charged to: the faults
	 * that process has taken so far (WSClock). Never decreases for one
	 * process; a frame's process may change (a sharer leaves), and a
	 * frame no process maps is charged to the whole pager's faults. */
	uint64_t (*vtime)(void *ctx, uint32_t frame);
	/* NULL, or the referenced bits by frame (bit 0 of each byte) of a
	 * host for which clearing a bit does nothing more: pgd-lab's, which
	 * has no PTEs. The policies then test and clear with no call
	 * (policy_test_and_clear), the one step of their sweeps. The
	 * reference pager's clearing revokes PTEs: it gives NULL. */
	uint8_t *referenced;
};

/* The host's test_and_clear_referenced, or its work on host->referenced
 * where the host allows it. */
static inline bool policy_test_and_clear(const struct policy_host *host, uint32_t frame)
{
	bool r;

	if (!host->referenced)
		return host->test_and_clear_referenced(host->ctx, frame);
	r = host->referenced[frame] & 1;
	host->referenced[frame] &= (uint8_t)~1u;
	return r;
}

/* Settings a policy may read at create. */
struct policy_params {
	uint64_t seed; /* random: the generator's seed (0 is a seed like any other) */
};

struct policy;

struct policy_ops {
	const char *name; /* short; names the policy's order in inspection */
	/* The order (below) starts at a clock hand: clock, wsclock, sieve,
	 * clock-pro's cold hand, car's T1 hand. Inspection says "hand" only
	 * for these, "next" for the others. */
	bool hand;
	/* A policy for frames [0, nr_frames), none resident; NULL if out of
	 * memory. host and params are copied. */
	struct policy *(*create)(uint32_t nr_frames, const struct policy_host *host,
				 const struct policy_params *params);
	void (*destroy)(struct policy *p);
	/* frame became resident (a fault brought content into it); its
	 * referenced bit is set. page names the content: equal numbers for the
	 * same content before its eviction and after it comes back, so that
	 * a policy can remember pages that are not resident (CAR, CLOCK-Pro,
	 * S3-FIFO); distinct contents resident at once have distinct numbers. */
	void (*resident)(struct policy *p, uint32_t frame, uint64_t page);
	/* The pager saw a reference to resident frame: a fault on it because
	 * its referenced bit was clear, or a write while it was clean. NULL if
	 * the referenced bit is all the policy uses. */
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
	/* Inspection: a few words on the policy's own state beyond its order
	 * (queue sizes, targets) into buf, as snprintf; NULL if it has none. */
	int (*describe)(const struct policy *p, char *buf, size_t len);
};

/* Every policy's state starts with this. */
struct policy {
	const struct policy_ops *ops;
	struct policy_host host;
	uint32_t nr_frames;
};

/* The policies (docs/policies.md), one file each. */
extern const struct policy_ops fifo_policy;	 /* fifo.c */
extern const struct policy_ops clock_policy;	 /* clock.c: second chance, the default */
extern const struct policy_ops random_policy;	 /* random.c */
extern const struct policy_ops nru_policy;	 /* nru.c: not recently used */
extern const struct policy_ops aging_policy;	 /* aging.c */
extern const struct policy_ops wsclock_policy;	 /* wsclock.c */
extern const struct policy_ops clockpro_policy; /* clockpro.c: CLOCK-Pro */
extern const struct policy_ops car_policy;	 /* car.c: clock with adaptive replacement */
extern const struct policy_ops sieve_policy;	 /* sieve.c */
extern const struct policy_ops s3fifo_policy;	 /* s3fifo.c: S3-FIFO */

/* registry.c: every policy above, in that order, then NULL. */
extern const struct policy_ops *const policy_all[];
/* The policy named name, or NULL. */
const struct policy_ops *policy_find(const char *name);
/* The names, comma-separated, into buf (for messages); truncated to len. */
void policy_names(char *buf, size_t len);
/* The policy an option names (opt: "--policy"), or NULL after saying on
 * standard error "prog: opt: 'name' is not a policy (one of: ...)". */
const struct policy_ops *policy_find_option(const char *prog, const char *opt, const char *name);

#endif
