/* SPDX-License-Identifier: MIT */
/*
 * The storm (docs/security.md section 8): for at least two seconds, and
 * until at least STORM_MIN clients were killed and STORM_MIN raw clients
 * ran (a loaded machine or valgrind makes each round slow), client programs
 * that map, write and yield are killed (SIGKILL) at random moments, and
 * raw-protocol clients give up at random points of the protocol, while the
 * bystander's data lives partly in swap. A storm that cannot reach its
 * counts within STORM_CAP_MS fails: the daemon stopped serving. Afterwards the bystander's data is
 * intact and, once every session has ended, nothing is held. Seeded:
 * $PGD_STORM_SEED, else a fixed seed; the seed is printed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

#define STORM_MS 2000
#define STORM_MIN 12
#define STORM_CAP_MS 120000
#define NR_CLIENTS 6
#define MAX_RAW 4096

/* A raw client that stops at protocol point `point` and exits (its end
 * of file is what the daemon sees there). Runs in a child. */
static void raw_client(const struct atk *a, int point)
{
	struct proto_msg m = { .type = PROTO_HELLO };
	uint8_t buf[64];
	int fd = dh_connect(&a->d);

	if (fd < 0 || point == 0)
		_exit(0); /* connected, nothing sent */
	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_NEW;
	m.hello.pid = getpid();
	m.hello.parent = getppid();
	if (point == 1) { /* half a HELLO */
		ssize_t n = proto_encode(&m, buf, sizeof(buf)) > 0 ? write(fd, buf, 7) : 0;

		_exit(n < 0); /* a failed write: the daemon is gone */
	}
	if (proto_send(fd, &m, NULL, 0, 0) || point == 2) /* HELLO, no wait */
		_exit(0);
	if (dh_recv(fd, &m) || m.type != PROTO_HELLO_OK || point == 3) /* waiting for the CPU */
		_exit(0);
	if (dh_recv(fd, &m) || m.type != PROTO_RUN)
		_exit(0);
	m = (struct proto_msg){ .type = point == 4 ? PROTO_MAP : PROTO_FAULT };
	if (point == 5) {
		m.fault.addr = 0x600000000ull; /* not mapped: refused */
		m.fault.write = 1;
	}
	proto_send(fd, &m, NULL, 0, 0); /* and gone before the answer */
	_exit(0);
}

static void test_attack_storm(void **state)
{
	struct atk *a = *state;
	const char *env = getenv("PGD_STORM_SEED");
	unsigned int seed = env ? (unsigned int)strtoul(env, NULL, 0) : 20261204u;
	pid_t clients[NR_CLIENTS] = { 0 }, *raw = calloc(MAX_RAW, sizeof(pid_t));
	int64_t deadline[NR_CLIENTS] = { 0 }, start, now; /* deadline: read once clients[i] is set */
	char arg[16];
	int nr_raw = 0, nr_killed = 0;

	assert_non_null(raw);
	printf("storm seed %u (PGD_STORM_SEED)\n", seed);
	fflush(stdout); /* not again from the children */
	atk_start(a, NULL);
	atk_release(a); /* it runs among the storm, and checks its data */
	start = atk_now_ms();
	while ((now = atk_now_ms()) - start < STORM_CAP_MS &&
	       (now - start < STORM_MS || nr_killed < STORM_MIN || nr_raw < STORM_MIN)) {
		for (int i = 0; i < NR_CLIENTS; i++) {
			if (clients[i] && atk_now_ms() >= deadline[i]) {
				kill(clients[i], SIGKILL);
				waitpid(clients[i], NULL, 0);
				clients[i] = 0;
				nr_killed++;
			}
			if (!clients[i]) {
				const char *argv[] = { ATK_STORM_CLIENT, arg, NULL };

				snprintf(arg, sizeof(arg), "%u", (unsigned int)rand_r(&seed));
				clients[i] = atk_spawn(&a->d, argv);
				deadline[i] = atk_now_ms() + rand_r(&seed) % 60;
			}
		}
		if (rand_r(&seed) % 3 == 0 && nr_raw < MAX_RAW) {
			int point = rand_r(&seed) % 6;

			raw[nr_raw] = fork();
			assert_true(raw[nr_raw] >= 0);
			if (!raw[nr_raw])
				raw_client(a, point);
			nr_raw++;
		}
		nanosleep(&(struct timespec){ 0, 2000000 }, NULL);
	}
	for (int i = 0; i < NR_CLIENTS; i++) {
		kill(clients[i], SIGKILL);
		waitpid(clients[i], NULL, 0);
	}
	for (int i = 0; i < nr_raw; i++)
		assert_int_equal(atk_wait(raw[i], 5000), 0);
	free(raw);
	printf("storm: %d clients killed, %d raw clients\n", nr_killed, nr_raw);
	/* a storm happened, even under valgrind, within the cap */
	assert_true(nr_killed >= STORM_MIN && nr_raw >= STORM_MIN);
	atk_finish(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attack_storm, atk_setup, atk_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
