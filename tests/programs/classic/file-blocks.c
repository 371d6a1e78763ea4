/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-blocks.pgd as a classic program: different blocks of one
 * file are different pages, each read from its own block (block b reads as
 * 'A' + b) into its own frame.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *b0, *b1, *b3;

	classic_store_str(n, "data.bin");
	b3 = (volatile char *)vm_map((const char *)n, 3);
	b0 = (volatile char *)vm_map((const char *)n, 0);
	b1 = (volatile char *)vm_map((const char *)n, 1);
	classic_expect_bytes(b0, 'A', 8);
	classic_expect_bytes(b1, 'B', 8);
	classic_expect_bytes(b3, 'D', 8);
	b1[0] = 'b';
	CHECK(b0[0] == 'A');
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
