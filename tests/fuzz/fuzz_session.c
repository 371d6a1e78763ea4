/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for a whole session: a real pagerd (path in
 * $PAGERD_FUZZ_BIN, started once with --check) gets a valid HELLO from this
 * process, then the fuzz input as raw bytes, then end of file. After each
 * input the daemon must still answer, hold no session, and hold no page,
 * block or frame (STATS); otherwise the target aborts. The daemon is not
 * instrumented for coverage, so the target decodes the input itself, as the
 * daemon will: libFuzzer then tells inputs apart by the messages they hold.
 * Grow the corpus (tests/fuzz/corpus/fuzz_session) with scripts/fuzz.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proto.h"

static char fuzz_dir[] = "/tmp/pgd-fuzz.XXXXXX";
static char fuzz_sock[108];
static pid_t fuzz_daemon;

static void fuzz_stop(void)
{
	if (fuzz_daemon && !kill(fuzz_daemon, SIGTERM))
		waitpid(fuzz_daemon, NULL, 0);
	rmdir(fuzz_dir);
}

static int fuzz_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	memcpy(sa.sun_path, fuzz_sock, sizeof(fuzz_sock));
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One control request and its answer; aborts if the daemon is gone. */
static void fuzz_ask(enum proto_type type, struct proto_msg *ans)
{
	struct proto_msg m = { .type = type };
	unsigned int nfds;
	int fd = fuzz_connect();

	if (fd < 0 || proto_send(fd, &m, NULL, 0, 0) || proto_recv(fd, ans, NULL, 0, &nfds)) {
		fprintf(stderr, "fuzz_session: pagerd stopped answering\n");
		abort();
	}
	close(fd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *bin = getenv("PAGERD_FUZZ_BIN");

	(void)argc;
	(void)argv;
	if (!bin || !mkdtemp(fuzz_dir)) {
		fprintf(stderr, "fuzz_session: set PAGERD_FUZZ_BIN to the pagerd executable\n");
		exit(2);
	}
	snprintf(fuzz_sock, sizeof(fuzz_sock), "%s/sock", fuzz_dir);
	fuzz_daemon = fork();
	if (!fuzz_daemon) {
		prctl(PR_SET_PDEATHSIG, SIGTERM); /* also when this process aborts */
		execl(bin, bin, "--socket", fuzz_sock, "--log", "/dev/null", "--check", (char *)NULL);
		_exit(127);
	}
	atexit(fuzz_stop);
	for (int i = 0; i < 500; i++) {
		int fd = fuzz_connect();

		if (fd >= 0) {
			close(fd);
			return 0;
		}
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	}
	exit(2);
}

/* Decode data message by message, as the daemon's connection does. */
static void fuzz_decode_all(const uint8_t *data, size_t size)
{
	struct proto_msg m;
	int n;

	while ((n = proto_decode(data, size, &m)) > 0) {
		data += n;
		size -= (size_t)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_msg m = { .type = PROTO_HELLO };
	int fd = fuzz_connect();

	if (fd < 0)
		abort();
	fuzz_decode_all(data, size);
	m.hello.version = PROTO_VERSION;
	m.hello.pid = getpid();
	m.hello.parent = getppid();
	proto_send(fd, &m, NULL, 0, 0);
	if (size)
		send(fd, data, size, MSG_NOSIGNAL);
	close(fd);
	for (;;) {
		fuzz_ask(PROTO_STATUS, &m);
		if (!m.status_ok.nr_sessions && !m.status_ok.nr_jobs)
			break;
		nanosleep(&(struct timespec){ .tv_nsec = 100000 }, NULL);
	}
	fuzz_ask(PROTO_STATS, &m);
	if (m.stats_ok.stats.pages_mapped || m.stats_ok.stats.blocks_reserved) {
		fprintf(stderr, "fuzz_session: a session leaked pages or swap blocks\n");
		abort();
	}
	return 0;
}
