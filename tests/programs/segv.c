/* SPDX-License-Identifier: MIT */
/*
 * A program that reads one byte past the valid part of its arena: the pager
 * refuses the fault and the program dies of SIGSEGV, as it would without
 * pagerd. Getting past the read is a failure (exit 1).
 */
#include <stddef.h>

#include "vm_app.h"

int main(void)
{
	volatile char *p = (volatile char *)vm_map(NULL, 0);

	(void)p[VM_PAGESIZE];
	return 1;
}
