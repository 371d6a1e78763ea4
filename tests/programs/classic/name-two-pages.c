/* SPDX-License-Identifier: MIT */
/*
 * workloads/name-two-pages.pgd as a classic program (memory 3): a file
 * name spanning two pages, both evicted, which vm_map faults back in one
 * after the other, with evictions between `vm_map` and `vm_map returned`.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *at = n + VM_PAGESIZE - 4; /* 4 bytes on n, 5 on the next page */
	volatile char *s, *t, *f;

	vm_map(NULL, 0);                   /* the page after n */
	classic_store_str(at, "data.bin"); /* n faults, then the next page */
	s = (volatile char *)vm_map(NULL, 0);
	t = (volatile char *)vm_map(NULL, 0);
	s[0] = 1;                                         /* evicts n, dirty */
	t[0] = 2;                                         /* evicts the next page, dirty */
	f = (volatile char *)vm_map((const char *)at, 0); /* both faulted back in */
	CHECK(f[0] == 'A');
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
