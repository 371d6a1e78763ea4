/* SPDX-License-Identifier: MIT */
/*
 * workloads/name-fault-evict.pgd as a classic program (memory 2: a single
 * frame): the file name's page has been evicted, so vm_map faults it back
 * in as a read, and that fault evicts a dirty page (file_write) inside
 * vm_map.
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *s, *f;

	classic_store_str(n, "data.bin"); /* the only frame */
	s = (volatile char *)vm_map(NULL, 0);
	s[0] = 1;                                        /* n evicted */
	f = (volatile char *)vm_map((const char *)n, 0); /* s evicted, n read back */
	CHECK(f[0] == 'A');
	CHECK(s[0] == 1);
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
