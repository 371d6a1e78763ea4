/* SPDX-License-Identifier: MIT */
/*
 * The hand-counted scenario of test_pagerctl, as a real client program (the
 * test's comment derives every number). The parent maps a name page, a file
 * page and a swap page around a fork; the child then faults its copy back
 * from swap, writes it, prints "ready CHILDPID" and holds the CPU until its
 * standard input ends, so that pagerctl sees a known state. Then the parent
 * reads its file page again and exits. Exit status 0 if every byte read was
 * the one expected.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vm_app.h"

/* The child: steps 11-13. */
static int scene_child(volatile char *n)
{
	char c;

	if (n[0] != 'd') /* its copy from before the split, read back from swap */
		return 1;
	n[1] = 'Y';
	printf("ready %ld\n", (long)getpid());
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) > 0)
		;
	return 0;
}

int main(void)
{
	volatile char *n, *f, *y;
	int status;
	pid_t child;

	n = vm_map(NULL, 0); /* 1 */
	if (!n)
		return 1;
	strcpy((char *)n, "data.bin");  /* 2 */
	f = vm_map((const char *)n, 1); /* 3 */
	if (!f || f[0] != 'F')          /* 4 */
		return 1;
	child = fork(); /* 5 */
	if (child < 0)
		return 1;
	if (child == 0)
		return scene_child(n);
	n[0] = 'X';          /* 6 */
	y = vm_map(NULL, 0); /* 7 */
	if (!y)
		return 1;
	y[0] = 1;        /* 8 */
	if (n[0] != 'X') /* 9 */
		return 1;
	vm_yield();      /* 10: the child runs (11-13), then exits */
	if (f[0] != 'F') /* 14 */
		return 1;
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return 1;
	return WEXITSTATUS(status);
}
