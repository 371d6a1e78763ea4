/* SPDX-License-Identifier: MIT */
/*
 * Socket-level tests of pagerd: a real daemon, spoken to in the raw protocol
 * by this process (and by children it forks when a test needs several
 * simulated processes). Each bad input ends only its own session, with a
 * logged reason and vm_destroy, and leaves no page, block or frame behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"
#include "logpids.h"

#define BASE 0x600000000ull

static int setup(void **state)
{
	struct dh *d = calloc(1, sizeof(*d));

	dh_start(d, NULL);
	*state = d;
	return 0;
}

static int teardown(void **state)
{
	struct dh *d = *state;

	dh_cleanup(d);
	free(d);
	return 0;
}

/* HELLO and wait for the CPU. */
static int attach(struct dh *d)
{
	struct proto_msg m;
	int fd = dh_connect(d);

	assert_true(fd >= 0);
	dh_hello(fd, getppid());
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	return fd;
}

static struct proto_msg request(int fd, struct proto_msg m)
{
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	return m;
}

static struct proto_msg msg_map(uint64_t filename, uint32_t block)
{
	struct proto_msg m = { .type = PROTO_MAP };

	m.map.filename = filename;
	m.map.block = block;
	return m;
}

static struct proto_msg msg_fault(uint64_t addr, bool write)
{
	struct proto_msg m = { .type = PROTO_FAULT };

	m.fault.addr = addr;
	m.fault.write = write;
	return m;
}

/* The log, normalized, must equal expected. */
static void assert_log(const struct dh *d, const char *expected)
{
	char *log = dh_log(d), *norm = logpids_normalize(log);

	if (strcmp(norm, expected))
		fail_msg("log differs.\n--- expected\n%s--- actual\n%s", expected, norm);
	free(norm);
	free(log);
}

static void assert_log_has(const struct dh *d, const char *needle)
{
	char *log = dh_log(d);

	if (!strstr(log, needle))
		fail_msg("log lacks \"%s\":\n%s", needle, log);
	free(log);
}

/* A whole session: attach, map, fault, exit, with the exact log. */
static void test_daemon_session_log(void **state)
{
	struct dh *d = *state;
	struct proto_msg m;
	int fd = attach(d);

	m = request(fd, msg_map(0, 0));
	assert_int_equal(m.type, PROTO_MAP_OK);
	assert_int_equal(m.map_ok.addr, BASE);
	m = request(fd, msg_fault(BASE + 5, true));
	assert_int_equal(m.type, PROTO_FAULT_OK);
	assert_int_equal(m.fault_ok.result, 0);
	close(fd);
	dh_assert_no_leak(d, 4);
	assert_int_equal(dh_stop(d), 0);
	assert_log(d, "Pager started with 4 physical memory pages\n"
		      "vm_create\t(1000, 1001)\n"
		      "vm_create returned 0\n"
		      "vm_switch\t(1001)\n"
		      "\t\t\t\t\treturning to (1001) with r|w pages:\n"
		      "vm_map\t\t(0x0, 0)\n"
		      "vm_map returned 0x600000000\n"
		      "\t\t\t\t\treturning to (1001) with r|w pages:\n"
		      "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
		      "vm_fault\t(0x600000005, write)\n"
		      "vm_fault returned 0\n"
		      "\t\t\t\t\treturning to (1001) with r|w pages:\n"
		      "\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n"
		      "vm_destroy\n");
}

/* Bytes of a message, then end of file. */
static void test_daemon_truncated_message(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = msg_fault(BASE, true);
	uint8_t buf[PROTO_MAX_SIZE];
	int fd = attach(d);

	request(fd, msg_map(0, 0));
	assert_int_equal(proto_encode(&m, buf, sizeof(buf)), 24);
	dh_send_raw(fd, buf, 13);
	close(fd);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "truncated message (13 bytes, then end of file); session ended\n"
			  "vm_destroy\n");
}

static void expect_error(int fd, int err)
{
	struct proto_msg m;

	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_ERROR);
	assert_int_equal(m.error.err, err);
	assert_true(dh_closed(fd));
	close(fd);
}

static void test_daemon_oversized_message(void **state)
{
	struct dh *d = *state;
	uint8_t big[8] = { 0, 0x10, 0, 0, PROTO_MAP, 0, 0, 0 };
	int fd = attach(d);

	dh_send_raw(fd, big, sizeof(big));
	expect_error(fd, EMSGSIZE);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "message size out of range; session ended\nvm_destroy\n");
}

