/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-same-block-twice.pgd as a classic program: one file block
 * mapped at two virtual pages is one frame and one file_read; a store
 * through one page is seen through the other, and both PTEs change together.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *x, *y;

	classic_store_str(n, "data.bin");
	x = (volatile char *)vm_map((const char *)n, 0);
	y = (volatile char *)vm_map((const char *)n, 0);
	CHECK(x[0] == 'A');
	y[0] = 'z';
	CHECK(x[0] == 'z');
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
