/* SPDX-License-Identifier: MIT */
/*
 * Client connections (loop thread). Bytes from the peer collect in a small
 * buffer and are decoded one message at a time; a connection without a
 * session takes HELLO (which binds one), STATUS and STATS; everything else
 * goes to its session. Replies are written straight to the non-blocking
 * socket: a client has at most one request outstanding and every reply is
 * a few dozen bytes, so a reply never finds the socket buffer full unless
 * the client misbehaves, and then its session ends when it closes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "pagerthread.h"
#include "session.h"

/* Every field: loop thread. */
struct conn {
	uv_pipe_t pipe;		/* first: the handle's memory is the conn's */
	pid_t peer;		/* SO_PEERCRED pid */
	struct session *session; /* bound by HELLO; NULL before and after */
	uint8_t rbuf[2 * PROTO_MAX_SIZE];
	size_t rlen;		/* bytes in rbuf not yet decoded */
	bool closing;		/* uv_close called */
	unsigned int nr_jobs;	/* STATS jobs in flight */
	struct conn *prev, *next; /* all connections */
};

static struct conn *conns;

static void conn_link(struct conn *c)
{
	c->next = conns;
	if (conns)
		conns->prev = c;
	conns = c;
}

static void conn_unlink(struct conn *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
}

static void conn_free_if_done(struct conn *c)
{
	if (c->closing && !c->nr_jobs && !c->pipe.data)
		free(c);
}

static void conn_closed(uv_handle_t *h)
{
	struct conn *c = (struct conn *)h;

	h->data = NULL; /* the handle is gone */
	conn_free_if_done(c);
}

struct session *conn_session(const struct conn *c)
{
	return c->session;
}

void conn_bind(struct conn *c, struct session *s)
{
	c->session = s;
}

int conn_reply(struct conn *c, const struct proto_msg *m, const int *fds, unsigned int nfds)
{
	uv_os_fd_t fd;

	if (c->closing || uv_fileno((uv_handle_t *)&c->pipe, &fd))
		return -EPIPE;
	return proto_send(fd, m, fds, nfds, MSG_DONTWAIT);
}

void conn_close(struct conn *c, const char *reason)
{
	struct session *s = c->session;

	if (c->closing)
		return;
	c->closing = true;
	conn_unlink(c);
	if (s) {
		c->session = NULL;
		session_end(s, reason);
	} else if (reason) {
		struct job *job = pagerthread_job(JOB_COMMENT);

		snprintf(job->text, sizeof(job->text), "pid %ld: %s; connection closed",
			 (long)c->peer, reason);
		pagerthread_submit(job);
	}
	uv_close((uv_handle_t *)&c->pipe, conn_closed);
}

void conn_fail(struct conn *c, int err, uint32_t request, const char *reason)
{
	struct proto_msg m = { .type = PROTO_ERROR };

	m.error.err = err < 0 ? -err : err;
	m.error.request = proto_is_request(request) ? request : 0;
	conn_reply(c, &m, NULL, 0);
	conn_close(c, reason);
}

void conn_close_all(const char *reason)
{
	while (conns)
		conn_close(conns, reason);
}

static void conn_stats_done(struct job *job)
{
	struct conn *c = job->owner;
	struct proto_msg m = { .type = PROTO_STATS_OK };

	c->nr_jobs--;
	if (job->ret) {
		conn_fail(c, job->ret, PROTO_STATS, NULL);
	} else {
		m.stats_ok.pages_mapped = job->stats.pages_mapped;
		m.stats_ok.blocks_reserved = job->stats.blocks_reserved;
		m.stats_ok.frames_free = job->stats.frames_free;
		m.stats_ok.frames_ghost = job->stats.frames_ghost;
		conn_reply(c, &m, NULL, 0);
	}
	conn_free_if_done(c);
}

/* One decoded message. */
static void conn_handle(struct conn *c, const struct proto_msg *m)
{
	char why[160] = "";
	struct proto_msg out;
	struct job *job;
	int err = 0;

	if (!proto_is_request(m->type)) {
		snprintf(why, sizeof(why), "%s is not a request", proto_type_name(m->type));
		err = -EPROTO;
	} else if (c->session) {
		if (m->type == PROTO_HELLO || m->type == PROTO_STATUS || m->type == PROTO_STATS) {
			snprintf(why, sizeof(why), "%s on an attached connection",
				 proto_type_name(m->type));
			err = -EPROTO;
		} else {
			err = session_request(c->session, m, why, sizeof(why));
		}
	} else if (m->type == PROTO_HELLO) {
		err = session_hello(c, c->peer, m, why, sizeof(why));
	} else if (m->type == PROTO_STATUS) {
		session_status(&out);
		conn_reply(c, &out, NULL, 0);
	} else if (m->type == PROTO_STATS) {
		job = pagerthread_job(JOB_STATS);
		job->owner = c;
		job->done = conn_stats_done;
		c->nr_jobs++;
		pagerthread_submit(job);
	} else {
		snprintf(why, sizeof(why), "%s before HELLO", proto_type_name(m->type));
		err = -EPROTO;
	}
	if (err)
		conn_fail(c, err, m->type, why);
}

static void conn_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct conn *c = (struct conn *)h;

	(void)suggested;
	buf->base = (char *)c->rbuf + c->rlen;
	buf->len = sizeof(c->rbuf) - c->rlen;
}

static void conn_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *c = (struct conn *)stream;
	char why[96];

	(void)buf;
	if (nread < 0) {
		if (nread != UV_EOF)
			snprintf(why, sizeof(why), "read: %s", uv_strerror((int)nread));
		else if (c->rlen)
			snprintf(why, sizeof(why), "truncated message (%zu bytes, then end of file)",
				 c->rlen);
		conn_close(c, nread != UV_EOF || c->rlen ? why : NULL);
		return;
	}
	c->rlen += (size_t)nread;
	while (!c->closing) {
		struct proto_msg m;
		int n = proto_decode(c->rbuf, c->rlen, &m);

		if (!n)
			break;
		if (n < 0) {
			snprintf(why, sizeof(why), "%s", proto_strerror(n));
			conn_fail(c, n, 0, why);
			break;
		}
		c->rlen -= (size_t)n;
		memmove(c->rbuf, c->rbuf + n, c->rlen);
		conn_handle(c, &m);
	}
}

/* The peer must be a process of the daemon's own user. */
static int conn_check_peer(struct conn *c)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	uv_os_fd_t fd;

	if (uv_fileno((uv_handle_t *)&c->pipe, &fd) ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len))
		return -errno;
	if (cred.uid != geteuid()) {
		fprintf(stderr, "pagerd: refused a connection from pid %ld of uid %ld\n",
			(long)cred.pid, (long)cred.uid);
		return -EPERM;
	}
	c->peer = cred.pid;
	return 0;
}

void conn_accept(uv_stream_t *server)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c) {
		fprintf(stderr, "pagerd: out of memory for a connection\n");
		return;
	}
	uv_pipe_init(server->loop, &c->pipe, 0);
	c->pipe.data = c;
	conn_link(c);
	if (uv_accept(server, (uv_stream_t *)&c->pipe) || conn_check_peer(c) ||
	    uv_read_start((uv_stream_t *)&c->pipe, conn_alloc, conn_read))
		conn_close(c, NULL);
}
