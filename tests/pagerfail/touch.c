/* SPDX-License-Identifier: MIT */
/*
 * The client of the failing-pager tests: say its pid on standard error, map one swap-backed page, write
 * it and read it back. Under a correct pager it prints "touched" and exits
 * 0; under a failing one the client library ends it first.
 */
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	volatile char *page;

	fprintf(stderr, "touch: pid %ld\n", (long)getpid());
	page = (volatile char *)vm_map(NULL, 0);

	if (!page)
		return 3;
	page[0] = 'x';
	if (page[0] != 'x')
		return 4;
	printf("touched\n");
	return 0;
}
