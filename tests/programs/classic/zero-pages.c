/* SPDX-License-Identifier: MIT */
/*
 * workloads/zero-pages.pgd as a classic program (memory 2: one frame): a
 * swap-backed page maps the zero page read-only at once, so loads need no
 * fault and no frame; the first store allocates a frame and zero-fills it.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);
	volatile char *c = (volatile char *)vm_map(NULL, 0);

	CHECK(a[0] == 0); /* no fault */
	CHECK(b[VM_PAGESIZE - 1] == 0);
	classic_expect_bytes(c, 0, 16);
	b[0] = 1; /* zero-fill: the only frame */
	CHECK(a[0] == 0);
	CHECK(c[100] == 0);
	c[0] = 2; /* b evicted dirty */
	CHECK(b[0] == 1);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
