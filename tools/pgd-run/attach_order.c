/* SPDX-License-Identifier: MIT */
/*
 * Ordered attach of forked client processes (attach_order.h). The launcher
 * polls STATUS once a millisecond until the run queue holds one more
 * process than before, and gives up if the process dies first or after ten
 * seconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attach_order.h"
#include "pagerd/client.h"
#include "proto.h"

/* How long a process may take to attach (at least, in 1 ms polls): generous,
 * since tests run many daemons at once on a loaded machine. */
#define FORKATTACH_TIMEOUT_MS 30000

/* The length of the daemon's run queue (the running process included). */
static int attach_order_queued(int sock, unsigned int *out)
{
	struct proto_msg m = {.type = PROTO_STATUS};
	unsigned int nfds;
	int err = proto_send(sock, &m, NULL, 0, 0);

	if (!err)
		err = proto_recv(sock, &m, NULL, 0, &nfds);
	if (!err && m.type != PROTO_STATUS_OK)
		err = -EPROTO;
	if (!err)
		*out = m.status_ok.nr_queued;
	return err;
}

int attach_order_begin(struct attach_order *fa, const char *prog)
{
	char path[sizeof(((struct sockaddr_un *)NULL)->sun_path)];
	int go[2], err;

	*fa = (struct attach_order){.sock = -1, .go_fd = -1, .go_wr = -1};
	err = proto_socket_path(path, sizeof(path));
	if (!err)
		err = proto_connect(path);
	if (err < 0) {
		fprintf(stderr, "%s: cannot reach pagerd: %s\n", prog, strerror(-err));
		return err;
	}
	fa->sock = err;
	err = attach_order_queued(fa->sock, &fa->base);
	if (err) {
		fprintf(stderr, "%s: STATUS: %s\n", prog, strerror(-err));
		goto out_sock;
	}
	if (pipe2(go, O_CLOEXEC)) {
		err = -errno;
		fprintf(stderr, "%s: pipe: %s\n", prog, strerror(-err));
		goto out_sock;
	}
	fa->go_fd = go[0];
	fa->go_wr = go[1];
	return 0;

out_sock:
	close(fa->sock);
	fa->sock = -1;
	return err;
}

pid_t attach_order_fork(struct attach_order *fa)
{
	pid_t pid = pgd_fork_unmanaged(); /* the launcher is no program */

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		close(fa->sock);
		close(fa->go_wr);
		return 0;
	}
	fa->nr++;
	return pid;
}

int attach_order_wait(struct attach_order *fa, pid_t pid)
{
	struct timespec ms = {.tv_nsec = 1000000};

	for (int waited = 0; waited < FORKATTACH_TIMEOUT_MS; waited++) {
		unsigned int queued;
		int err = attach_order_queued(fa->sock, &queued);

		if (err)
			return err;
		if (queued >= fa->base + fa->nr)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -ECHILD;
		nanosleep(&ms, NULL);
	}
	return -ETIMEDOUT;
}

void attach_order_go(struct attach_order *fa)
{
	close(fa->go_fd);
	close(fa->go_wr);
	close(fa->sock);
	*fa = (struct attach_order){.sock = -1, .go_fd = -1, .go_wr = -1};
}
