/* SPDX-License-Identifier: MIT */
/*
 * Attacks on fork inheritance (docs/security.md section 3): vm_create
 * copies a managed parent's arena, swap pages included, so a HELLO that
 * names a parent must prove it. The test, a raw-protocol client, names the
 * bystander as its parent, as a new program and as a forked child; and a
 * child that was really forked presents a wrong token, then its own twice.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

/* Connect and send HELLO as this process; the answer in *ans, and how many
 * descriptors came with it (closed). The connection, or -1. Asserts
 * nothing: a forked child uses it too. */
static int hello(const struct dh *d, uint32_t kind, pid_t parent, uint64_t token,
                 struct proto_msg *ans, unsigned int *nfds)
{
	struct proto_msg m = {.type = PROTO_HELLO};
	int fds[PROTO_MAX_FDS], fd = dh_connect(d);

	*nfds = 0;
	if (fd < 0)
		return -1;
	m.hello.version = PROTO_VERSION;
	m.hello.kind = kind;
	m.hello.pid = getpid();
	m.hello.parent = parent;
	m.hello.token = token;
	if (proto_send(fd, &m, NULL, 0, 0) || proto_recv(fd, ans, fds, PROTO_MAX_FDS, nfds)) {
		close(fd);
		return -1;
	}
	for (unsigned int i = 0; i < *nfds; i++)
		close(fds[i]);
	return fd;
}

/* Whether ans is ERROR(EPERM) for HELLO, with no descriptor. */
static bool refused(const struct proto_msg *ans, unsigned int nfds)
{
	return !nfds && ans->type == PROTO_ERROR && ans->error.err == EPERM &&
	       ans->error.request == PROTO_HELLO;
}

static bool log_has(const struct dh *d, const char *text)
{
	char *log = dh_log(d);
	bool has = strstr(log, text) != NULL;

	free(log);
	return has;
}

/* The attack: HELLO naming the bystander as parent gets ERROR(EPERM), the
 * connection is closed, and the daemon manages no process of this pid
 * (STATS: ESRCH); then the bystander's data is intact, nothing is held,
 * and no vm_create named the bystander as a parent. Its pid. */
static pid_t attack_hello(struct atk *a, uint32_t kind, uint64_t token)
{
	struct proto_msg ans, m = {.type = PROTO_STATS};
	unsigned int nfds;
	char line[64];
	pid_t bystander;
	int fd;

	atk_start(a, NULL);
	bystander = a->bystander;
	fd = hello(&a->d, kind, bystander, token, &ans, &nfds);
	assert_true(fd >= 0);
	if (ans.type == PROTO_HELLO_OK)
		fail_msg("HELLO (kind %u) naming the bystander %ld as parent was accepted: this "
		         "process holds a copy of its arena",
		         kind, (long)bystander);
	assert_true(refused(&ans, nfds));
	assert_true(dh_closed(fd));
	close(fd);
	fd = dh_connect(&a->d);
	m.stats.pid = getpid();
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_ERROR);
	assert_int_equal(m.error.err, ESRCH);
	close(fd);
	atk_release(a);
	atk_finish(a);
	snprintf(line, sizeof(line), "vm_create\t(%ld, ", (long)bystander);
	assert_false(log_has(&a->d, line));
	return bystander;
}

/* A new program claims the bystander as its launcher. */
static void test_attack_inherit_new_program(void **state)
{
	struct atk *a = *state;
	pid_t bystander = attack_hello(a, PROTO_ATTACH_NEW, 0);
	char line[160];

	snprintf(line, sizeof(line),
	         "# pid %ld: HELLO names parent %ld, which is not the parent of pid %ld; "
	         "connection closed\n",
	         (long)getpid(), (long)bystander, (long)getpid());
	assert_true(log_has(&a->d, line));
}

/* A forked child of the bystander that no FORK announced, with a guessed
 * token. */
static void test_attack_inherit_forked_child(void **state)
{
	struct atk *a = *state;
	pid_t bystander = attack_hello(a, PROTO_ATTACH_FORKED, 0x0123456789abcdefull);
	char line[160];

	snprintf(line, sizeof(line),
	         "# pid %ld: HELLO of a forked child %ld that no FORK of %ld announced; "
	         "connection closed\n",
	         (long)getpid(), (long)getpid(), (long)bystander);
	assert_true(log_has(&a->d, line));
}

/* The forked child of token_once: a wrong token is refused; its own token
 * attaches it once; a second HELLO with it is refused. Exit 0, or the
 * step that went wrong. */
static int child_hellos(const struct dh *d, int gate)
{
	struct proto_msg ans;
	unsigned int nfds;
	uint64_t token;
	int fd;

	if (read(gate, &token, sizeof(token)) != (ssize_t)sizeof(token))
		return 10;
	fd = hello(d, PROTO_ATTACH_FORKED, getppid(), token ^ 1, &ans, &nfds);
	if (fd < 0 || !refused(&ans, nfds))
		return 11;
	close(fd);
	fd = hello(d, PROTO_ATTACH_FORKED, getppid(), token, &ans, &nfds);
	if (fd < 0 || ans.type != PROTO_HELLO_OK || nfds != 2)
		return 12;
	if (hello(d, PROTO_ATTACH_FORKED, getppid(), token, &ans, &nfds) < 0 ||
	    !refused(&ans, nfds))
		return 13;
	return 0;
}

/* A real fork: the token FORK_OK hands out attaches the child once, and no
 * other token does. */
static void test_attack_inherit_token_once(void **state)
{
	struct atk *a = *state;
	struct proto_msg m = {.type = PROTO_FORK};
	int fd, gate[2], status;
	char line[160];
	pid_t child;

	atk_start(a, NULL);
	fd = dh_connect(&a->d);
	dh_hello(fd, getppid());
	atk_release(a);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	assert_int_equal(pipe(gate), 0);
	child = fork();
	assert_true(child >= 0);
	if (!child)
		_exit(child_hellos(&a->d, gate[0]));
	m = (struct proto_msg){.type = PROTO_FORK, .fork = {.child = child}};
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_FORK_OK);
	assert_int_equal(m.fork_ok.result, 0);
	assert_int_equal(write(gate[1], &m.fork_ok.token, sizeof(m.fork_ok.token)),
	                 sizeof(m.fork_ok.token));
	status = atk_wait(child, 10000);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(gate[0]);
	close(gate[1]);
	close(fd);
	atk_finish(a);
	snprintf(line, sizeof(line),
	         "# pid %ld: HELLO of forked child %ld without the token its FORK handed out; "
	         "connection closed\n",
	         (long)child, (long)child);
	assert_true(log_has(&a->d, line));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_attack_inherit_new_program, atk_setup,
	                                    atk_teardown),
	    cmocka_unit_test_setup_teardown(test_attack_inherit_forked_child, atk_setup,
	                                    atk_teardown),
	    cmocka_unit_test_setup_teardown(test_attack_inherit_token_once, atk_setup,
	                                    atk_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
