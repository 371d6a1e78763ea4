/* SPDX-License-Identifier: MIT */
/* Three pages in two usable frames: writing the third evicts the first,
 * which comes back from swap when it is read again. */
#include <stdio.h>

#include "vm_app.h"

int main(void)
{
	char *a = vm_map(NULL, 0), *b = vm_map(NULL, 0), *c = vm_map(NULL, 0);

	a[0] = 'a';
	b[0] = 'b';
	c[0] = 'c';
	printf("%c\n", a[0]);
	return 0;
}
