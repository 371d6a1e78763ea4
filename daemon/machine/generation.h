/* SPDX-License-Identifier: MIT */
/*
 * The generations of the classic course interface as named presets
 * (pagerd --classic NAME, docs/classic.md): each one's geometry, default
 * memory and swap, and log text form, and which generation a compiled-in
 * geometry belongs to, for messages.
 */
#ifndef PAGERD_GENERATION_H
#define PAGERD_GENERATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagerd/pager.h"

/* One generation. Immutable. */
struct generation {
	const char *name; /* "4k": --classic 4k, pkg-config pagerd-classic-4k */
	size_t page_size;
	size_t arena_pages;        /* the arena is at PGD_DEFAULT_ARENA_BASE */
	unsigned int memory_pages; /* defaults, -m and -s override them */
	unsigned int swap_blocks;
	bool log_pid_form; /* the log's text form; --log-format overrides it */
};

/* The generation called name, or NULL after a message on stderr naming
 * prog, opt and the names there are. */
const struct generation *generation_find_option(const char *prog, const char *opt,
                                                const char *name);
/* The generation with this page size and arena base, or NULL. */
const struct generation *generation_of(size_t page_size, uint64_t arena_base);
/* Set a geometry and a log form (true: the pid form) to gen's. */
void generation_apply(const struct generation *gen, struct pgd_geometry *g, bool *log_pid_form);

#endif
