/* SPDX-License-Identifier: MIT */
/*
 * workloads/cow-last-owner.pgd as a classic program (memory 3): a child
 * that exits without writing gives its parent write permission back at once
 * on a page that is resident, referenced and dirty, and only at the next
 * fault, with no copy, on a page the clock has swept (rule 12).
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);
	volatile char *s;
	pid_t child;

	a[0] = 1;
	b[0] = 2;
	child = fork(); /* c1 */
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 1);
		exit(0);
	}
	vm_yield();     /* c1 reads and exits */
	a[0] = 3;       /* rw again: no fault */
	child = fork(); /* c2: exits as soon as it runs */
	CHECK(child >= 0);
	if (child == 0)
		exit(0);
	s = (volatile char *)vm_map(NULL, 0);
	s[0] = 9;   /* the sweep clears a and b; evicts a */
	vm_yield(); /* c2 exits */
	b[0] = 4;   /* permission fault only */
	CHECK(a[0] == 3);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
