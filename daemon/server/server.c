/* SPDX-License-Identifier: MIT */
/*
 * The listening socket. Before binding, a socket file left at the path is
 * probed: if a pagerd answers there, this one refuses to start; if nobody
 * does, the stale file is removed. The socket is created with umask 0177
 * (mode 0600) so no other user can connect even before a chmod.
 *
 * The daemon accepts connections itself (a uv_poll on the socket), so that
 * it can stop: when accept fails for lack of descriptors (EMFILE, ENFILE) or
 * memory, it stops polling the socket, says so once on standard error, and
 * tries again every SERVER_RETRY_MS; the connections made meanwhile wait in
 * the listen backlog and are served once a descriptor is free. Sessions it
 * has go on being served all along.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "conn.h"
#include "server.h"

/* How often a daemon out of descriptors tries to accept again. */
#define SERVER_RETRY_MS 100

/* Every field: loop thread. */
static struct server {
	uv_poll_t poll;	 /* readable: connections are waiting */
	uv_timer_t retry; /* while starved: the next attempt */
	int fd;		 /* the listening socket */
	bool listening;
	bool starved;	 /* accept failed; polling stopped until the retry */
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

static void server_on_retry(uv_timer_t *h);

/* Accept failed with err: stop polling until the retry timer fires. */
static void server_starve(int err)
{
	uv_poll_stop(&server.poll);
	uv_timer_start(&server.retry, server_on_retry, SERVER_RETRY_MS, 0);
	if (server.starved)
		return;
	server.starved = true;
	fprintf(stderr,
	        "pagerd: accept on %s: %s; not accepting connections until %s\n",
	        server.path, strerror(err),
	        err == EMFILE || err == ENFILE ? "a file descriptor is free (RLIMIT_NOFILE, "
	                                         "or the system's file-max)"
	                                       : "it succeeds");
}

static void server_on_readable(uv_poll_t *h, int status, int events);

/* Accept every waiting connection, then wait for more. */
static void server_accept_all(void)
{
	for (;;) {
		int fd = accept4(server.fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			server_starve(errno);
			return;
		}
		if (server.starved) {
			server.starved = false;
			fprintf(stderr, "pagerd: accepting connections on %s again\n",
			        server.path);
		}
		conn_accept(server.poll.loop, fd);
	}
	uv_poll_start(&server.poll, UV_READABLE, server_on_readable);
}

static void server_on_readable(uv_poll_t *h, int status, int events)
{
	(void)h;
	(void)status;
	(void)events;
	server_accept_all();
}

static void server_on_retry(uv_timer_t *h)
{
	(void)h;
	server_accept_all();
}

/* Bind and listen on path, mode 0600; the socket, or -errno. */
static int server_bind(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	mode_t old;
	int err;

	if (fd < 0)
		return -errno;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	old = umask(0177);
	err = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ? -errno : 0;
	umask(old);
	if (!err && listen(fd, 64)) {
		err = -errno;
		unlink(path);
	}
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int server_listen(uv_loop_t *loop, const char *path, char *err, size_t errlen)
{
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
	server.fd = server_bind(path);
	if (server.fd < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", path, strerror(-server.fd));
		return server.fd;
	}
	snprintf(server.path, sizeof(server.path), "%s", path);
	uv_poll_init(loop, &server.poll, server.fd);
	uv_timer_init(loop, &server.retry);
	uv_poll_start(&server.poll, UV_READABLE, server_on_readable);
	server.listening = true;
	return 0;
}

void server_close(void)
{
	if (!server.listening)
		return;
	server.listening = false;
	unlink(server.path);
	uv_close((uv_handle_t *)&server.poll, NULL);
	uv_close((uv_handle_t *)&server.retry, NULL);
	close(server.fd);
}
