/* SPDX-License-Identifier: MIT */
/*
 * The pgd writer of tracefmt.h: a trace as a pgd-run workload script
 * (docs/workloads.md) that drives one simulated process under the real
 * pager. Dense page p of the trace (pages in order of first reference) is
 * arena page p: the process maps it swap-backed (vm_map hands out arena
 * pages in order) at its first reference, and that reference writes it
 * whatever the trace says, since a page never written stays the pinned
 * zero page and never takes a frame (rule 1). After that each reference is
 * a one-byte read or write at the page's first byte: a write stores the
 * page's next value (1 to 255, cycling) and a read checks the last one, so
 * the run also checks that the pager kept every page's content.
 */
#include <errno.h>
#include <stdlib.h>

#include "tracefmt-internal.h"

#define SCRIPTWRITE_PAGE_SIZE 4096 /* the default: 16 times less to swap than pagerd's */

int tracefmt_write_pgd(FILE *f, const struct trace *t, const uint64_t *keys,
		       const struct tracefmt_opts *o)
{
	uint64_t page_size = o->page_size ? o->page_size : SCRIPTWRITE_PAGE_SIZE;
	uint8_t *value = calloc(t->nr_pages ? t->nr_pages : 1, 1); /* 0: not mapped yet */

	(void)keys;
	if (!value)
		return -ENOMEM;
	fprintf(f,
		"# A trace driving one process under the pager (pgd-lab convert --to pgd):\n"
		"# %llu references to %lu pages. Each page is mapped swap-backed at its\n"
		"# first reference, which writes it; a read checks the page's last write.\n"
		"page-size %llu\nmemory %lu\narena %lu\nswap %lu\n\nprocess drive\n",
		(unsigned long long)t->n, (unsigned long)t->nr_pages, (unsigned long long)page_size,
		(unsigned long)o->frames + 1, (unsigned long)t->nr_pages,
		(unsigned long)t->nr_pages);
	for (uint64_t i = 0; i < t->n && !ferror(f); i++) {
		uint32_t p = t->page[i];
		bool write = t->write[i] || !value[p];

		if (!value[p])
			fputs("\tmap v swap\n", f);
		if (write)
			value[p] = (uint8_t)(value[p] % 255 + 1);
		fprintf(f, "\t%s arena+%lup %u\n", write ? "write" : "read", (unsigned long)p,
			value[p]);
	}
	fputs("end\n", f);
	free(value);
	return ferror(f) ? -EIO : 0;
}
