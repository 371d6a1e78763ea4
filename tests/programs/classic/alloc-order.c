/* SPDX-License-Identifier: MIT */
/*
 * workloads/alloc-order.pgd as a classic program: A maps two swap pages and
 * writes them in reverse order, then exits, freeing its frames and blocks;
 * B then maps four pages and writes and reads them with two frames, so the
 * log shows the FIFO order of free frames and blocks (rule 3).
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);

	b[0] = 1;
	a[0] = 1;
}

static void proc_b(void)
{
	volatile char *p = (volatile char *)vm_map(NULL, 0);
	volatile char *q = (volatile char *)vm_map(NULL, 0);
	volatile char *r = (volatile char *)vm_map(NULL, 0);
	volatile char *s = (volatile char *)vm_map(NULL, 0);

	p[0] = 1;
	q[0] = 2;
	r[0] = 3;
	s[0] = 4;
	CHECK(p[0] == 1);
	CHECK(q[0] == 2);
	CHECK(r[0] == 3);
	CHECK(s[0] == 4);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_EXITS},
	    {"B", proc_b, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
