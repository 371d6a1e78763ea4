/* SPDX-License-Identifier: MIT */
/*
 * workloads/name-outside.pgd as a classic program: vm_map returns NULL if
 * any byte of the file name up to its NUL lies outside the valid part of
 * the arena (a name running off the last valid page, a name just below the
 * arena, a name past the valid part); a name whose NUL is the last valid
 * byte works.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);

	n[VM_PAGESIZE - 2] = 'x'; /* no NUL before the end of the valid part */
	n[VM_PAGESIZE - 1] = 'x';
	CHECK(vm_map((const char *)n + VM_PAGESIZE - 2, 0) == NULL);
	CHECK(vm_map((const char *)VM_ARENA_BASEADDR - 1, 0) == NULL);
	CHECK(vm_map((const char *)n + VM_PAGESIZE, 0) == NULL);
	classic_store_str(n + VM_PAGESIZE - 5, "name"); /* its NUL on the last valid byte */
	CHECK(vm_map((const char *)n + VM_PAGESIZE - 5, 0) != NULL);
	CHECK(n[VM_PAGESIZE - 1] == 0);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
