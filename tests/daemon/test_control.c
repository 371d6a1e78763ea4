/* SPDX-License-Identifier: MIT */
/*
 * The daemon's control connections in the raw protocol: STATS of one
 * process and of none, the frame table as FRAMES_OK and CHUNKs, one request
 * at a time, control requests refused on an attached connection, and a
 * reader that goes away in the middle of a long answer. Each refusal is
 * ERROR and a closed connection; the daemon goes on serving.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"

#define BASE 0x600000000ull

static int setup(void **state)
{
	struct dh *d = calloc(1, sizeof(*d));

	*state = d;
	return 0;
}

static int teardown(void **state)
{
	dh_cleanup(*state);
	free(*state);
	return 0;
}

static struct proto_msg ask(int fd, struct proto_msg m)
{
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	return m;
}

static void expect_error(int fd, int err, uint32_t request)
{
	struct proto_msg m;

	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_ERROR);
	assert_int_equal(m.error.err, err);
	assert_int_equal(m.error.request, request);
	assert_true(dh_closed(fd));
	close(fd);
}

/* This process attached, with one swap page written: a known state. */
static int attach_and_write(struct dh *d)
{
	struct proto_msg m = {.type = PROTO_MAP};
	int fd = dh_connect(d);

	dh_hello(fd, getppid());
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	m = ask(fd, (struct proto_msg){.type = PROTO_MAP});
	assert_int_equal(m.map_ok.addr, BASE);
	m = ask(fd, (struct proto_msg){.type = PROTO_FAULT, .fault = {.addr = BASE, .write = 1}});
	assert_int_equal(m.fault_ok.result, 0);
	return fd;
}

/* STATS names a pid: that process's record; 0: the whole pager; another
 * pid: ESRCH. */
static void test_control_stats_by_pid(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = {.type = PROTO_STATS};
	int session, fd;

	dh_start(d, NULL);
	session = attach_and_write(d);
	fd = dh_connect(d);
	m.stats.pid = getpid();
	m = ask(fd, m);
	assert_int_equal(m.type, PROTO_STATS_OK);
	assert_int_equal(m.stats_ok.pid, getpid());
	assert_int_equal(m.stats_ok.stats.faults_zero_fill, 1);
	assert_int_equal(m.stats_ok.stats.pages_mapped, 1);
	assert_int_equal(m.stats_ok.stats.blocks_reserved, 1);
	assert_int_equal(m.stats_ok.stats.frames_resident, 1);
	assert_int_equal(m.stats_ok.stats.frames_free, 0); /* global only */
	/* the same connection takes the next request */
	m = ask(fd, (struct proto_msg){.type = PROTO_STATS});
	assert_int_equal(m.stats_ok.pid, 0);
	assert_int_equal(m.stats_ok.stats.frames_free, 2);
	assert_int_equal(m.stats_ok.stats.frames_resident, 1);
	m = (struct proto_msg){.type = PROTO_STATS, .stats = {.pid = getppid()}};
	dh_send(fd, &m);
	expect_error(fd, ESRCH, PROTO_STATS);
	close(session);
	dh_assert_no_leak(d, 4);
}

/* FRAMES_OK announces the length; CHUNKs carry it in order. */
static void test_control_frames_chunks(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = {.type = PROTO_FRAMES, .frames = {.format = PROTO_FORMAT_JSON}};
	int fd, session;
	char *text;

	dh_start(d, NULL);
	session = attach_and_write(d);
	fd = dh_connect(d);
	m = ask(fd, m);
	assert_int_equal(m.type, PROTO_FRAMES_OK);
	assert_true(m.frames_ok.len > PROTO_CHUNK_DATA); /* several chunks */
	assert_int_equal(proto_recv_chunked(fd, m.frames_ok.len, &text), 0);
	assert_int_equal(strlen(text), m.frames_ok.len);
	assert_non_null(strstr(text, "{\"frame\":1,\"state\":\"swap\",\"referenced\":true,"
	                             "\"dirty\":true,\"block\":0,\"owners\":[{\"pid\":"));
	assert_string_equal(text + m.frames_ok.len - 2, "}\n");
	free(text);
	m = ask(fd, (struct proto_msg){.type = PROTO_STATUS}); /* and the next request */
	assert_int_equal(m.type, PROTO_STATUS_OK);
	close(fd);
	close(session);
	dh_assert_no_leak(d, 4);
}

/* Two requests at once on one control connection: the second is refused. */
static void test_control_one_request_at_a_time(void **state)
{
	struct dh *d = *state;
	struct proto_msg frames = {.type = PROTO_FRAMES}, status = {.type = PROTO_STATUS};
	uint8_t buf[2 * PROTO_MAX_SIZE];
	int n, fd;

	dh_start(d, NULL);
	n = proto_encode(&frames, buf, sizeof(buf));
	n += proto_encode(&status, buf + n, sizeof(buf) - (size_t)n);
	fd = dh_connect(d);
	dh_send_raw(fd, buf, (size_t)n); /* one write: the daemon reads both at once */
	expect_error(fd, EPROTO, PROTO_STATUS);
	dh_wait_idle(d, 0);
}

/* Control requests belong to control connections. */
static void test_control_refused_when_attached(void **state)
{
	struct dh *d = *state;
	int fd;

	dh_start(d, NULL);
	fd = attach_and_write(d);
	dh_send(fd, &(struct proto_msg){.type = PROTO_FRAMES});
	expect_error(fd, EPROTO, PROTO_FRAMES);
	dh_assert_no_leak(d, 4);
}

/* A reader that asks for a long frame table and goes away: the daemon
 * drops the answer, serves the next client and exits cleanly. */
static void test_control_reader_gone(void **state)
{
	static const char *const start[] = {"-m", "20000", "--page-size", "4096", "--arena-pages",
	                                    "16", NULL};
	struct dh *d = *state;
	struct proto_msg m = {.type = PROTO_FRAMES, .frames = {.format = PROTO_FORMAT_JSON}};
	int fd;

	dh_start(d, start);
	for (int i = 0; i < 3; i++) {
		fd = dh_connect(d);
		dh_send(fd, &m);
		if (i) /* once with the head read, then without reading anything */
			assert_int_equal(dh_recv(fd, &m), 0);
		close(fd);
		m = (struct proto_msg){.type = PROTO_FRAMES};
	}
	dh_wait_idle(d, 0);
	fd = dh_connect(d);
	m = ask(fd, (struct proto_msg){.type = PROTO_STATS});
	assert_int_equal(m.stats_ok.stats.frames_free, 19999);
	close(fd);
	assert_int_equal(dh_stop(d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_control_stats_by_pid, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_control_frames_chunks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_control_one_request_at_a_time, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_control_refused_when_attached, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_control_reader_gone, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