static void test_daemon_unknown_message(void **state)
{
	struct dh *d = *state;
	uint8_t unknown[8] = { 8, 0, 0, 0, 0x42, 0, 0, 0 };
	int fd = attach(d);

	dh_send_raw(fd, unknown, sizeof(unknown));
	expect_error(fd, ENOMSG);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "unknown message type; session ended\nvm_destroy\n");
}

/* Requests out of turn: before HELLO, a second HELLO, a daemon-only type. */
static void test_daemon_wrong_state(void **state)
{
	struct dh *d = *state;
	struct proto_msg run = { .type = PROTO_RUN };
	int fd = dh_connect(d);

	dh_send(fd, &(struct proto_msg){ .type = PROTO_YIELD });
	expect_error(fd, EPROTO);

	fd = attach(d);
	dh_send(fd, &run);
	expect_error(fd, EPROTO);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "RUN is not a request; session ended\nvm_destroy\n");

	fd = attach(d);
	/* a second HELLO on an attached connection */
	{
		struct proto_msg h = { .type = PROTO_HELLO };

		h.hello.version = PROTO_VERSION;
		h.hello.pid = getpid();
		h.hello.parent = 1;
		dh_send(fd, &h);
	}
	expect_error(fd, EPROTO);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "HELLO on an attached connection; session ended\n");
}

/* A FAULT the client library would never send: outside the arena. */
static void test_daemon_fault_outside_arena(void **state)
{
	struct dh *d = *state;
	int fd = attach(d);

	dh_send(fd, &(struct proto_msg){ .type = PROTO_FAULT, .fault = { .addr = 0x1000 } });
	expect_error(fd, EFAULT);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "FAULT at 0x1000, outside the arena; session ended\nvm_destroy\n");
}

/* In the arena but past its valid part: the pager refuses, the process is
 * killed (rule 11): the answer is -1 and the session ends at once. */
static void test_daemon_fault_refused(void **state)
{
	struct dh *d = *state;
	struct proto_msg m;
	int fd = attach(d);

	m = request(fd, msg_fault(BASE + 0x10000, false));
	assert_int_equal(m.type, PROTO_FAULT_OK);
	assert_int_equal(m.fault_ok.result, -1);
	assert_true(dh_closed(fd));
	close(fd);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "vm_fault returned -1\n\t\t\t\t\treturning to (");
	assert_log_has(d, "with r|w pages:\nvm_destroy\n");
}

static void test_daemon_hello_checked(void **state)
{
	struct dh *d = *state;
	struct proto_msg h = { .type = PROTO_HELLO };
	int fd = dh_connect(d);

	h.hello.version = PROTO_VERSION;
	h.hello.pid = getpid() + 1; /* not the peer */
	h.hello.parent = 1;
	dh_send(fd, &h);
	expect_error(fd, EPERM);

	fd = dh_connect(d);
	h.hello.pid = getpid();
	h.hello.version = PROTO_VERSION + 1;
	dh_send(fd, &h);
	expect_error(fd, EPROTONOSUPPORT);

	fd = dh_connect(d);
	h.hello.version = PROTO_VERSION;
	h.hello.kind = PROTO_ATTACH_FORKED; /* no FORK announced it */
	h.hello.token = 1;
	dh_send(fd, &h);
	expect_error(fd, EPERM);
	dh_assert_no_leak(d, 4);
}

