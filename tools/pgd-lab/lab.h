/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab's simulated caches. A cache holds up to `frames` pages of a
 * trace and is told of every reference in order; it answers hit, soft
 * fault or miss, and the page it evicted. Online policies (policy.h, the
 * pager's own code) sit behind the host of host.c, which shows them only
 * what a pager sees; offline policies (lru, opt, lfu, arc, 2q, lirs) see
 * every reference, and opt the future.
 */
#ifndef PGD_LAB_LAB_H
#define PGD_LAB_LAB_H

#include <stdint.h>

#include "policy.h"
#include "progress.h"
#include "trace.h"

#define LAB_NO_PAGE UINT32_MAX

enum lab_ref {
	LAB_HIT,  /* resident, and a pager would not see the access */
	LAB_SOFT, /* resident, but a pager sees a fault (the bits were clear) */
	LAB_MISS, /* not resident: brought in */
};

struct lab_ctx {
	uint32_t frames;		 /* >= 1 */
	const struct trace *t;
	const uint64_t *next;		 /* trace_next_use, for opt */
	uint64_t seed;			 /* for random */
	const struct policy_ops *online; /* the policy behind host.c */
	struct progress *progress;	 /* NULL: none (and no Ctrl-C) */
};

struct lab_result;

struct lab_cache_ops {
	/* NULL if out of memory. */
	void *(*create)(const struct lab_ctx *ctx);
	void (*destroy)(void *cache);
	/* Reference i of the trace. On a miss with every frame full,
	 * *victim is the page evicted; else LAB_NO_PAGE. */
	enum lab_ref (*access)(void *cache, uint64_t i, uint32_t *victim);
	/* Optional, for speed: references [i, end) at once, their counts
	 * added to r (all but refs), as access and sim.c would count them
	 * (dirty: sim.c's by-page record of writes, for a cache that keeps
	 * none; replay.h). */
	void (*replay)(void *cache, uint64_t i, uint64_t end, uint8_t *dirty,
		       struct lab_result *r);
	/* Soft faults beyond one per reference so far (an access the pager
	 * must fault on again, host.c); NULL: none. */
	uint64_t (*retries)(void *cache);
};

struct lab_policy {
	const char *name;
	const struct lab_cache_ops *cache;
	const struct policy_ops *online; /* NULL for an offline policy */
};

/* host.c */
extern const struct lab_cache_ops lab_online_cache;
/* The offline policies, one file each. */
extern const struct lab_cache_ops lab_lru_cache, lab_opt_cache, lab_lfu_cache, lab_arc_cache,
    lab_2q_cache, lab_lirs_cache;

/* policies.c: the policy named name (online or offline), or NULL; the
 * names, comma-separated, for messages. */
const struct lab_policy *lab_policy_find(const char *name);
/* The i-th policy (online first), NULL past the last. */
const struct lab_policy *lab_policy_at(unsigned int i);
void lab_policy_names(char *buf, size_t len);

struct lab_result {
	uint64_t refs;
	uint64_t faults;	   /* misses */
	uint64_t hits;		   /* of which soft faults: */
	uint64_t soft_faults;	   /* faults a pager takes on resident pages, a
				      retried access's included (host.c) */
	uint64_t evictions_clean;
	uint64_t evictions_dirty;  /* written since brought in */
};

/* sim.c: run policy over ctx's trace; 0, or -1 out of memory, or 1
 * interrupted (r counts the references replayed, r->refs of them). */
int lab_simulate(const struct lab_policy *policy, const struct lab_ctx *ctx,
		 struct lab_result *r);

#endif
