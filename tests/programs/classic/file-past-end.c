/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-past-end.pgd as a classic program (short.bin: one page
 * and 100 bytes): a whole block reads; a block partly (A) or wholly (B)
 * past the end of the file fails in file_read and the process dies of
 * SIGSEGV.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *b0, *b1;
	char c;

	classic_store_str(n, "short.bin");
	b0 = (volatile char *)vm_map((const char *)n, 0);
	CHECK(b0[0] == 'A');
	b1 = (volatile char *)vm_map((const char *)n, 1); /* 100 bytes */
	c = b1[0];                                        /* killed */
	(void)c;
}

static void proc_b(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *b5;
	char c;

	classic_store_str(n, "short.bin");
	b5 = (volatile char *)vm_map((const char *)n, 5);
	c = b5[0]; /* killed */
	(void)c;
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_KILLED},
	    {"B", proc_b, CLASSIC_KILLED},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
