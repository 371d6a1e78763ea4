/* SPDX-License-Identifier: MIT */
/*
 * workloads/evict-clean-dirty.pgd as a classic program (memory 3: two
 * frames): the clock sweeps referenced frames to the tail and evicts the
 * first unreferenced one, writing it only if dirty: a dirty swap page, a
 * clean file page and a clean swap page are evicted in turn (rule 5).
 */
#include <stddef.h>

#include "classic.h"
#include "vm_app.h"

static void proc(void)
{
	volatile char *n = (volatile char *)vm_map(NULL, 0);
	volatile char *f, *s;

	classic_store_str(n, "data.bin");
	f = (volatile char *)vm_map((const char *)n, 0);
	CHECK(f[0] == 'A');
	s = (volatile char *)vm_map(NULL, 0);
	s[0] = 1;                          /* evicts n, dirty: swap write */
	classic_expect_str(n, "data.bin"); /* evicts f, clean: no write */
	CHECK(f[0] == 'A');                /* evicts s, dirty */
	s[0] = 2;                          /* evicts n, a clean swap page: no write */
	CHECK(s[0] == 2);
	classic_expect_str(n, "data.bin"); /* evicts f, clean */
}

int main(void)
{
	static const struct classic_proc procs[] = {
	    {"p1", proc, CLASSIC_EXITS},
	};

	return classic_launch(procs, sizeof(procs) / sizeof(procs[0]));
}
