/* SPDX-License-Identifier: MIT */
/*
 * workloads/destroy-ghosts.pgd as a classic program (memory 4): A's file
 * pages stay resident as ghosts after it exits; B maps the dirty one again
 * and finds it with no file_read and write permission at once (rule 9); C's
 * faults evict the ghosts, writing only the dirty one to its file (rule 13).
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f, *g;

	classic_store_str(n, "data.bin");
	f = (volatile char *)vm_map((const char *)n, 0);
	f[0] = 'x';
	g = (volatile char *)vm_map((const char *)n, 1);
	CHECK(g[0] == 'B');
}

static void proc_b(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	classic_store_str(n, "data.bin");
	f = (volatile char *)vm_map((const char *)n, 0); /* A's ghost */
	CHECK(f[0] == 'x');
	f[0] = 'y';
}

static void proc_c(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);
	volatile char *c = (volatile char *)vm_map(NULL, 0);

	a[0] = 1;
	b[0] = 2; /* the dirty ghost is written to data.bin */
	c[0] = 3; /* the clean one goes without a write */
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_EXITS},
	    {"B", proc_b, CLASSIC_EXITS},
	    {"C", proc_c, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
