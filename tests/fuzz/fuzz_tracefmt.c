/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for pgd-lab's trace readers and writers: the first
 * byte chooses the format (text, csv, oracleGeneral, ostep: bits 0-1;
 * bit 4 overrides them: a --record recording), zstd-compressed (bit 2: the
 * name ends in .zst) and ostep's page size (bit 3: 4096, else 1); the rest
 * is the file. Whatever is read must hold only dense page numbers below
 * nr_pages, and written in the same format (recordings are read only) and
 * read back must give the same string (and the same writes, for text and
 * csv); a failure must leave a message naming the file. Run longer by
 * hand: build/tests/fuzz/fuzz_tracefmt -max_total_time=600
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracefmt.h"

static void fuzz_round_trip(const struct trace *t, enum tracefmt fmt,
			    const struct tracefmt_opts *o)
{
	char *buf = NULL, err[256] = "";
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct trace back;
	int ret;

	if (!f)
		abort();
	ret = tracefmt_write_stream(f, fmt, o, t);
	fclose(f);
	if (ret)
		abort();
	if (tracefmt_read_mem("g", buf, len, fmt, o, &back, err, sizeof(err)))
		abort();
	if (back.n != t->n || back.nr_pages != t->nr_pages)
		abort();
	for (uint64_t i = 0; i < t->n; i++)
		if (back.page[i] != t->page[i] ||
		    ((fmt == TRACEFMT_TEXT || fmt == TRACEFMT_CSV) && back.write[i] != t->write[i]))
			abort();
	trace_free(&back);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tracefmt_opts o = {0};
	struct trace t;
	char err[256] = "";
	enum tracefmt fmt;

	if (!size)
		return 0;
	fmt = data[0] & 16 ? TRACEFMT_RECORD : (enum tracefmt)(TRACEFMT_TEXT + (data[0] & 3));
	o.page_size = data[0] & 8 ? 4096 : 1;
	if (tracefmt_read_mem(data[0] & 4 ? "f.zst" : "f", (const char *)data + 1, size - 1, fmt,
			      &o, &t, err, sizeof(err))) {
		if (strncmp(err, "f", 1) != 0)
			abort();
		return 0;
	}
	for (uint64_t i = 0; i < t.n; i++)
		if (t.page[i] >= t.nr_pages || t.write[i] > 1)
			abort();
	if (fmt != TRACEFMT_RECORD)
		fuzz_round_trip(&t, fmt, &o);
	trace_free(&t);
	return 0;
}
