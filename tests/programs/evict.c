/* SPDX-License-Identifier: MIT */
/*
 * Eviction under a real program: with 4 physical pages (3 usable), write
 * five swap-backed pages, then read them all back, so that dirty pages go to
 * swap and come back with their contents. Exits non-zero on a wrong byte.
 */
#include <stddef.h>

#include "vm_app.h"

#define NR_PAGES 5

int main(void)
{
	volatile char *page[NR_PAGES];

	for (int i = 0; i < NR_PAGES; i++) {
		page[i] = (volatile char *)vm_map(NULL, 0);
		if (!page[i])
			return 1;
	}
	for (int i = 0; i < NR_PAGES; i++)
		page[i][i] = (char)('A' + i);
	for (int i = 0; i < NR_PAGES; i++)
		if (page[i][i] != 'A' + i)
			return 2 + i;
	return 0;
}
