/* SPDX-License-Identifier: MIT */
/*
 * The one way the daemon includes uthash: libc allocator, and out-of-memory
 * made non-fatal. After HASH_ADD*, a caller checks hash_oom_take(): true
 * means the element was not added.
 */
#ifndef PAGERD_HASH_H
#define PAGERD_HASH_H

#include <stdbool.h>
#include <stdlib.h>

extern bool hash_oom;

#define uthash_malloc(sz) malloc(sz)
#define uthash_free(ptr, sz) free(ptr)
#define HASH_NONFATAL_OOM 1
#define uthash_nonfatal_oom(elt) (hash_oom = true)

#include <uthash.h>

static inline bool hash_oom_take(void)
{
	bool oom = hash_oom;

	hash_oom = false;
	return oom;
}

#endif
