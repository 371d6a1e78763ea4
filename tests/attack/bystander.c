/* SPDX-License-Identifier: MIT */
/*
 * The bystander of the attack suite: a real client program that writes a
 * known pattern to more swap-backed pages than there are frames, checks that
 * a page it never wrote reads as zeros, says "ready" on standard output,
 * waits for a byte on standard input, yields the CPU (the attack runs), then
 * reads everything back. Exit 0: every byte intact; else the page that
 * differed, plus 10.
 */
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

#define NR_PAGES 6

static char pattern(int page, size_t i)
{
	return (char)(page * 31 + (int)(i % 251) + 1);
}

static int check(volatile char *const *page, volatile const char *zero)
{
	for (int p = 0; p < NR_PAGES; p++)
		for (size_t i = 0; i < VM_PAGESIZE; i += 509)
			if (page[p][i] != pattern(p, i))
				return 10 + p;
	for (size_t i = 0; i < VM_PAGESIZE; i += 509)
		if (zero[i])
			return 9;
	return 0;
}

int main(void)
{
	volatile char *page[NR_PAGES], *zero;
	char go;
	int err;

	for (int p = 0; p < NR_PAGES; p++) {
		page[p] = vm_map(NULL, 0);
		if (!page[p])
			return 1;
		for (size_t i = 0; i < VM_PAGESIZE; i += 509)
			page[p][i] = pattern(p, i);
	}
	zero = vm_map(NULL, 0);
	if (!zero)
		return 1;
	err = check(page, zero);
	if (err)
		return err;
	if (write(STDOUT_FILENO, "ready\n", 6) != 6 || read(STDIN_FILENO, &go, 1) != 1)
		return 2;
	vm_yield();
	return check(page, zero);
}
