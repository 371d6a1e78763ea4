/* SPDX-License-Identifier: MIT */
/*
 * workloads/swap-io.pgd as a classic program (memory 2: a single frame):
 * every fault evicts the other page, written to its own swap block when
 * dirty and dropped when clean, and read back from that block.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);

	a[0] = 1; /* zero-fill, no read */
	b[0] = 2; /* a written to block 0 */
	CHECK(a[0] == 1);
	CHECK(b[0] == 2);
	a[0] = 3;
	CHECK(b[0] == 2);
	CHECK(a[0] == 3);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
