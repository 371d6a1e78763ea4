/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-not-found.pgd as a classic program: vm_map of a file that
 * does not exist succeeds (it reads nothing); the first access, a load in A
 * and a store in B, fails in file_read and the process dies of SIGSEGV.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;
	char c;

	classic_store_str(n, "missing.bin");
	f = (volatile char *)vm_map((const char *)n, 0);
	c = f[0]; /* killed */
	(void)c;
}

static void proc_b(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	classic_store_str(n, "missing.bin");
	f = (volatile char *)vm_map((const char *)n, 7);
	f[0] = 1; /* killed */
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_KILLED},
	    {"B", proc_b, CLASSIC_KILLED},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
