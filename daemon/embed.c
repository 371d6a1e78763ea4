/* SPDX-License-Identifier: MIT */
/*
 * The program of `pagerd -- PROGRAM`: its private socket directory, its
 * start with uv_spawn (PAGERD_SOCKET is already in the environment it
 * inherits) and its exit status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embed.h"

static struct embed {
	char dir[PATH_MAX];	 /* the private directory; "" if none */
	uv_process_t process;	 /* loop thread */
	bool running;
	void (*on_exit)(int status);
} embed;

int embed_mkdir(char *sock, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int n, err;

	tmp = tmp && *tmp ? tmp : "/tmp";
	n = snprintf(embed.dir, sizeof(embed.dir), "%s/pagerd.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(embed.dir) || !mkdtemp(embed.dir)) {
		err = n < 0 || (size_t)n >= sizeof(embed.dir) ? -ENAMETOOLONG : -errno;
		fprintf(stderr, "pagerd: cannot make a private socket directory in %s: %s\n", tmp,
			strerror(-err));
		embed.dir[0] = '\0';
		return err;
	}
	n = snprintf(sock, len, "%s/sock", embed.dir);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "pagerd: the socket path %s/sock is too long\n", embed.dir);
		embed_rmdir();
		return -ENAMETOOLONG;
	}
	return 0;
}

void embed_rmdir(void)
{
	if (embed.dir[0])
		rmdir(embed.dir);
	embed.dir[0] = '\0';
}

static void embed_exited(uv_process_t *p, int64_t status, int signum)
{
	embed.running = false;
	uv_close((uv_handle_t *)p, NULL);
	embed.on_exit(signum ? 128 + signum : (int)status);
}

int embed_spawn(uv_loop_t *loop, char **argv, void (*on_exit)(int status))
{
	uv_stdio_container_t stdio[3];
	uv_process_options_t opts = { 0 };
	int err;

	for (int i = 0; i < 3; i++) {
		stdio[i].flags = UV_INHERIT_FD;
		stdio[i].data.fd = i;
	}
	opts.file = argv[0];
	opts.args = argv;
	opts.exit_cb = embed_exited;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	embed.on_exit = on_exit;
	err = uv_spawn(loop, &embed.process, &opts);
	if (err) {
		uv_close((uv_handle_t *)&embed.process, NULL);
		return err;
	}
	embed.running = true;
	return 0;
}

bool embed_kill(int signum)
{
	if (!embed.running)
		return false;
	uv_process_kill(&embed.process, signum);
	return true;
}
