/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the wire protocol: the exact little-endian layout of the
 * messages docs/protocol.md defines, round trips of every type, each way a
 * decoder refuses bytes (truncated, oversized, unknown, malformed), the
 * control messages' fields, and the socket helpers (SCM_RIGHTS over a real
 * socketpair, connecting to the daemon).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "proto.h"

static struct proto_msg proto_fault(uint64_t addr, bool write)
{
	struct proto_msg m;

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FAULT;
	m.fault.addr = addr;
	m.fault.write = write;
	return m;
}

/* The byte layout is the contract with other implementations. */
static void test_proto_layout_little_endian(void **state)
{
	static const uint8_t want[24] = { 24,	0,    0,    0,	  3,	0,    0,    0,
					  0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
					  1,	0,    0,    0,	  0,	0,    0,    0 };
	struct proto_msg m = proto_fault(0x0102030405060708ull, true);
	uint8_t buf[PROTO_MAX_SIZE];

	(void)state;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 24);
	assert_memory_equal(buf, want, sizeof(want));
}

/* Version 2: HELLO carries the fork token at 24, FORK_OK at 16. */
static void test_proto_layout_fork_token(void **state)
{
	/* Version 3: the program's geometry after the token (page size 0x1000,
	 * 4096 arena pages at 0x600000000). */
	static const uint8_t hello[48] = { 48, 0, 0, 0, 1, 0, 0, 0, 3,	  0,	0,    0,    1,	  0,	0,    0,
					   7,  0, 0, 0, 6, 0, 0, 0, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
					   0, 0x10, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0 };
	static const uint8_t fork_ok[24] = { 24, 0, 0, 0, 0x85, 0,    0,    0,	  0,	0,    0,    0,
					     0,	 0, 0, 0, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
	struct proto_msg m = { .type = PROTO_HELLO };
	uint8_t buf[PROTO_MAX_SIZE];

	(void)state;
	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_FORKED;
	m.hello.pid = 7;
	m.hello.parent = 6;
	m.hello.token = 0x0102030405060708ull;
	m.hello.page_size = 0x1000;
	m.hello.arena_pages = 4096;
	m.hello.arena_base = 0x600000000ull;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 48);
	assert_memory_equal(buf, hello, sizeof(hello));
	m = (struct proto_msg){ .type = PROTO_FORK_OK };
	m.fork_ok.token = 0x8877665544332211ull;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 24);
	assert_memory_equal(buf, fork_ok, sizeof(fork_ok));
}

static void proto_roundtrip(const struct proto_msg *m)
{
	uint8_t buf[PROTO_MAX_SIZE];
	struct proto_msg out;
	int n = proto_encode(m, buf, sizeof(buf));

	assert_true(n >= PROTO_HDR_SIZE);
	assert_int_equal((size_t)n, proto_size(m->type));
	assert_int_equal(proto_decode(buf, (size_t)n, &out), n);
	assert_int_equal(out.type, m->type);
	assert_memory_equal(&out, m, sizeof(out));
}

