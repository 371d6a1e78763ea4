/* SPDX-License-Identifier: MIT */
/* One swap-backed page: written, then read; the program prints what it read. */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	char *p = vm_map(NULL, 0);

	p[0] = 'h';
	p[1] = 'i';
	printf("%c%c\n", p[0], p[1]);
	return 0;
}
