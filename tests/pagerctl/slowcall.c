/* SPDX-License-Identifier: MIT */
/*
 * A client program whose first read of a file page keeps the pager thread
 * busy: the file ("fifo" in the daemon's files directory) is a named pipe,
 * so file_read waits in open() until the test opens the other end. The read
 * then fails (a pipe has no blocks) and the program dies of SIGSEGV; getting
 * past the read is a failure (exit 1).
 */
#include <string.h>

#include "vm_app.h"

int main(void)
{
	char *name = vm_map(NULL, 0);
	volatile char *f;

	if (!name)
		return 1;
	strcpy(name, "fifo");
	f = vm_map(name, 0);
	if (!f)
		return 1;
	(void)f[0];
	return 1;
}