static void test_proto_roundtrip_every_type(void **state)
{
	struct proto_msg m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = PROTO_HELLO;
	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_FORKED;
	m.hello.pid = 4242;
	m.hello.parent = 4241;
	m.hello.token = 0xfedcba9876543210ull;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_MAP;
	m.map.filename = 0x600010000ull;
	m.map.block = 0xffffffffu;
	proto_roundtrip(&m);

	m = proto_fault(0x6000fffffull, false);
	proto_roundtrip(&m);

	uint32_t bare[] = { PROTO_YIELD, PROTO_STATUS, PROTO_RUN };
	for (size_t i = 0; i < 3; i++) {
		memset(&m, 0, sizeof(m));
		m.type = bare[i];
		proto_roundtrip(&m);
	}

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FORK;
	m.fork.child = 77;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_ERROR;
	m.error.err = EPROTO;
	m.error.request = PROTO_FAULT;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_HELLO_OK;
	m.hello_ok.version = PROTO_VERSION;
	m.hello_ok.page_size = 0x10000;
	m.hello_ok.arena_base = 0x600000000ull;
	m.hello_ok.arena_pages = 256;
	m.hello_ok.memory_pages = 4;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_MAP_OK;
	m.map_ok.addr = 0x600000000ull;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FAULT_OK;
	m.fault_ok.result = -1;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FORK_OK;
	m.fork_ok.result = 0;
	m.fork_ok.token = 0x8000000000000001ull;
	proto_roundtrip(&m);
	m.fork_ok.result = -1;
	m.fork_ok.token = 0;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_STATUS_OK;
	m.status_ok.nr_sessions = 3;
	m.status_ok.nr_queued = 2;
	m.status_ok.running = 99;
	m.status_ok.nr_jobs = 1;
	proto_roundtrip(&m);
	m.status_ok.call = PROTO_CALL_FAULT;
	m.status_ok.call_pid = 99;
	m.status_ok.call_addr = 0x600010000ull;
	m.status_ok.call_arg = 1;
	m.status_ok.call_ms = 0xffffffffu;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_STATS;
	m.stats.pid = 4242;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_STATS_OK;
	m.stats_ok.pid = 4242;
	m.stats_ok.stats.faults_zero_fill = 1;
	m.stats_ok.stats.file_writes = 1ull << 40;
	m.stats_ok.stats.frames_free = UINT64_MAX;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FRAMES;
	m.frames.format = PROTO_FORMAT_JSON;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FRAMES_OK;
	m.frames_ok.len = PROTO_TEXT_MAX;
	proto_roundtrip(&m);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_CHUNK;
	m.chunk.offset = 2 * PROTO_CHUNK_DATA;
	m.chunk.len = 3;
	memcpy(m.chunk.data, "abc", 3);
	proto_roundtrip(&m);
}

/* STATS_OK: the pid, then every field of struct pgd_stats as a u64 in the
 * order of include/pagerd/stats.h (docs/protocol.md lists them). */
static void test_proto_layout_stats_ok(void **state)
{
	struct proto_msg m = { .type = PROTO_STATS_OK };
	uint8_t buf[PROTO_MAX_SIZE];

	(void)state;
	m.stats_ok.pid = 0x01020304;
	m.stats_ok.stats.faults_zero_fill = 0x11;
	m.stats_ok.stats.faults_failed = 0x16;
	m.stats_ok.stats.file_writes = 0x1c;
	m.stats_ok.stats.pages_mapped = 0x1d;
	m.stats_ok.stats.frames_free = 0x0102030405060708ull;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 152);
	assert_int_equal(buf[0], 152);
	assert_int_equal(buf[4], 0x87);
	assert_int_equal(buf[8], 0x04);
	assert_int_equal(buf[11], 0x01);
	assert_int_equal(buf[16], 0x11);     /* word 0: faults_zero_fill */
	assert_int_equal(buf[16 + 40], 0x16); /* word 5: faults_failed */
	assert_int_equal(buf[16 + 88], 0x1c); /* word 11: file_writes */
	assert_int_equal(buf[16 + 96], 0x1d); /* word 12: pages_mapped */
	assert_int_equal(buf[16 + 128], 0x08); /* word 16: frames_free, little-endian */
	assert_int_equal(buf[16 + 135], 0x01);
}

/* STATUS_OK's call fields: offsets 24..47; how long the running process has
 * held the CPU: 48; reserved: 52. */
static void test_proto_layout_status_ok(void **state)
{
	static const uint8_t want[56] = { 56,	0,    0, 0, 0x86, 0, 0, 0, 2,	 0,    0,    0,
					  1,	0,    0, 0, 7,	  0, 0, 0, 3,	 0,    0,    0,
					  4,	0,    0, 0, 7,	  0, 0, 0, 0x00, 0x00, 0x01, 0x00,
					  0x06, 0x00, 0, 0, 1,	  0, 0, 0, 0xe8, 0x03, 0,    0,
					  0x88, 0x13, 0, 0, 0,	  0, 0, 0 };
	struct proto_msg m = { .type = PROTO_STATUS_OK };
	uint8_t buf[PROTO_MAX_SIZE];

	(void)state;
	m.status_ok.nr_sessions = 2;
	m.status_ok.nr_queued = 1;
	m.status_ok.running = 7;
	m.status_ok.nr_jobs = 3;
	m.status_ok.call = PROTO_CALL_FAULT;
	m.status_ok.call_pid = 7;
	m.status_ok.call_addr = 0x600010000ull;
	m.status_ok.call_arg = 1;
	m.status_ok.call_ms = 1000;
	m.status_ok.running_ms = 5000;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 56);
	assert_memory_equal(buf, want, sizeof(want));
}

