/* SPDX-License-Identifier: MIT */
/*
 * A client program that maps block BLOCK of the file NAME (the name written
 * into its own arena, as vm_map requires) and reads it. A name the daemon
 * refuses ends it with SIGSEGV, like a missing file; exit 0 means the read
 * succeeded.
 */
#include <stdlib.h>
#include <string.h>

#include "vm_app.h"

int main(int argc, char **argv)
{
	volatile char *p;
	char *name;

	if (argc != 3 || strlen(argv[1]) >= VM_PAGESIZE)
		return 2;
	name = vm_map(NULL, 0);
	if (!name)
		return 1;
	strcpy(name, argv[1]);
	p = vm_map(name, (unsigned int)strtoul(argv[2], NULL, 0));
	if (!p)
		return 1;
	(void)p[0]; /* the read is what matters */
	return 0;
}
