/* SPDX-License-Identifier: MIT */
/*
 * libCacheSim's oracleGeneral binary format: packed little-endian records
 * of 24 bytes: uint32 time, uint64 object id, uint32 size, int64 next
 * access time (-1 for none). Every object is one page; every request a
 * read (the format has no operation). Written as libCacheSim's traceConv
 * does: the time and the next access time count references from 0 (the
 * time saturates at 2^32 - 1), every size is a page (ORACLE_PAGE bytes).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tracefmt-internal.h"

#define ORACLE_RECORD 24
#define ORACLE_PAGE 4096

static uint64_t oracle_le(const unsigned char *b, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

int tracefmt_read_oracle(const struct tracefmt_src *src, struct trace *t)
{
	const char *name = src->name;
	const unsigned char *b = (const unsigned char *)src->data;
	size_t len = src->len, errlen = src->errlen;
	char *err = src->err;

	if (len % ORACLE_RECORD) {
		snprintf(err, errlen,
			 "%s: offset %zu: truncated oracleGeneral record (%zu of %d bytes)", name,
			 len - len % ORACLE_RECORD, len % ORACLE_RECORD, ORACLE_RECORD);
		return -1;
	}
	for (size_t off = 0; off < len; off += ORACLE_RECORD) {
		int64_t next = (int64_t)oracle_le(b + off + 16, 8);

		if (next < -1) {
			snprintf(err, errlen,
				 "%s: offset %zu: next access time %" PRId64
				 " is negative and not -1: not an oracleGeneral trace?",
				 name, off + 16, next);
			return -1;
		}
		if (trace_push(t, oracle_le(b + off + 4, 8), false)) {
			snprintf(err, errlen, "%s: offset %zu: out of memory", name, off);
			return -1;
		}
	}
	return 0;
}

static void oracle_put(unsigned char *b, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

int tracefmt_write_oracle(FILE *f, const struct trace *t, const uint64_t *keys,
			  const struct tracefmt_opts *o)
{
	uint64_t *next = trace_next_use(t);
	unsigned char b[ORACLE_RECORD];

	(void)o;
	if (!next)
		return -ENOMEM;
	for (uint64_t i = 0; i < t->n; i++) {
		oracle_put(b, i < UINT32_MAX ? i : UINT32_MAX, 4);
		oracle_put(b + 4, keys[t->page[i]], 8);
		oracle_put(b + 12, ORACLE_PAGE, 4);
		oracle_put(b + 16, next[i] == TRACE_NEVER ? UINT64_MAX : next[i], 8);
		if (fwrite(b, sizeof(b), 1, f) != 1)
			break;
	}
	free(next);
	return ferror(f) ? -EIO : 0;
}