/* A child process that attaches, then holds the CPU until told to exit. */
static pid_t holder(struct dh *d, int *release)
{
	int ready[2], go[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = attach(d);

		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(2);
		close(fd);
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	*release = go[1];
	return pid;
}

/* Killed while blocked waiting for the CPU: it is made current, destroyed,
 * and the running process gets the CPU back. */
static void test_daemon_dies_waiting_for_cpu(void **state)
{
	struct dh *d = *state;
	struct proto_msg m;
	int release, status, fd;
	pid_t other = holder(d, &release);
	char want[256];

	fd = dh_connect(d);
	dh_hello(fd, getppid()); /* no RUN: the other one holds the CPU */
	dh_wait_idle(d, 2);
	close(fd);
	dh_wait_idle(d, 1);
	assert_int_equal(write(release, "x", 1), 1);
	close(release);
	assert_int_equal(waitpid(other, &status, 0), other);
	assert_int_equal(WEXITSTATUS(status), 0);
	dh_assert_no_leak(d, 4);
	snprintf(want, sizeof(want),
		 "# pid %ld: connection closed while waiting for the CPU; session ended\n"
		 "vm_switch\t(%ld)\n",
		 (long)getpid(), (long)getpid());
	assert_log_has(d, want);
	snprintf(want, sizeof(want), "vm_destroy\nvm_switch\t(%ld)\n", (long)other);
	assert_log_has(d, want);
	(void)m;
}

/* A FAULT, then the connection closes at once: whatever the order in which
 * the daemon sees them, the session ends and nothing leaks. */
static void test_daemon_dies_mid_fault(void **state)
{
	struct dh *d = *state;
	int fd = attach(d);

	request(fd, msg_map(0, 0));
	dh_send(fd, &(struct proto_msg){ .type = PROTO_FAULT, .fault = { .addr = BASE, .write = true } });
	close(fd);
	dh_assert_no_leak(d, 4);
	assert_log_has(d, "vm_fault\t(0x600000000, write)\n");
	assert_log_has(d, "vm_destroy\n");
}

/* A FORK succeeds, then the child dies before it attaches. */
static void test_daemon_dies_mid_fork(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = { .type = PROTO_FORK };
	int fd = attach(d), status;
	pid_t child;
	char want[160];

	request(fd, msg_map(0, 0));
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		pause();
		_exit(0);
	}
	m.fork.child = child;
	m = request(fd, m);
	assert_int_equal(m.type, PROTO_FORK_OK);
	assert_int_equal(m.fork_ok.result, 0);
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	dh_wait_idle(d, 1);
	snprintf(want, sizeof(want),
		 "# pid %ld: exited before it attached (between the two halves of fork); "
		 "session ended\nvm_switch\t(%ld)\n",
		 (long)child, (long)child);
	assert_log_has(d, want);
	/* The parent goes on. */
	m = request(fd, msg_map(0, 0));
	assert_int_equal(m.map_ok.addr, BASE + 0x10000);
	close(fd);
	dh_assert_no_leak(d, 4);
}

/* A FORK naming a process that is not a new child of the sender. */
static void test_daemon_fork_of_stranger(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = { .type = PROTO_FORK };
	int fd = attach(d);

	m.fork.child = getppid();
	dh_send(fd, &m);
	expect_error(fd, EINVAL);
	dh_assert_no_leak(d, 4);
}

static void test_daemon_second_daemon_refused(void **state)
{
	struct dh *d = *state;
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s --socket %s --log /dev/null 2>%s/err", PAGERD_BIN, d->sock,
		 d->dir);
	assert_int_equal(WEXITSTATUS(system(cmd)), 1);
	snprintf(cmd, sizeof(cmd), "grep -q 'another pagerd is already serving' %s/err", d->dir);
	assert_int_equal(system(cmd), 0);
	/* The first one still serves. */
	close(attach(d));
	dh_wait_idle(d, 0);
}

static void test_daemon_socket_private(void **state)
{
	struct dh *d = *state;
	struct stat st;

	assert_int_equal(stat(d->sock, &st), 0);
	assert_true(S_ISSOCK(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* Random bytes after HELLO: every session ends, the daemon goes on. */
static void test_daemon_random_bytes(void **state)
{
	struct dh *d = *state;
	unsigned int seed = 12345;
	uint8_t buf[64];

	for (int round = 0; round < 100; round++) {
		int fd = attach(d);
		size_t len = 1 + (size_t)(rand_r(&seed) % sizeof(buf));

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rand_r(&seed);
		if (round % 2) { /* a plausible header, random body */
			buf[0] = (uint8_t)(8 + rand_r(&seed) % 33);
			buf[1] = buf[2] = buf[3] = 0;
			buf[4] = (uint8_t)(1 + rand_r(&seed) % 7);
			buf[5] = buf[6] = buf[7] = 0;
		}
		send(fd, buf, len, MSG_NOSIGNAL);
		close(fd);
		dh_wait_idle(d, 0);
	}
	dh_assert_no_leak(d, 4);
	close(attach(d));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_daemon_session_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_truncated_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_oversized_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_unknown_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_wrong_state, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_fault_outside_arena, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_fault_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_hello_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_dies_waiting_for_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_dies_mid_fault, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_dies_mid_fork, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_fork_of_stranger, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_second_daemon_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_socket_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_random_bytes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