/* Every prefix of a message is "need more", never a message or an error. */
static void test_proto_decode_truncated(void **state)
{
	struct proto_msg m = proto_fault(0x600000000ull, true), out;
	uint8_t buf[PROTO_MAX_SIZE];
	int n = proto_encode(&m, buf, sizeof(buf));

	(void)state;
	for (int len = 0; len < n; len++)
		assert_int_equal(proto_decode(buf, (size_t)len, &out), 0);
}

static void test_proto_decode_oversized(void **state)
{
	uint8_t buf[8] = { 0x00, 0x10, 0, 0, PROTO_YIELD, 0, 0, 0 };
	uint8_t tiny[8] = { 4, 0, 0, 0, PROTO_YIELD, 0, 0, 0 };
	struct proto_msg out;

	(void)state;
	assert_int_equal(proto_decode(buf, sizeof(buf), &out), -EMSGSIZE);
	assert_int_equal(proto_decode(tiny, sizeof(tiny), &out), -EMSGSIZE);
}

static void test_proto_decode_unknown_type(void **state)
{
	uint8_t buf[8] = { 8, 0, 0, 0, 0x77, 0, 0, 0 };
	uint8_t zero[8] = { 8, 0, 0, 0, 0, 0, 0, 0 };
	struct proto_msg out;

	(void)state;
	assert_int_equal(proto_decode(buf, sizeof(buf), &out), -ENOMSG);
	assert_int_equal(proto_decode(zero, sizeof(zero), &out), -ENOMSG);
}

/* A size that does not match the type, reserved bits, invalid fields. */
static void test_proto_decode_malformed(void **state)
{
	struct proto_msg m = proto_fault(0x600000000ull, false), out;
	uint8_t buf[PROTO_MAX_SIZE], bad[PROTO_MAX_SIZE];
	int n = proto_encode(&m, buf, sizeof(buf));

	(void)state;
	memcpy(bad, buf, sizeof(buf));
	bad[0] = 16; /* FAULT is 24 bytes */
	assert_int_equal(proto_decode(bad, sizeof(bad), &out), -EBADMSG);
	memcpy(bad, buf, sizeof(buf));
	bad[6] = 1; /* reserved header bits */
	assert_int_equal(proto_decode(bad, (size_t)n, &out), -EBADMSG);
	memcpy(bad, buf, sizeof(buf));
	bad[16] = 2; /* write is 0 or 1 */
	assert_int_equal(proto_decode(bad, (size_t)n, &out), -EBADMSG);
	memcpy(bad, buf, sizeof(buf));
	bad[20] = 1; /* reserved word */
	assert_int_equal(proto_decode(bad, (size_t)n, &out), -EBADMSG);
}

static void test_proto_validate_fields(void **state)
{
	uint8_t buf[PROTO_MAX_SIZE];
	struct proto_msg m;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = PROTO_HELLO;
	m.hello.kind = PROTO_ATTACH_NEW;
	m.hello.pid = 0; /* no such process */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.pid = 10;
	m.hello.kind = 7;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.kind = PROTO_ATTACH_FORKED; /* a forked child names its parent */
	m.hello.token = 1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.parent = 9;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 48);
	m.hello.token = 0; /* ... and presents its FORK_OK's token */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.kind = PROTO_ATTACH_NEW; /* a new program has no token */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 48);
	m.hello.token = 1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.token = 0; /* a geometry: a power-of-two page size and some pages */
	m.hello.page_size = 0x1000;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.arena_pages = 4096;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 48);
	m.hello.page_size = 0x1800;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.page_size = 0; /* none: all three 0 */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello.arena_pages = 0;
	m.hello.arena_base = 0x600000000ull;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FORK_OK;
	m.fork_ok.result = 0; /* a successful FORK hands out a token */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.fork_ok.result = -1;
	m.fork_ok.token = 5; /* a failed one does not */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_HELLO_OK;
	m.hello_ok.page_size = 0x3000; /* not a power of two */
	m.hello_ok.arena_base = 0x600000000ull;
	m.hello_ok.arena_pages = 1;
	m.hello_ok.memory_pages = 4;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.hello_ok.page_size = 0x10000;
	m.hello_ok.arena_base = UINT64_MAX - 0xffff; /* wraps */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FAULT_OK;
	m.fault_ok.result = 5;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_YIELD;
	assert_int_equal(proto_encode(&m, buf, 4), -ENOSPC);
	assert_false(proto_is_request(PROTO_RUN));
	assert_true(proto_is_request(PROTO_YIELD));
	assert_true(proto_is_request(PROTO_FRAMES));
	assert_false(proto_is_request(PROTO_CHUNK));
}

