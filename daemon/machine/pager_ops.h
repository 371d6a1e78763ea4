/* SPDX-License-Identifier: MIT */
/*
 * A pager module as the machine sees it: the six classic entry points, plus
 * optional pagerd extensions. The reference pager fills one in directly;
 * module.c fills one from a --pager shared object with dlsym.
 */
#ifndef PAGERD_PAGER_OPS_H
#define PAGERD_PAGER_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "pagerd/classic.h"
#include "pagerd/stats.h"

struct pager_ops {
	const char *name;
	void (*init)(unsigned int memory_pages, unsigned int swap_blocks);
	int (*create)(pid_t parent_pid, pid_t child_pid);
	void (*switch_to)(pid_t pid);
	int (*fault)(const void *addr, bool write_flag);
	void (*destroy)(void);
	void *(*map)(const char *filename, unsigned int block);
	/* Optional (NULL if absent). */
	void (*check)(void);	 /* assert every invariant (vm_check) */
	void (*sync)(void);	 /* write back dirty file-backed pages */
	void (*fini)(void);	 /* free everything (after the last destroy) */
	/* Statistics of pid (0: all); -ENOENT if pid is not managed. */
	int (*stats)(pid_t pid, struct pgd_stats *out);
	/* The frame table, clock queue and swap use, as text or JSON. */
	void (*dump)(FILE *out, bool json);
	/* True if the module reads pgd_geometry() instead of the classic
	 * compile-time constants, so any geometry works. */
	bool geometry_aware;
	/* The geometry a classic module was built for (its
	 * pgd_classic_geometry, pagerd/classic.h); NULL: none recorded, the
	 * default one. Owned by the module. */
	const struct pgd_classic_geometry *classic;
	/* The most memory pages and arena pages the pager supports, where it
	 * supports fewer than the machine; 0: the machine's limits. */
	unsigned int max_memory_pages;
	size_t max_arena_pages;
	/* module.c: the dlopen handle of a loaded module; NULL for built-in
	 * pagers. */
	void *dl_handle;
};

/* Load a pager module from a shared object: vm_init ... vm_map required;
 * vm_check, pgd_pager_sync, pgd_pager_fini, pgd_pager_stats optional; the symbol
 * pgd_pager_geometry_aware (any type) marks geometry awareness, and
 * pgd_classic_geometry says which generation's header a classic one used.
 * Returns 0 or -errno, with a message in err (size errlen). */
int module_load(const char *path, struct pager_ops *ops, char *err, size_t errlen);
/* dlclose a module loaded by module_load (after machine_stop); ops->name is
 * no longer valid afterwards. */
void module_unload(struct pager_ops *ops);

#endif
