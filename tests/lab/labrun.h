/* SPDX-License-Identifier: MIT */
/* Running a policy of pgd-lab over a reference string written inline. */
#ifndef PGD_TESTS_LABRUN_H
#define PGD_TESTS_LABRUN_H

#include <stdint.h>

#include "lab.h"

#define LABRUN_MAX 64

struct labrun {
	struct lab_result r;
	uint64_t victims[LABRUN_MAX]; /* the pages evicted, as written in the string */
	unsigned int nr_victims;
};

/* refs: page numbers separated by spaces, each optionally followed by w
 * (a write), e.g. "1 2w 3". Asserts on a bad string or out of memory. */
void labrun_trace(const char *refs, struct trace *t);
/* policy (by name) over refs with frames frames. */
void labrun(const char *policy, uint32_t frames, const char *refs, uint64_t seed,
	    struct labrun *out);

#endif
