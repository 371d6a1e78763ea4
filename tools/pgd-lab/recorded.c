/* SPDX-License-Identifier: MIT */
/*
 * The recordings of --record (proto/record.h, docs/protocol.md section 7)
 * as a trace. A page is its process and its vpage (pid in the key's top 24
 * bits): pages shared by several processes (copy-on-write, a shared file
 * block) are distinct here. Reads of the zero page are dropped: the pager
 * serves them from the pinned zero page, with no frame and no fault.
 */
#include <string.h>

#include "record.h"
#include "tracefmt-internal.h"

int tracefmt_read_record(const struct tracefmt_src *src, struct trace *t)
{
	const unsigned char *b = (const unsigned char *)src->data;
	const char *name = src->name;
	char *err = src->err;
	size_t len = src->len, errlen = src->errlen;
	uint32_t page_size;

	if (len < RECORD_HEADER_SIZE || record_decode_header(b, &page_size)) {
		snprintf(err, errlen, "%s: not a recording (no %d-byte PGDREC1 header)", name,
			 RECORD_HEADER_SIZE);
		return -1;
	}
	if ((len - RECORD_HEADER_SIZE) % RECORD_SIZE) {
		snprintf(err, errlen, "%s: offset %zu: a truncated record (records are %d bytes)",
			 name, len - (len - RECORD_HEADER_SIZE) % RECORD_SIZE, RECORD_SIZE);
		return -1;
	}
	for (size_t off = RECORD_HEADER_SIZE; off < len; off += RECORD_SIZE) {
		struct record r;

		if (record_decode(b + off, &r) || r.pid >> 24 || r.vpage >> 40) {
			snprintf(err, errlen, "%s: offset %zu: not a valid record", name, off);
			return -1;
		}
		if (r.kind == RECORD_ZERO && !r.write)
			continue;
		if (trace_push(t, (uint64_t)r.pid << 40 | r.vpage, r.write)) {
			snprintf(err, errlen, "%s: out of memory", name);
			return -1;
		}
	}
	return 0;
}
