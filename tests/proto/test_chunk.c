/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of chunked answers (proto/chunk.c): a text of any length goes
 * out as FRAMES_OK and full CHUNKs but the last, comes back byte for byte,
 * and a receiver refuses chunks out of order, short, or beyond the length;
 * also the whole receive over a real socketpair.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "proto.h"

/* len bytes of a recognisable text. */
static char *make_text(size_t len)
{
	char *t = malloc(len + 1);

	assert_non_null(t);
	for (size_t i = 0; i < len; i++)
		t[i] = (char)('a' + i % 26);
	t[len] = '\0';
	return t;
}

/* Encode len bytes, decode the stream message by message, reassemble. */
static void roundtrip(size_t len, size_t nr_chunks)
{
	char *text = make_text(len), *back = calloc(1, len + 1);
	size_t size = proto_chunked_size(len), out_len, pos = 0;
	uint8_t *buf = malloc(size);
	struct proto_msg m;
	uint32_t got = 0;
	int n;

	assert_int_equal(size, 16 + nr_chunks * PROTO_MAX_SIZE);
	assert_int_equal(proto_encode_chunked(text, len, buf, size, &out_len), 0);
	assert_int_equal(out_len, size);
	n = proto_decode(buf, size, &m);
	assert_int_equal(n, 16);
	assert_int_equal(m.type, PROTO_FRAMES_OK);
	assert_int_equal(m.frames_ok.len, len);
	for (pos = (size_t)n; pos < size; pos += (size_t)n) {
		n = proto_decode(buf + pos, size - pos, &m);
		assert_int_equal(n, PROTO_MAX_SIZE);
		assert_int_equal(proto_chunk_take(&m, (uint32_t)len, &got, back), 0);
	}
	assert_int_equal(got, len);
	assert_memory_equal(back, text, len);
	free(buf);
	free(back);
	free(text);
}

static void test_chunk_roundtrip_lengths(void **state)
{
	(void)state;
	roundtrip(0, 0);
	roundtrip(1, 1);
	roundtrip(PROTO_CHUNK_DATA, 1);
	roundtrip(PROTO_CHUNK_DATA + 1, 2);
	roundtrip(10 * PROTO_CHUNK_DATA - 3, 10);
}

static void test_chunk_encode_limits(void **state)
{
	uint8_t buf[2 * PROTO_MAX_SIZE];
	size_t out_len;

	(void)state;
	assert_int_equal(
	    proto_encode_chunked("x", PROTO_TEXT_MAX + 1ul, buf, sizeof(buf), &out_len), -EFBIG);
	assert_int_equal(proto_encode_chunked("x", 1, buf, proto_chunked_size(1) - 1, &out_len),
	                 -ENOSPC);
}

static struct proto_msg chunk(uint32_t offset, uint32_t len)
{
	struct proto_msg m = {.type = PROTO_CHUNK};

	m.chunk.offset = offset;
	m.chunk.len = len;
	memset(m.chunk.data, 'z', len);
	return m;
}

/* Only the next chunk in order, full unless it ends the answer. */
static void test_chunk_take_refuses_disorder(void **state)
{
	uint32_t total = 2 * PROTO_CHUNK_DATA + 5, got = 0;
	char dst[2 * PROTO_CHUNK_DATA + 5];
	struct proto_msg m;

	(void)state;
	m = chunk(PROTO_CHUNK_DATA, PROTO_CHUNK_DATA); /* skips the first */
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG);
	m = chunk(0, 5); /* short, not the last */
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG);
	assert_int_equal(got, 0);
	m = chunk(0, PROTO_CHUNK_DATA);
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), 0);
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG); /* again */
	m = chunk(PROTO_CHUNK_DATA, PROTO_CHUNK_DATA);
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), 0);
	m = chunk(2 * PROTO_CHUNK_DATA, 6); /* longer than what is left */
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG);
	m = chunk(2 * PROTO_CHUNK_DATA, 5);
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), 0);
	assert_int_equal(got, total);
	m = chunk(3 * PROTO_CHUNK_DATA, 1); /* beyond the end */
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG);
	m.type = PROTO_RUN; /* not a chunk at all */
	got = 0;
	assert_int_equal(proto_chunk_take(&m, total, &got, dst), -EBADMSG);
}

/* A text larger than a socket buffer arrives whole (written by another
 * process); another message instead of a chunk is refused. */
static void test_chunk_recv_over_socket(void **state)
{
	size_t len = 300000, size = proto_chunked_size(len), out_len;
	uint8_t *buf = malloc(size);
	char *text = make_text(len), *back;
	struct proto_msg head, run = {.type = PROTO_RUN};
	unsigned int nfds;
	int sv[2];
	pid_t pid;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(proto_encode_chunked(text, len, buf, size, &out_len), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(sv[1]);
		_exit(write(sv[0], buf, out_len) == (ssize_t)out_len ? 0 : 1);
	}
	close(sv[0]);
	assert_int_equal(proto_recv(sv[1], &head, NULL, 0, &nfds), 0);
	assert_int_equal(head.type, PROTO_FRAMES_OK);
	assert_int_equal(proto_recv_chunked(sv[1], head.frames_ok.len, &back), 0);
	assert_int_equal(strlen(back), len);
	assert_string_equal(back, text);
	free(back);
	close(sv[1]);
	waitpid(pid, NULL, 0);

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(proto_send(sv[0], &run, NULL, 0, 0), 0);
	assert_int_equal(proto_recv_chunked(sv[1], 10, &back), -EBADMSG);
	assert_null(back);
	close(sv[0]);
	assert_int_equal(proto_recv_chunked(sv[1], 10, &back), -ECONNRESET);
	close(sv[1]);
	free(buf);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chunk_roundtrip_lengths),
	    cmocka_unit_test(test_chunk_encode_limits),
	    cmocka_unit_test(test_chunk_take_refuses_disorder),
	    cmocka_unit_test(test_chunk_recv_over_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
