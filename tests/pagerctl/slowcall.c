/* SPDX-License-Identifier: MIT */
/*
 * A client program whose first read of a file page keeps the pager thread
 * busy under slow_pager.so, which waits in file_read until the test opens
 * the other end of its FIFO. The file, "fifo", is that named pipe, which the
 * daemon refuses to read (not a regular file), so the program then dies of
 * SIGSEGV; getting past the read is a failure (exit 1).
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
