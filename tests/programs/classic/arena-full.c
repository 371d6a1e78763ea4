/* SPDX-License-Identifier: MIT */
/*
 * workloads/arena-full.pgd as a classic program (arena of 4 pages): with
 * every arena page valid, vm_map returns NULL, swap-backed or file-backed
 * (before reading the file name), and so it does in a forked child, whose
 * arena is a full copy.
 */
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *d;
	pid_t child;

	vm_map(NULL, 0);
	vm_map(NULL, 0);
	d = (volatile char *)vm_map(NULL, 0);
	classic_store_str(a, "data.bin");
	CHECK(vm_map(NULL, 0) == NULL);
	CHECK(vm_map((const char *)a, 0) == NULL);
	child = fork();
	CHECK(child >= 0);
	if (child == 0) {
		CHECK(vm_map(NULL, 0) == NULL);
		classic_expect_str(a, "data.bin");
		exit(0);
	}
	CHECK(d[0] == 0);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
