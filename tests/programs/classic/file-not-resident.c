/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-not-resident.pgd as a classic program: vm_map of a file
 * block reads nothing; the first load reads the block and leaves it clean
 * (r), a store then makes it dirty (rw) with no second read, and shutdown
 * writes it back.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	classic_store_str(n, "data.bin");
	f = (volatile char *)vm_map((const char *)n, 2); /* no file_read yet */
	classic_expect_bytes(f, 'C', 4);
	f[0] = 'c'; /* permission fault: no read */
	CHECK(f[1] == 'C');
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
