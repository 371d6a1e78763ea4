/* SPDX-License-Identifier: MIT */
/*
 * The listening socket. Before binding, a socket file left at the path is
 * probed: if a pagerd answers there, this one refuses to start; if nobody
 * does, the stale file is removed. The socket is created with umask 0177
 * (mode 0600) so no other user can connect even before a chmod.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"
#include "server.h"

static struct server {
	uv_pipe_t pipe;	 /* loop thread */
	bool listening;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
} server;

/* 0 if nothing usable is at path (stale socket removed), -errno otherwise. */
static int server_probe(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int fd, ret;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -errno;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen, "%s exists and is not a socket", path);
		return -EEXIST;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) ? -errno : 0;
	close(fd);
	if (!ret) {
		snprintf(err, errlen, "another pagerd is already serving %s", path);
		return -EADDRINUSE;
	}
	if (ret != -ECONNREFUSED)
		return ret;
	return unlink(path) ? -errno : 0;
}

static void server_on_connection(uv_stream_t *srv, int status)
{
	if (status < 0) {
		fprintf(stderr, "pagerd: accept: %s\n", uv_strerror(status));
		return;
	}
	conn_accept(srv);
}

int server_listen(uv_loop_t *loop, const char *path, char *err, size_t errlen)
{
	mode_t old;
	int ret;

	if (strlen(path) >= sizeof(server.path)) {
		snprintf(err, errlen, "socket path %s is too long", path);
		return -ENAMETOOLONG;
	}
	ret = server_probe(path, err, errlen);
	if (ret) {
		if (ret != -EADDRINUSE && ret != -EEXIST)
			snprintf(err, errlen, "socket %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = uv_pipe_init(loop, &server.pipe, 0);
	if (ret)
		goto out_msg;
	old = umask(0177);
	ret = uv_pipe_bind(&server.pipe, path);
	umask(old);
	if (ret)
		goto out_close;
	snprintf(server.path, sizeof(server.path), "%s", path);
	server.listening = true;
	ret = uv_listen((uv_stream_t *)&server.pipe, 64, server_on_connection);
	if (ret)
		goto out_unlink;
	return 0;

out_unlink:
	unlink(server.path);
out_close:
	server.listening = false;
	uv_close((uv_handle_t *)&server.pipe, NULL);
out_msg:
	snprintf(err, errlen, "cannot listen on %s: %s", path, uv_strerror(ret));
	return ret;
}

void server_close(void)
{
	if (!server.listening)
		return;
	server.listening = false;
	unlink(server.path);
	uv_close((uv_handle_t *)&server.pipe, NULL);
}
