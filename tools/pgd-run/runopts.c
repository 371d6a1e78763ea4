/* SPDX-License-Identifier: MIT */
/* The geometry a script asks for: pagerd's defaults, or a generation's, and
 * the script's settings. */
#include "runopts.h"

void runopts_geometry(const struct script *s, const struct pgd_geometry *base,
                      struct pgd_geometry *g)
{
	*g = (struct pgd_geometry){
	    .page_size = PGD_DEFAULT_PAGE_SIZE,
	    .arena_base = (uintptr_t)PGD_DEFAULT_ARENA_BASE,
	    .arena_pages = PGD_DEFAULT_ARENA_SIZE / PGD_DEFAULT_PAGE_SIZE,
	    .memory_pages = PGD_DEFAULT_MEMORY_PAGES,
	    .swap_blocks = PGD_DEFAULT_SWAP_BLOCKS,
	};
	if (base)
		*g = *base;
	if (s->memory_pages)
		g->memory_pages = s->memory_pages;
	if (s->swap_blocks)
		g->swap_blocks = s->swap_blocks;
	if (s->arena_pages)
		g->arena_pages = (size_t)s->arena_pages;
	if (s->page_size)
		g->page_size = (size_t)s->page_size;
}
