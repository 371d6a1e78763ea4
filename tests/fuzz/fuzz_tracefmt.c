/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for pgd-lab's trace readers: the first byte chooses the
 * format (text, csv, oracleGeneral), the rest is the file. Whatever is read
 * must hold only dense page numbers below nr_pages; a failure must leave a
 * message naming the file. Run longer by hand:
 * build/tests/fuzz/fuzz_tracefmt -max_total_time=600
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tracefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t;
	char err[256] = "";

	if (!size)
		return 0;
	if (tracefmt_read_mem("f", (const char *)data + 1, size - 1,
			      (enum tracefmt)(TRACEFMT_TEXT + data[0] % 3), &t, err, sizeof(err))) {
		if (strncmp(err, "f:", 2) != 0)
			abort();
		return 0;
	}
	for (uint64_t i = 0; i < t.n; i++)
		if (t.page[i] >= t.nr_pages || t.write[i] > 1)
			abort();
	trace_free(&t);
	return 0;
}
