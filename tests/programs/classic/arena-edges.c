/* SPDX-License-Identifier: MIT */
/*
 * workloads/arena-edges.pgd as a classic program (arena of 4 pages): the
 * last valid byte works and the first byte past the valid part is a fault
 * the pager refuses (A); a load just below the arena (B) and a store just
 * past it (C) are plain SIGSEGVs with no vm_fault; the arena's last byte
 * works once every page is valid (D). The arena's size comes from
 * pgd_arena_size(), as the classic constants assume 256 pages.
 */
#include <stddef.h>

#include "classic.h"
#include "pagerd/client.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);
	char c;

	b[VM_PAGESIZE - 1] = 1; /* the last valid byte */
	CHECK(a[0] == 0);
	c = b[VM_PAGESIZE]; /* the first byte past the valid part: killed */
	(void)c;
}

static void proc_b(void)
{
	volatile char *arena = (volatile char *)VM_ARENA_BASEADDR;
	char c;

	vm_map(NULL, 0);
	c = arena[-1]; /* just below the arena: killed */
	(void)c;
}

static void proc_c(void)
{
	volatile char *arena = (volatile char *)VM_ARENA_BASEADDR;

	vm_map(NULL, 0);
	arena[pgd_arena_size()] = 1; /* just past the arena: killed */
}

static void proc_d(void)
{
	volatile char *arena = (volatile char *)VM_ARENA_BASEADDR;
	size_t size = pgd_arena_size();
	volatile char *d;

	vm_map(NULL, 0);
	vm_map(NULL, 0);
	vm_map(NULL, 0);
	d = (volatile char *)vm_map(NULL, 0);
	CHECK(arena[size - 1] == 0); /* the arena's last byte */
	arena[size - 1] = 7;
	CHECK(d[VM_PAGESIZE - 1] == 7);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_KILLED},
	    {"B", proc_b, CLASSIC_KILLED},
	    {"C", proc_c, CLASSIC_KILLED},
	    {"D", proc_d, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
