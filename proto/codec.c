/* SPDX-License-Identifier: MIT */
/*
 * Encoding, decoding and validation of protocol messages: pure functions over
 * byte buffers, no I/O, no allocation. Integers are little-endian whatever the
 * host; one validation function serves both directions, so nothing the
 * encoder refuses can be decoded and the other way round.
 */
#include <errno.h>
#include <string.h>

#include "proto.h"

static const struct proto_kind {
	uint32_t type;
	const char *name;
	size_t size;
} proto_kinds[] = {
	{ PROTO_HELLO, "HELLO", 48 },	    { PROTO_MAP, "MAP", 24 },
	{ PROTO_FAULT, "FAULT", 24 },	    { PROTO_YIELD, "YIELD", 8 },
	{ PROTO_FORK, "FORK", 16 },	    { PROTO_STATUS, "STATUS", 8 },
	{ PROTO_ERROR, "ERROR", 16 },	    { PROTO_HELLO_OK, "HELLO_OK", 32 },
	{ PROTO_RUN, "RUN", 8 },	    { PROTO_MAP_OK, "MAP_OK", 16 },
	{ PROTO_FAULT_OK, "FAULT_OK", 16 }, { PROTO_FORK_OK, "FORK_OK", 24 },
	{ PROTO_STATUS_OK, "STATUS_OK", 56 }, { PROTO_STATS, "STATS", 16 },
	{ PROTO_STATS_OK, "STATS_OK", 16 + 8 * PROTO_STATS_WORDS },
	{ PROTO_FRAMES, "FRAMES", 16 },	    { PROTO_FRAMES_OK, "FRAMES_OK", 16 },
	{ PROTO_CHUNK, "CHUNK", 16 + PROTO_CHUNK_DATA },
};

_Static_assert(sizeof(struct pgd_stats) == 8 * PROTO_STATS_WORDS,
	       "STATS_OK carries struct pgd_stats word by word: update docs/protocol.md");
_Static_assert(16 + PROTO_CHUNK_DATA == PROTO_MAX_SIZE, "CHUNK is the largest message");

static const struct proto_kind *codec_kind(uint32_t type)
{
	for (size_t i = 0; i < sizeof(proto_kinds) / sizeof(proto_kinds[0]); i++)
		if (proto_kinds[i].type == type)
			return &proto_kinds[i];
	return NULL;
}

size_t proto_size(uint32_t type)
{
	const struct proto_kind *k = codec_kind(type);

	return k ? k->size : 0;
}

const char *proto_type_name(uint32_t type)
{
	const struct proto_kind *k = codec_kind(type);

	return k ? k->name : "unknown";
}

bool proto_is_request(uint32_t type)
{
	return codec_kind(type) && type < PROTO_ERROR;
}

