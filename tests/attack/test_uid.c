/* SPDX-License-Identifier: MIT */
/*
 * Another user (docs/security.md section 2): the socket's mode 0600 keeps
 * other users out, and the daemon does not rely on it alone: it checks each
 * peer's uid (SO_PEERCRED) and refuses any but its own. Here the socket and
 * its directory are opened to everyone, as a careless administrator might,
 * and a process of another uid tries a control request and a HELLO: it
 * gets no answer but the end of the connection, and the bystander's session
 * goes on. Changing uid needs root, as CI runs; elsewhere the test is
 * skipped with a message saying so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

#define OTHER_UID 65534 /* nobody */

/* In the child, as OTHER_UID: send m on a new connection; 0 if the daemon
 * closed it without a word, 1 if it answered, 2 if the attempt itself
 * failed (no connection). */
static int other_user_try(const char *sock, const struct proto_msg *m)
{
	struct proto_msg answer;
	unsigned int nfds;
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), err, ret;

	/* A plain connect: proto_connect would refuse a daemon of another uid
	 * itself, and this is the daemon's check under test. */
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", sock);
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		if (fd >= 0)
			close(fd);
		return 2;
	}
	/* The daemon may close before the message is sent: EPIPE, no signal. */
	err = proto_send(fd, m, NULL, 0, MSG_NOSIGNAL);
	if (err && err != -EPIPE && err != -ECONNRESET) {
		close(fd);
		return 2;
	}
	ret = proto_recv(fd, &answer, NULL, 0, &nfds) == 0 ? 1 : 0;
	close(fd);
	return ret;
}

static void test_attack_other_uid(void **state)
{
	struct atk *a = *state;
	struct proto_msg status = {.type = PROTO_STATUS};
	struct proto_msg hello = {.type = PROTO_HELLO};
	pid_t pid;
	int wstatus;

	if (geteuid() != 0) {
		print_message("attack_other_uid: needs root to run a process of another uid "
		              "(CI runs as root); skipped\n");
		skip();
	}
	atk_start(a, NULL);
	assert_int_equal(chmod(a->d.dir, 0777), 0);
	assert_int_equal(chmod(a->d.sock, 0777), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int r1, r2;

		if (setgid(OTHER_UID) || setuid(OTHER_UID))
			_exit(3);
		r1 = other_user_try(a->d.sock, &status);
		hello.hello.version = PROTO_VERSION;
		hello.hello.kind = PROTO_ATTACH_NEW;
		hello.hello.pid = getpid();
		hello.hello.parent = getppid();
		r2 = other_user_try(a->d.sock, &hello);
		_exit(r1 ? r1 : r2);
	}
	wstatus = atk_wait(pid, 10000);
	assert_true(WIFEXITED(wstatus));
	switch (WEXITSTATUS(wstatus)) {
	case 0:
		break;
	case 1:
		fail_msg("a process of uid %d got an answer from the daemon", OTHER_UID);
		break;
	case 2:
		fail_msg("a process of uid %d could not connect to the opened socket", OTHER_UID);
		break;
	default:
		fail_msg("could not become uid %d", OTHER_UID);
	}
	atk_release(a);
	atk_finish(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
	    T(test_attack_other_uid),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
