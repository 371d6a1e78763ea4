/* SPDX-License-Identifier: MIT */
/* What the policies' files share: their state's allocation and a generator. */
#ifndef PAGERD_POLICY_COMMON_H
#define PAGERD_POLICY_COMMON_H

#include <stddef.h>

#include "policy.h"

/* A zeroed state of size bytes that starts with struct policy, filled in;
 * NULL if out of memory. Free with free(). */
void *policy_new(size_t size, const struct policy_ops *ops, uint32_t nr_frames,
		 const struct policy_host *host);
/* nr zeroed items of size bytes for a state (calloc); NULL if out of memory. */
void *policy_array(uint32_t nr, size_t size);

/* splitmix64: a seeded, reproducible generator (random.c). */
static inline uint64_t policy_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#endif