static void codec_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void codec_put64(uint8_t *p, uint64_t v)
{
	codec_put32(p, (uint32_t)v);
	codec_put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t codec_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t codec_get64(const uint8_t *p)
{
	return (uint64_t)codec_get32(p) | (uint64_t)codec_get32(p + 4) << 32;
}

/* Word i of a struct pgd_stats (all its fields are u64, in wire order). */
static uint64_t codec_stats_word(const struct pgd_stats *st, size_t i)
{
	uint64_t v;

	memcpy(&v, (const char *)st + 8 * i, sizeof(v));
	return v;
}

/* The field rules of docs/protocol.md; 0 or -EBADMSG. */
static int codec_validate(const struct proto_msg *m)
{
	bool ok = true;

	switch (m->type) {
	case PROTO_HELLO:
		ok = m->hello.pid > 0 && m->hello.parent >= 0 &&
		     ((m->hello.kind == PROTO_ATTACH_NEW && !m->hello.token) ||
		      (m->hello.kind == PROTO_ATTACH_FORKED && m->hello.parent > 0 &&
		       m->hello.token)) &&
		     (m->hello.page_size ? !(m->hello.page_size & (m->hello.page_size - 1)) &&
		                               m->hello.arena_pages
		                         : !m->hello.arena_pages && !m->hello.arena_base);
		break;
	case PROTO_FORK:
		ok = m->fork.child > 0;
		break;
	case PROTO_ERROR:
		ok = m->error.err > 0 && (!m->error.request || proto_is_request(m->error.request));
		break;
	case PROTO_HELLO_OK: {
		uint64_t ps = m->hello_ok.page_size, pages = m->hello_ok.arena_pages;

		ok = ps >= 4096 && !(ps & (ps - 1)) && pages && !(m->hello_ok.arena_base % ps) &&
		     m->hello_ok.arena_base <= UINT64_MAX - pages * ps &&
		     m->hello_ok.memory_pages >= 2;
		break;
	}
	case PROTO_FAULT_OK:
		ok = m->fault_ok.result == 0 || m->fault_ok.result == -1;
		break;
	case PROTO_FORK_OK:
		ok = (m->fork_ok.result == 0 && m->fork_ok.token) ||
		     (m->fork_ok.result == -1 && !m->fork_ok.token);
		break;
	case PROTO_STATUS_OK:
		ok = m->status_ok.running >= 0 && m->status_ok.call <= PROTO_CALL_OTHER &&
		     m->status_ok.call_pid >= 0 &&
		     (m->status_ok.running || !m->status_ok.running_ms) &&
		     (m->status_ok.call != PROTO_CALL_NONE ||
		      !(m->status_ok.call_pid | m->status_ok.call_addr | m->status_ok.call_arg |
			m->status_ok.call_ms));
		break;
	case PROTO_STATS:
		ok = m->stats.pid >= 0;
		break;
	case PROTO_STATS_OK:
		ok = m->stats_ok.pid >= 0;
		break;
	case PROTO_FRAMES:
		ok = m->frames.format <= PROTO_FORMAT_JSON;
		break;
	case PROTO_FRAMES_OK:
		ok = m->frames_ok.len <= PROTO_TEXT_MAX;
		break;
	case PROTO_CHUNK:
		ok = m->chunk.len >= 1 && m->chunk.len <= PROTO_CHUNK_DATA &&
		     !(m->chunk.offset % PROTO_CHUNK_DATA) &&
		     m->chunk.offset <= PROTO_TEXT_MAX - m->chunk.len;
		break;
	default:
		break;
	}
	return ok ? 0 : -EBADMSG;
}

int proto_encode(const struct proto_msg *m, uint8_t *buf, size_t len)
{
	size_t size = proto_size(m->type);

	if (!size || codec_validate(m))
		return -EINVAL;
	if (len < size)
		return -ENOSPC;
	memset(buf, 0, size);
	codec_put32(buf, (uint32_t)size);
	codec_put32(buf + 4, m->type); /* type (16 bits), then 16 reserved zero bits */
	switch (m->type) {
	case PROTO_HELLO:
		codec_put32(buf + 8, m->hello.version);
		codec_put32(buf + 12, m->hello.kind);
		codec_put32(buf + 16, (uint32_t)m->hello.pid);
		codec_put32(buf + 20, (uint32_t)m->hello.parent);
		codec_put64(buf + 24, m->hello.token);
		codec_put32(buf + 32, m->hello.page_size);
		codec_put32(buf + 36, m->hello.arena_pages);
		codec_put64(buf + 40, m->hello.arena_base);
		break;
	case PROTO_MAP:
		codec_put64(buf + 8, m->map.filename);
		codec_put32(buf + 16, m->map.block);
		break;
	case PROTO_FAULT:
		codec_put64(buf + 8, m->fault.addr);
		codec_put32(buf + 16, m->fault.write);
		break;
	case PROTO_FORK:
		codec_put32(buf + 8, (uint32_t)m->fork.child);
		break;
	case PROTO_ERROR:
		codec_put32(buf + 8, (uint32_t)m->error.err);
		codec_put32(buf + 12, m->error.request);
		break;
	case PROTO_HELLO_OK:
		codec_put32(buf + 8, m->hello_ok.version);
		codec_put32(buf + 12, m->hello_ok.page_size);
		codec_put64(buf + 16, m->hello_ok.arena_base);
		codec_put32(buf + 24, m->hello_ok.arena_pages);
		codec_put32(buf + 28, m->hello_ok.memory_pages);
		break;
	case PROTO_MAP_OK:
		codec_put64(buf + 8, m->map_ok.addr);
		break;
	case PROTO_FAULT_OK:
		codec_put32(buf + 8, (uint32_t)m->fault_ok.result);
		break;
	case PROTO_FORK_OK:
		codec_put32(buf + 8, (uint32_t)m->fork_ok.result);
		codec_put64(buf + 16, m->fork_ok.token);
		break;
	case PROTO_STATUS_OK:
		codec_put32(buf + 8, m->status_ok.nr_sessions);
		codec_put32(buf + 12, m->status_ok.nr_queued);
		codec_put32(buf + 16, (uint32_t)m->status_ok.running);
		codec_put32(buf + 20, m->status_ok.nr_jobs);
		codec_put32(buf + 24, m->status_ok.call);
		codec_put32(buf + 28, (uint32_t)m->status_ok.call_pid);
		codec_put64(buf + 32, m->status_ok.call_addr);
		codec_put32(buf + 40, m->status_ok.call_arg);
		codec_put32(buf + 44, m->status_ok.call_ms);
		codec_put32(buf + 48, m->status_ok.running_ms);
		break;
	case PROTO_STATS:
		codec_put32(buf + 8, (uint32_t)m->stats.pid);
		break;
	case PROTO_STATS_OK:
		codec_put32(buf + 8, (uint32_t)m->stats_ok.pid);
		for (size_t i = 0; i < PROTO_STATS_WORDS; i++)
			codec_put64(buf + 16 + 8 * i, codec_stats_word(&m->stats_ok.stats, i));
		break;
	case PROTO_FRAMES:
		codec_put32(buf + 8, m->frames.format);
		break;
	case PROTO_FRAMES_OK:
		codec_put32(buf + 8, m->frames_ok.len);
		break;
	case PROTO_CHUNK:
		codec_put32(buf + 8, m->chunk.offset);
		codec_put32(buf + 12, m->chunk.len);
		memcpy(buf + 16, m->chunk.data, m->chunk.len);
		break;
	default: /* YIELD, STATUS, RUN: header only */
		break;
	}
	return (int)size;
}

/* The reserved words that must be zero, as offsets after the header. */
static bool codec_reserved_zero(uint32_t type, const uint8_t *buf)
{
	switch (type) {
	case PROTO_MAP:
		return codec_get32(buf + 20) == 0;
	case PROTO_FAULT:
		return codec_get32(buf + 20) == 0 && codec_get32(buf + 16) <= 1;
	case PROTO_FORK:
	case PROTO_FAULT_OK:
	case PROTO_FORK_OK:
	case PROTO_STATS:
	case PROTO_STATS_OK:
	case PROTO_FRAMES:
	case PROTO_FRAMES_OK:
		return codec_get32(buf + 12) == 0;
	case PROTO_STATUS_OK:
		return codec_get32(buf + 52) == 0;
	case PROTO_CHUNK: {
		uint32_t len = codec_get32(buf + 12);

		/* the padding after the data; a bad len is refused by codec_validate */
		for (uint32_t i = 16 + len; len <= PROTO_CHUNK_DATA && i < PROTO_MAX_SIZE; i++)
			if (buf[i])
				return false;
		return true;
	}
	default:
		return true;
	}
}

int proto_decode(const uint8_t *buf, size_t len, struct proto_msg *m)
{
	uint32_t size, type;

	if (len < PROTO_HDR_SIZE)
		return 0;
	size = codec_get32(buf);
	if (size < PROTO_HDR_SIZE || size > PROTO_MAX_SIZE)
		return -EMSGSIZE;
	type = codec_get32(buf + 4);
	if (type > 0xffff)
		return -EBADMSG; /* reserved header bits set */
	if (!proto_size(type))
		return -ENOMSG;
	if (size != proto_size(type))
		return -EBADMSG;
	if (len < size)
		return 0;
	if (!codec_reserved_zero(type, buf))
		return -EBADMSG;
	memset(m, 0, sizeof(*m));
	m->type = (enum proto_type)type;
	switch (type) {
	case PROTO_HELLO:
		m->hello.version = codec_get32(buf + 8);
		m->hello.kind = codec_get32(buf + 12);
		m->hello.pid = (int32_t)codec_get32(buf + 16);
		m->hello.parent = (int32_t)codec_get32(buf + 20);
		m->hello.token = codec_get64(buf + 24);
		m->hello.page_size = codec_get32(buf + 32);
		m->hello.arena_pages = codec_get32(buf + 36);
		m->hello.arena_base = codec_get64(buf + 40);
		break;
	case PROTO_MAP:
		m->map.filename = codec_get64(buf + 8);
		m->map.block = codec_get32(buf + 16);
		break;
	case PROTO_FAULT:
		m->fault.addr = codec_get64(buf + 8);
		m->fault.write = codec_get32(buf + 16) == 1;
		break;
	case PROTO_FORK:
		m->fork.child = (int32_t)codec_get32(buf + 8);
		break;
	case PROTO_ERROR:
		m->error.err = (int32_t)codec_get32(buf + 8);
		m->error.request = codec_get32(buf + 12);
		break;
	case PROTO_HELLO_OK:
		m->hello_ok.version = codec_get32(buf + 8);
		m->hello_ok.page_size = codec_get32(buf + 12);
		m->hello_ok.arena_base = codec_get64(buf + 16);
		m->hello_ok.arena_pages = codec_get32(buf + 24);
		m->hello_ok.memory_pages = codec_get32(buf + 28);
		break;
	case PROTO_MAP_OK:
		m->map_ok.addr = codec_get64(buf + 8);
		break;
	case PROTO_FAULT_OK:
		m->fault_ok.result = (int32_t)codec_get32(buf + 8);
		break;
	case PROTO_FORK_OK:
		m->fork_ok.result = (int32_t)codec_get32(buf + 8);
		m->fork_ok.token = codec_get64(buf + 16);
		break;
	case PROTO_STATUS_OK:
		m->status_ok.nr_sessions = codec_get32(buf + 8);
		m->status_ok.nr_queued = codec_get32(buf + 12);
		m->status_ok.running = (int32_t)codec_get32(buf + 16);
		m->status_ok.nr_jobs = codec_get32(buf + 20);
		m->status_ok.call = codec_get32(buf + 24);
		m->status_ok.call_pid = (int32_t)codec_get32(buf + 28);
		m->status_ok.call_addr = codec_get64(buf + 32);
		m->status_ok.call_arg = codec_get32(buf + 40);
		m->status_ok.call_ms = codec_get32(buf + 44);
		m->status_ok.running_ms = codec_get32(buf + 48);
		break;
	case PROTO_STATS:
		m->stats.pid = (int32_t)codec_get32(buf + 8);
		break;
	case PROTO_STATS_OK:
		m->stats_ok.pid = (int32_t)codec_get32(buf + 8);
		for (size_t i = 0; i < PROTO_STATS_WORDS; i++) {
			uint64_t v = codec_get64(buf + 16 + 8 * i);

			memcpy((char *)&m->stats_ok.stats + 8 * i, &v, sizeof(v));
		}
		break;
	case PROTO_FRAMES:
		m->frames.format = codec_get32(buf + 8);
		break;
	case PROTO_FRAMES_OK:
		m->frames_ok.len = codec_get32(buf + 8);
		break;
	case PROTO_CHUNK:
		m->chunk.offset = codec_get32(buf + 8);
		m->chunk.len = codec_get32(buf + 12);
		if (m->chunk.len <= PROTO_CHUNK_DATA)
			memcpy(m->chunk.data, buf + 16, m->chunk.len);
		break;
	default:
		break;
	}
	if (codec_validate(m))
		return -EBADMSG;
	return (int)size;
}

const char *proto_strerror(int err)
{
	switch (err) {
	case 0:
		return "truncated message";
	case -EMSGSIZE:
		return "message size out of range";
	case -ENOMSG:
		return "unknown message type";
	case -EBADMSG:
		return "malformed message";
	case -ECONNRESET:
		return "connection closed";
	default:
		return strerror(-err);
	}
}
