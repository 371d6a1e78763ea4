/* SPDX-License-Identifier: MIT */
/* The out-of-memory flag behind hash.h. Pager-thread only. */
#include "hash.h"

bool hash_oom;
