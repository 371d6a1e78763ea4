/* SPDX-License-Identifier: MIT */
/*
 * Behind tracefmt.h: one reader and one writer per format, and zstd. A new
 * format is a reader (and a writer, or NULL) and one entry in the table of
 * tracefmt.c.
 */
#ifndef PGD_LAB_TRACEFMT_INTERNAL_H
#define PGD_LAB_TRACEFMT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "tracefmt.h"

/* What a reader reads: bytes (uncompressed) named name for messages. */
struct tracefmt_src {
	const char *name;
	const char *data;
	size_t len;
	uint64_t page_size; /* >= 1 */
	char *err;
	size_t errlen;
};

/* A reader fills t (initialised): 0, or -1 with a message in src->err
 * naming src->name and the line or offset. */
typedef int tracefmt_reader(const struct tracefmt_src *src, struct trace *t);
/* A writer writes t, keys[p] being dense page p's number as read, with the
 * options o (never NULL): 0, or -EIO (the stream's error), or -ERANGE (a
 * number the format cannot hold). */
typedef int tracefmt_writer(FILE *f, const struct trace *t, const uint64_t *keys,
			    const struct tracefmt_opts *o);

/* o's page size, 1 if it has none (addresses are pages). */
uint64_t tracefmt_page_size(const struct tracefmt_opts *o);

/* lines.c */
tracefmt_reader tracefmt_read_text, tracefmt_read_csv, tracefmt_read_ostep;
/* linewrite.c */
tracefmt_writer tracefmt_write_text, tracefmt_write_csv, tracefmt_write_ostep;
/* oracle.c */
tracefmt_reader tracefmt_read_oracle;
tracefmt_writer tracefmt_write_oracle;
/* recorded.c: a recording of --record (read only) */
tracefmt_reader tracefmt_read_record;
/* scriptwrite.c: a pgd-run workload script (write only) */
tracefmt_writer tracefmt_write_pgd;

/* zst.c: the whole of a zstd-compressed in into *out (malloc'd): 0, or -1
 * with a message naming name and the offset in in. */
int zst_decompress(const char *name, const char *in, size_t len, char **out, size_t *outlen,
		   char *err, size_t errlen);
/* in compressed into *out (malloc'd): 0, or -ENOMEM. */
int zst_compress(const char *in, size_t len, char **out, size_t *outlen);

#endif
