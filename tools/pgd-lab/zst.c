/* SPDX-License-Identifier: MIT */
/*
 * zstd-compressed traces (name.zst), whole in memory: streaming
 * decompression (a frame need not say its size), one-shot compression.
 */
#include <errno.h>
#include <stdlib.h>
#include <zstd.h>

#include "tracefmt-internal.h"

int zst_decompress(const char *name, const char *in, size_t len, char **out, size_t *outlen,
		   char *err, size_t errlen)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer ib = {in, len, 0};
	ZSTD_outBuffer ob = {NULL, 0, 0};
	size_t hint = 1;

	*out = NULL;
	if (!dctx)
		goto out_nomem;
	while (ib.pos < ib.size || (hint && ob.pos == ob.size)) {
		if (ob.pos == ob.size) {
			size_t cap = ob.size ? ob.size * 2 : ZSTD_DStreamOutSize();
			void *dst = realloc(ob.dst, cap);

			if (!dst)
				goto out_nomem;
			ob.dst = dst;
			ob.size = cap;
		}
		size_t before = ib.pos, made = ob.pos;

		hint = ZSTD_decompressStream(dctx, &ob, &ib);
		if (ZSTD_isError(hint)) {
			snprintf(err, errlen, "%s: offset %zu: not zstd data or corrupt: %s", name,
				 ib.pos, ZSTD_getErrorName(hint));
			goto out_free;
		}
		if (ib.pos == before && ob.pos == made && ob.pos < ob.size)
			break; /* no progress: the input ended inside a frame */
	}
	if (hint) {
		snprintf(err, errlen, "%s: offset %zu: truncated zstd frame", name, len);
		goto out_free;
	}
	ZSTD_freeDCtx(dctx);
	*out = ob.dst;
	*outlen = ob.pos;
	return 0;
out_nomem:
	snprintf(err, errlen, "%s: offset %zu: out of memory decompressing", name, ib.pos);
out_free:
	free(ob.dst);
	ZSTD_freeDCtx(dctx);
	return -1;
}

int zst_compress(const char *in, size_t len, char **out, size_t *outlen)
{
	size_t bound = ZSTD_compressBound(len), n;

	*out = malloc(bound ? bound : 1);
	if (!*out)
		return -ENOMEM;
	n = ZSTD_compress(*out, bound, in, len, 3);
	if (ZSTD_isError(n)) {
		free(*out);
		*out = NULL;
		return -ENOMEM;
	}
	*outlen = n;
	return 0;
}
