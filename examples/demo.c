/* SPDX-License-Identifier: MIT */
/*
 * The demo of the README: run it as `pagerd -- build/examples/demo`. Two
 * processes share a file page, copy on write after a fork, and touch more
 * pages than physical memory holds, so the log shows zero-page mappings,
 * copy-on-write splits, evictions to swap, file sharing and the write-back
 * of a dirty file page at shutdown. Its own messages go to standard error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm_app.h"

#define NR_PAGES 4

/* A small data file next to the program's working directory. */
static int demo_make_file(const char *name)
{
	FILE *f = fopen(name, "w");

	if (!f)
		return -1;
	for (unsigned int i = 0; i < VM_PAGESIZE; i++)
		fputc('.', f);
	return fclose(f);
}

int main(void)
{
	const char *file = "demo.data";
	volatile char *name, *shared, *page[NR_PAGES];
	pid_t child;

	if (demo_make_file(file)) {
		perror("demo: demo.data");
		return 1;
	}
	name = vm_map(NULL, 0);
	strcpy((char *)name, file);
	shared = vm_map((const char *)name, 0);
	for (int i = 0; i < NR_PAGES; i++) {
		page[i] = vm_map(NULL, 0);
		page[i][0] = (char)('a' + i);
	}
	child = fork();
	if (child == 0) {
		page[0][0] = 'Z'; /* copy on write: the parent keeps 'a' */
		shared[0] = 'C';  /* the parent sees it: a file page is shared */
		fprintf(stderr, "demo child: page 0 now %c, file byte %c\n", page[0][0], shared[0]);
		return 0;
	}
	vm_yield(); /* the child runs, then exits */
	fprintf(stderr, "demo parent: page 0 still %c, file byte %c from the child\n", page[0][0],
		shared[0]);
	for (int i = 0; i < NR_PAGES; i++)
		if (page[i][0] != 'a' + i)
			return 1;
	return 0;
}
