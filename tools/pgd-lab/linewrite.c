/* SPDX-License-Identifier: MIT */
/*
 * The writers of the line formats of tracefmt.h, each read back by its
 * reader in lines.c: text (a page and w for a write), libCacheSim csv
 * (time as the reference's position, obj_id, obj_size a page, op read or
 * write) and OSTEP address lists (one address per line, as
 * paging-policy.py -f reads them; writes are not kept).
 */
#include <errno.h>

#include "tracefmt-internal.h"

#define LINEWRITE_PAGE 4096 /* csv's obj_size */

static int linewrite_done(FILE *f)
{
	return ferror(f) ? -EIO : 0;
}

int tracefmt_write_text(FILE *f, const struct trace *t, const uint64_t *keys,
			const struct tracefmt_opts *o)
{
	(void)o;
	for (uint64_t i = 0; i < t->n && !ferror(f); i++)
		fprintf(f, t->write[i] ? "%llu w\n" : "%llu\n", (unsigned long long)keys[t->page[i]]);
	return linewrite_done(f);
}

int tracefmt_write_csv(FILE *f, const struct trace *t, const uint64_t *keys,
		       const struct tracefmt_opts *o)
{
	(void)o;
	fputs("time,obj_id,obj_size,op\n", f);
	for (uint64_t i = 0; i < t->n && !ferror(f); i++)
		fprintf(f, "%llu,%llu,%d,%s\n", (unsigned long long)i,
			(unsigned long long)keys[t->page[i]], LINEWRITE_PAGE,
			t->write[i] ? "write" : "read");
	return linewrite_done(f);
}

int tracefmt_write_ostep(FILE *f, const struct trace *t, const uint64_t *keys,
			 const struct tracefmt_opts *o)
{
	uint64_t page_size = tracefmt_page_size(o);

	for (uint64_t i = 0; i < t->n && !ferror(f); i++) {
		uint64_t key = keys[t->page[i]];

		if (key > UINT64_MAX / page_size)
			return -ERANGE;
		fprintf(f, "%llu\n", (unsigned long long)(key * page_size));
	}
	return linewrite_done(f);
}
