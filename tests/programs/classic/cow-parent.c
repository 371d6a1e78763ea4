/* SPDX-License-Identifier: MIT */
/*
 * workloads/cow-parent.pgd as a classic program: fork shares the parent's
 * swap pages copy-on-write; the parent writing first gets a new frame while
 * the child still reads the old data, and a shared zero page written by the
 * child is a plain zero-fill.
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *z = (volatile char *)vm_map(NULL, 0); /* never written by the parent */
	pid_t child;

	a[0] = 1;
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 1);
		CHECK(z[0] == 0);
		z[0] = 5;
		exit(0);
	}
	a[0] = 2; /* split: the parent's copy */
	CHECK(a[0] == 2);
	CHECK(z[0] == 0);
	vm_yield();
	CHECK(a[0] == 2);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
