/* SPDX-License-Identifier: MIT */
/*
 * workloads/reserve-fail-map.pgd as a classic program (swap 2): each
 * swap-backed vm_map reserves a block, and with none left returns NULL;
 * file-backed vm_map needs none; A's exit gives its blocks back, so B's
 * second try works.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc_a(void)
{
	volatile char *a = (volatile char *)vm_map(NULL, 0);
	volatile char *b = (volatile char *)vm_map(NULL, 0);
	volatile char *f;

	CHECK(vm_map(NULL, 0) == NULL); /* no block left */
	classic_store_str(a, "data.bin");
	f = (volatile char *)vm_map((const char *)a, 0); /* needs no block */
	CHECK(f[0] == 'A');
	vm_yield();
	CHECK(b[0] == 0);
}

static void proc_b(void)
{
	volatile char *c;

	CHECK(vm_map(NULL, 0) == NULL); /* still none */
	vm_yield();                     /* A exits meanwhile */
	c = (volatile char *)vm_map(NULL, 0);
	c[0] = 1;
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"A", proc_a, CLASSIC_EXITS},
	    {"B", proc_b, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
