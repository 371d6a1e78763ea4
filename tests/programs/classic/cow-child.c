/* SPDX-License-Identifier: MIT */
/*
 * workloads/cow-child.pgd as a classic program: after fork the child writes
 * first and gets the copy; the parent, now the frame's only owner, has write
 * permission back at once (rule 12), so its next store needs no fault.
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	pid_t child;

	a[0] = 1;
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		a[0] = 2; /* split: the child's copy */
		CHECK(a[0] == 2);
		exit(0);
	}
	vm_yield(); /* to the child */
	a[0] = 3;   /* last owner: rw already */
	CHECK(a[0] == 3);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
