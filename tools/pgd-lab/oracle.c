/* SPDX-License-Identifier: MIT */
/*
 * libCacheSim's oracleGeneral binary format: packed little-endian records
 * of 24 bytes: uint32 time, uint64 object id, uint32 size, int64 next
 * access time (-1 for none). Every object is one page; every request a
 * read (the format has no operation).
 */
#include <inttypes.h>
#include <string.h>

#include "tracefmt-internal.h"

#define ORACLE_RECORD 24

static uint64_t oracle_le(const unsigned char *b, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

int tracefmt_oracle(const char *name, const char *data, size_t len, struct trace *t, char *err,
		    size_t errlen)
{
	const unsigned char *b = (const unsigned char *)data;

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
