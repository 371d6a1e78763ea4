/* SPDX-License-Identifier: MIT */
/*
 * The table of classic generations; docs/classic.md says where each number
 * comes from.
 */
#include <stdio.h>
#include <string.h>

#include "generation.h"

static const struct generation generations[] = {
    {"64k", 0x10000, 256, PGD_DEFAULT_MEMORY_PAGES, PGD_DEFAULT_SWAP_BLOCKS, false},
    {"4k", 0x1000, 4096, PGD_DEFAULT_MEMORY_PAGES, 1024, true},
};

#define NR_GENERATIONS (sizeof(generations) / sizeof(generations[0]))

const struct generation *generation_find_option(const char *prog, const char *opt, const char *name)
{
	for (size_t i = 0; i < NR_GENERATIONS; i++)
		if (!strcmp(generations[i].name, name))
			return &generations[i];
	fprintf(stderr, "%s: %s: no generation '%s' (there are:", prog, opt, name);
	for (size_t i = 0; i < NR_GENERATIONS; i++)
		fprintf(stderr, " %s", generations[i].name);
	fprintf(stderr, ")\n");
	return NULL;
}

const struct generation *generation_of(size_t page_size, uint64_t arena_base)
{
	for (size_t i = 0; i < NR_GENERATIONS; i++)
		if (generations[i].page_size == page_size && arena_base == PGD_DEFAULT_ARENA_BASE)
			return &generations[i];
	return NULL;
}

void generation_apply(const struct generation *gen, struct pgd_geometry *g, bool *log_pid_form)
{
	g->page_size = gen->page_size;
	g->arena_base = (uintptr_t)PGD_DEFAULT_ARENA_BASE;
	g->arena_pages = gen->arena_pages;
	g->memory_pages = gen->memory_pages;
	g->swap_blocks = gen->swap_blocks;
	*log_pid_form = gen->log_pid_form;
}
