/* SPDX-License-Identifier: MIT */
/*
 * workloads/phases.pgd as a classic program: fork before any vm_map (the
 * child's arena is empty), fork with only a zero page, fork after a write,
 * a fork from a child, and vm_map after a fork in parent and child. The
 * process is attached before its first fork (classic_launch attaches it, as
 * fork would: tests/programs/forkfirst.c).
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a, *b, *x, *y;
	pid_t child;

	child = fork(); /* empty */
	CHECK(child >= 0);
	if (child == 0) {
		x = (volatile char *)vm_map(NULL, 0); /* the child's vpage 0 */
		x[0] = 1;
		exit(0);
	}
	a = (volatile char *)vm_map(NULL, 0);
	child = fork(); /* zeros */
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 0); /* the shared zero page */
		y = (volatile char *)vm_map(NULL, 0);
		a[0] = 3; /* a plain zero-fill */
		y[0] = 4;
		exit(0);
	}
	a[0] = 1;
	child = fork(); /* written */
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(a[0] == 1);
		child = fork(); /* grand */
		CHECK(child >= 0);
		if (child == 0) {
			CHECK(a[0] == 1);
			a[0] = 4;
			CHECK(a[0] == 4);
			exit(0);
		}
		vm_yield();
		CHECK(a[0] == 1);
		exit(0);
	}
	b = (volatile char *)vm_map(NULL, 0);
	b[0] = 2;
	vm_yield();
	CHECK(a[0] == 1);
	CHECK(b[0] == 2);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
