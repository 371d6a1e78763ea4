/* SPDX-License-Identifier: MIT */
/*
 * A classic test program (C): swap-backed and file-backed pages, a file name
 * in the arena, fork with copy-on-write in parent and child, a file page
 * shared across the fork, and vm_yield. It checks every byte it reads and
 * exits non-zero on a wrong one. test_programs replays the same accesses
 * through the in-process MMU and compares the logs.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	volatile char *p = (volatile char *)vm_map(NULL, 0);
	volatile char *name = (volatile char *)vm_map(NULL, 0);
	volatile char *f;
	const char *s = "data1.bin";
	pid_t child;

	p[0] = 'a';
	for (size_t i = 0; i <= strlen(s); i++)
		name[i] = s[i];
	f = (volatile char *)vm_map((const char *)name, 0);
	if (f[0] != 'F')
		return 10;
	child = fork();
	if (child < 0)
		return 11;
	if (child == 0) {
		p[0] = 'c';
		if (p[0] != 'c')
			_exit(12);
		f[1] = 'x';
		_exit(0);
	}
	vm_yield();
	if (p[0] != 'a')
		return 13;
	if (f[1] != 'x')
		return 14;
	return 0;
}