/* The control messages' field rules, both ways. */
static void test_proto_validate_control_fields(void **state)
{
	uint8_t buf[PROTO_MAX_SIZE];
	struct proto_msg m, out;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.type = PROTO_STATS;
	m.stats.pid = -1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.stats.pid = 0; /* the whole pager */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 16);
	buf[8] = 0xff, buf[9] = 0xff, buf[10] = 0xff, buf[11] = 0xff; /* pid -1 */
	assert_int_equal(proto_decode(buf, 16, &out), -EBADMSG);
	buf[8] = buf[9] = buf[10] = buf[11] = 0;
	buf[12] = 1; /* reserved */
	assert_int_equal(proto_decode(buf, 16, &out), -EBADMSG);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FRAMES;
	m.frames.format = 2;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_STATUS_OK;
	m.status_ok.call = PROTO_CALL_OTHER + 1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.status_ok.call = PROTO_CALL_NONE;
	m.status_ok.call_pid = 5; /* an idle pager thread names no process */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.status_ok.call = PROTO_CALL_MAP;
	m.status_ok.call_pid = -5;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.status_ok.call_pid = 5;
	m.status_ok.running_ms = 10; /* nobody runs: nobody holds the CPU */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.status_ok.running = 5;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 56);
	buf[52] = 1; /* reserved */
	assert_int_equal(proto_decode(buf, 56, &out), -EBADMSG);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_FRAMES_OK;
	m.frames_ok.len = PROTO_TEXT_MAX + 1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);

	memset(&m, 0, sizeof(m));
	m.type = PROTO_CHUNK;
	m.chunk.len = 0;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.chunk.len = PROTO_CHUNK_DATA + 1;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.chunk.len = 1;
	m.chunk.offset = 7; /* chunks start at multiples of PROTO_CHUNK_DATA */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.chunk.offset = PROTO_TEXT_MAX; /* past the longest answer */
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), -EINVAL);
	m.chunk.offset = 0;
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), PROTO_MAX_SIZE);
	buf[16 + 1] = 'x'; /* a byte after the data */
	assert_int_equal(proto_decode(buf, PROTO_MAX_SIZE, &out), -EBADMSG);
	buf[16 + 1] = 0;
	buf[12] = PROTO_CHUNK_DATA + 1; /* len out of range */
	assert_int_equal(proto_decode(buf, PROTO_MAX_SIZE, &out), -EBADMSG);
}

/* Two messages back to back decode one at a time. */
static void test_proto_decode_stream(void **state)
{
	struct proto_msg a = proto_fault(0x600000000ull, true), b = { .type = PROTO_YIELD }, out;
	uint8_t buf[2 * PROTO_MAX_SIZE];
	int na = proto_encode(&a, buf, sizeof(buf));
	int nb = proto_encode(&b, buf + na, sizeof(buf) - (size_t)na);

	(void)state;
	assert_int_equal(proto_decode(buf, (size_t)(na + nb), &out), na);
	assert_int_equal(out.type, PROTO_FAULT);
	assert_int_equal(proto_decode(buf + na, (size_t)nb, &out), nb);
	assert_int_equal(out.type, PROTO_YIELD);
}

