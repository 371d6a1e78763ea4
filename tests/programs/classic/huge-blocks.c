/* SPDX-License-Identifier: MIT */
/*
 * workloads/huge-blocks.pgd as a classic program (arena of 65536 pages,
 * one.bin of one page): blocks 65536, 2^31 and 2^32-1, where 32-bit offset
 * arithmetic would wrap, fail with "block out of range" (A, B); the arena's
 * last page, 0x6ffff0000, is not valid and its access is refused (C). Each
 * process dies of SIGSEGV.
 */
#include <stddef.h>

#include "classic.h"
#include "pagerd/client.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;
	char c;

	classic_store_str(n, "one.bin");
	f = (volatile char *)vm_map((const char *)n, 65536);
	c = f[0]; /* killed */
	(void)c;
}

static void proc_b(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *g;

	classic_store_str(n, "one.bin");
	vm_map((const char *)n, 2147483648u);
	g = (volatile char *)vm_map((const char *)n, 4294967295u);
	g[0] = 1; /* killed */
}

static void proc_c(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;
	volatile char *last = (volatile char *)VM_ARENA_BASEADDR + pgd_arena_size() - VM_PAGESIZE;
	char c;

	classic_store_str(n, "one.bin");
	f = (volatile char *)vm_map((const char *)n, 0);
	CHECK(f[0] == 'A');
	c = last[0]; /* the arena's last page, not valid: killed */
	(void)c;
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_KILLED},
	    {"B", proc_b, CLASSIC_KILLED},
	    {"C", proc_c, CLASSIC_KILLED},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
