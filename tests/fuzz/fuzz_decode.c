/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for the protocol decoder: any bytes, decoded message by
 * message as the daemon does; whatever decodes must encode back to the very
 * same bytes. Grow the corpus (tests/fuzz/corpus/fuzz_decode) with scripts/fuzz.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	while (size) {
		uint8_t again[PROTO_MAX_SIZE];
		struct proto_msg m;
		int n = proto_decode(data, size, &m);

		if (n <= 0)
			break;
		if (proto_encode(&m, again, sizeof(again)) != n || memcmp(again, data, (size_t)n))
			abort();
		data += n;
		size -= (size_t)n;
	}
	return 0;
}