/* A descriptor sent with HELLO_OK arrives and refers to the same file. */
static void test_proto_fd_passing(void **state)
{
	struct proto_msg m, out;
	int sv[2], fd, fds[PROTO_MAX_FDS];
	unsigned int nfds;
	char *p;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	fd = memfd_create("test-proto", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096), 0);
	assert_int_equal(pwrite(fd, "pagerd", 7, 0), 7);
	memset(&m, 0, sizeof(m));
	m.type = PROTO_HELLO_OK;
	m.hello_ok.version = PROTO_VERSION;
	m.hello_ok.page_size = 4096;
	m.hello_ok.arena_base = 0x600000000ull;
	m.hello_ok.arena_pages = 1;
	m.hello_ok.memory_pages = 2;
	int two[2] = { fd, fd };
	assert_int_equal(proto_send(sv[0], &m, two, 2, 0), 0);
	assert_int_equal(proto_recv(sv[1], &out, fds, PROTO_MAX_FDS, &nfds), 0);
	assert_int_equal(out.type, PROTO_HELLO_OK);
	assert_int_equal(nfds, 2);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fds[1], 0);
	assert_true(p != MAP_FAILED);
	assert_string_equal(p, "pagerd");
	munmap(p, 4096);
	close(fds[0]);
	close(fds[1]);
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

/* Descriptors a receiver did not ask for are closed and refused. */
static void test_proto_recv_refuses_unwanted_fds(void **state)
{
	struct proto_msg m = { .type = PROTO_RUN }, out;
	int sv[2], fd = dup(0);
	unsigned int nfds = 9;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(proto_send(sv[0], &m, &fd, 1, 0), 0);
	assert_int_equal(proto_recv(sv[1], &out, NULL, 0, &nfds), -EBADMSG);
	assert_int_equal(nfds, 0);
	close(fd);
	close(sv[0]);
	close(sv[1]);
}

/* End of file, also in the middle of a message, is -ECONNRESET. */
static void test_proto_recv_eof(void **state)
{
	struct proto_msg m = proto_fault(0x600000000ull, true), out;
	uint8_t buf[PROTO_MAX_SIZE];
	int sv[2];
	unsigned int nfds;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 24);
	assert_int_equal(write(sv[0], buf, 12), 12);
	close(sv[0]);
	assert_int_equal(proto_recv(sv[1], &out, NULL, 0, &nfds), -ECONNRESET);
	close(sv[1]);
}

static void test_proto_socket_path(void **state)
{
	char path[108], small[4];

	(void)state;
	setenv("PAGERD_SOCKET", "/run/x/pagerd.sock", 1);
	assert_int_equal(proto_socket_path(path, sizeof(path)), 0);
	assert_string_equal(path, "/run/x/pagerd.sock");
	assert_int_equal(proto_socket_path(small, sizeof(small)), -ENAMETOOLONG);
	unsetenv("PAGERD_SOCKET");
	setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
	assert_int_equal(proto_socket_path(path, sizeof(path)), 0);
	assert_string_equal(path, "/run/user/7/pagerd.sock");
}

/* proto_connect: a listening socket of this user, and clear errors. */
static void test_proto_connect(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/pgd-proto.XXXXXX", path[64], big[200];
	int srv, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sock", dir);
	assert_int_equal(proto_connect(path), -ENOENT);
	srv = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(sa.sun_path, path);
	assert_int_equal(bind(srv, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(proto_connect(path), -ECONNREFUSED);
	assert_int_equal(listen(srv, 1), 0);
	fd = proto_connect(path);
	assert_true(fd >= 0);
	close(fd);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(proto_connect(big), -ENAMETOOLONG);
	close(srv);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proto_layout_little_endian),
		cmocka_unit_test(test_proto_layout_fork_token),
		cmocka_unit_test(test_proto_roundtrip_every_type),
		cmocka_unit_test(test_proto_layout_stats_ok),
		cmocka_unit_test(test_proto_layout_status_ok),
		cmocka_unit_test(test_proto_decode_truncated),
		cmocka_unit_test(test_proto_decode_oversized),
		cmocka_unit_test(test_proto_decode_unknown_type),
		cmocka_unit_test(test_proto_decode_malformed),
		cmocka_unit_test(test_proto_validate_fields),
		cmocka_unit_test(test_proto_validate_control_fields),
		cmocka_unit_test(test_proto_decode_stream),
		cmocka_unit_test(test_proto_fd_passing),
		cmocka_unit_test(test_proto_recv_refuses_unwanted_fds),
		cmocka_unit_test(test_proto_recv_eof),
		cmocka_unit_test(test_proto_socket_path),
		cmocka_unit_test(test_proto_connect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
