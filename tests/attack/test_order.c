/* SPDX-License-Identifier: MIT */
/*
 * What a connection gets last (docs/security.md section 7): after an ERROR
 * that ends a session nothing else is sent, even with requests pipelined
 * behind one the pager thread answers; and at shutdown every connection,
 * session or control, gets ERROR(ESHUTDOWN) before its end of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

/* Every message until end of file: their types in order, and *err of the
 * last ERROR. */
static unsigned int recv_all(int fd, uint32_t *types, unsigned int max, int *err)
{
	struct proto_msg m;
	unsigned int n = 0;

	while (!dh_recv(fd, &m)) {
		assert_true(n < max);
		types[n++] = m.type;
		if (m.type == PROTO_ERROR)
			*err = m.error.err;
	}
	return n;
}

/* Attach as a raw session and wait for the CPU (the bystander yields). */
static int attach_running(struct atk *a)
{
	struct proto_msg m;
	int fd = dh_connect(&a->d);

	assert_true(fd >= 0);
	dh_hello(fd, getppid());
	atk_release(a);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	return fd;
}

/* MAP then a second MAP before the first is answered: the second is
 * refused (EPROTO) and ends the session; the first's MAP_OK, which the
 * pager thread sends, may come before the ERROR but never after it. The
 * pager thread is kept busy meanwhile (frame tables of 20000 frames), so
 * that the loop refuses the second MAP before the first is done. */
#define NR_BUSY 4
static void test_attack_nothing_after_error(void **state)
{
	const char *const args[] = { "-m", "20000", NULL };
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_FRAMES };
	uint8_t buf[64];
	uint32_t types[8];
	int n1, n2, err = 0, fd, ctl[NR_BUSY];
	unsigned int n;

	atk_start(a, args);
	fd = attach_running(a);
	for (int i = 0; i < NR_BUSY; i++) {
		ctl[i] = dh_connect(&a->d);
		assert_true(ctl[i] >= 0);
		dh_send(ctl[i], &m);
	}
	nanosleep(&(struct timespec){ 0, 20000000 }, NULL); /* they are queued */
	m.type = PROTO_MAP;
	n1 = proto_encode(&m, buf, sizeof(buf));
	assert_true(n1 > 0);
	n2 = proto_encode(&m, buf + n1, sizeof(buf) - (size_t)n1);
	assert_true(n2 > 0);
	dh_send_raw(fd, buf, (size_t)(n1 + n2)); /* one write: both read at once */
	n = recv_all(fd, types, 8, &err);
	close(fd);
	for (int i = 0; i < NR_BUSY; i++)
		close(ctl[i]);
	assert_true(n >= 1);
	assert_int_equal(types[n - 1], PROTO_ERROR);
	assert_int_equal(err, EPROTO);
	for (unsigned int i = 0; i + 1 < n; i++)
		assert_int_equal(types[i], PROTO_MAP_OK);
	atk_finish(a);
}

/* SIGTERM: a session waiting for the CPU and an idle control connection
 * are told ERROR(ESHUTDOWN), then closed; the daemon exits 0. */
static void test_attack_shutdown_error(void **state)
{
	struct atk *a = *state;
	struct proto_msg m = { .type = PROTO_STATUS };
	int session, ctl, err;
	uint32_t types[8];

	atk_start(a, NULL);
	session = dh_connect(&a->d);
	assert_true(session >= 0);
	dh_hello(session, getppid());
	ctl = dh_connect(&a->d);
	assert_true(ctl >= 0);
	dh_send(ctl, &m);
	assert_int_equal(dh_recv(ctl, &m), 0);
	assert_int_equal(m.type, PROTO_STATUS_OK);
	assert_int_equal(dh_stop(&a->d), 0);
	for (int i = 0; i < 2; i++) {
		int fd = i ? ctl : session;

		err = 0;
		assert_int_equal(recv_all(fd, types, 8, &err), 1);
		assert_int_equal(types[0], PROTO_ERROR);
		assert_int_equal(err, ESHUTDOWN);
		close(fd);
	}
	/* the bystander, waiting to run, was told the same and says so */
	atk_release(a);
	err = atk_wait(a->bystander, 5000);
	a->bystander = 0;
	assert_true(WIFEXITED(err) && WEXITSTATUS(err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
		T(test_attack_nothing_after_error),
		T(test_attack_shutdown_error),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
