/* SPDX-License-Identifier: MIT */
/*
 * workloads/reserve-fail-fork.pgd as a classic program (swap 3): fork needs
 * a block for each of the parent's two swap pages, the zero page included,
 * finds one, and fails (vm_create returns -1, fork returns -1) changing
 * nothing: the parent's page stays writable; then its last vm_map that
 * finds no block returns NULL.
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *c;
	pid_t child;

	vm_map(NULL, 0); /* never written */
	a[0] = 1;
	child = fork(); /* needs 2 blocks, 1 is left */
	if (child == 0)
		exit(0);
	CHECK(child == -1);
	a[0] = 2;                             /* still writable: no copy-on-write happened */
	c = (volatile char *)vm_map(NULL, 0); /* the last block */
	CHECK(vm_map(NULL, 0) == NULL);
	CHECK(c[0] == 0);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
