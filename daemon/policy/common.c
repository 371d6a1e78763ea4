/* SPDX-License-Identifier: MIT */
/* Allocation of a policy's state (policy-common.h). */
#include <stdlib.h>

#include "policy-common.h"

void *policy_new(size_t size, const struct policy_ops *ops, uint32_t nr_frames,
		 const struct policy_host *host)
{
	struct policy *p = calloc(1, size);

	if (p)
		*p = (struct policy){.ops = ops, .host = *host, .nr_frames = nr_frames};
	return p;
}

void *policy_array(uint32_t nr, size_t size)
{
	return calloc(nr ? nr : 1, size);
}
