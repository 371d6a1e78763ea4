/* SPDX-License-Identifier: MIT */
/*
 * A client program of the storm test: maps eight swap-backed pages and
 * writes to them, yielding every few stores, until it is killed. SEED (its
 * argument) decides which page and byte each store goes to.
 */
#include <stdlib.h>

#include "vm_app.h"

#define NR_PAGES 8

int main(int argc, char **argv)
{
	unsigned int seed = argc > 1 ? (unsigned int)strtoul(argv[1], NULL, 0) : 1;
	volatile char *page[NR_PAGES];

	for (int p = 0; p < NR_PAGES; p++) {
		page[p] = vm_map(NULL, 0);
		if (!page[p])
			return 1; /* swap is full: a legitimate answer under load */
	}
	for (unsigned int n = 1;; n++) {
		int p = rand_r(&seed) % NR_PAGES;

		page[p][(unsigned int)rand_r(&seed) % VM_PAGESIZE] = (char)n;
		if (!(n % 4))
			vm_yield();
	}
}
