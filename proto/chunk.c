/* SPDX-License-Identifier: MIT */
/*
 * Chunked answers: a text of any length up to PROTO_TEXT_MAX sent as a head
 * message that announces its length (FRAMES_OK) and fixed-size CHUNKs that
 * carry it in order, so that every message keeps the fixed size of its type.
 * Pure functions over buffers, like the codec: the sender encodes the whole
 * answer at once, the receiver checks each CHUNK against what came before.
 */
#include <errno.h>
#include <string.h>

#include "proto.h"

size_t proto_chunked_size(size_t len)
{
	size_t nr = (len + PROTO_CHUNK_DATA - 1) / PROTO_CHUNK_DATA;

	return proto_size(PROTO_FRAMES_OK) + nr * proto_size(PROTO_CHUNK);
}

int proto_encode_chunked(const void *text, size_t len, uint8_t *buf, size_t buflen, size_t *out_len)
{
	struct proto_msg m = {.type = PROTO_FRAMES_OK};
	size_t pos;
	int n;

	if (len > PROTO_TEXT_MAX)
		return -EFBIG;
	if (buflen < proto_chunked_size(len))
		return -ENOSPC;
	m.frames_ok.len = (uint32_t)len;
	n = proto_encode(&m, buf, buflen);
	if (n < 0)
		return n;
	pos = (size_t)n;
	m.type = PROTO_CHUNK;
	for (size_t off = 0; off < len; off += m.chunk.len) {
		m.chunk.offset = (uint32_t)off;
		m.chunk.len =
		    (uint32_t)(len - off < PROTO_CHUNK_DATA ? len - off : PROTO_CHUNK_DATA);
		memcpy(m.chunk.data, (const uint8_t *)text + off, m.chunk.len);
		n = proto_encode(&m, buf + pos, buflen - pos);
		if (n < 0)
			return n;
		pos += (size_t)n;
	}
	*out_len = pos;
	return 0;
}

int proto_chunk_take(const struct proto_msg *m, uint32_t total, uint32_t *got, void *dst)
{
	uint32_t left = total - *got;

	if (m->type != PROTO_CHUNK || *got >= total || m->chunk.offset != *got ||
	    m->chunk.len != (left < PROTO_CHUNK_DATA ? left : PROTO_CHUNK_DATA))
		return -EBADMSG;
	memcpy((uint8_t *)dst + *got, m->chunk.data, m->chunk.len);
	*got += m->chunk.len;
	return 0;
}
