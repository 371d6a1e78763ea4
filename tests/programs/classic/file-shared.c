/* SPDX-License-Identifier: MIT */
/*
 * workloads/file-shared.pgd as a classic program: two processes map the
 * same file block and share one frame; B finds it resident, referenced and
 * dirty (rw at once), reads A's store and writes its own, which A reads.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	classic_store_str(n, "shared.txt");
	f = (volatile char *)vm_map((const char *)n, 0);
	classic_store_str(f, "hello");
	vm_yield();
	classic_expect_str(f, "HELLO");
}

static void proc_b(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	classic_store_str(n, "shared.txt");
	f = (volatile char *)vm_map((const char *)n, 0); /* rw at once */
	classic_expect_str(f, "hello");
	classic_store_str(f, "HELLO");
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_EXITS},
	    {"B", proc_b, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
