/* SPDX-License-Identifier: MIT */
/*
 * Client connections (loop thread). Bytes from the peer collect in a small
 * buffer and are decoded one message at a time; a connection without a
 * session takes HELLO (which binds one) or the control requests STATUS,
 * STATS and FRAMES, one at a time; everything else goes to its session.
 * Replies are written straight to the non-blocking socket: a client has at
 * most one request outstanding and every reply is one message, so a reply
 * never finds the socket buffer full unless the client misbehaves, and then
 * its session ends when it closes. The pager thread answers MAP and FAULT
 * itself, so every message read is acted on only after the jobs done so far
 * have been reaped. The one long answer, the frame table, is queued whole
 * with uv_write. A connection without a session that neither completes a
 * request nor takes an answer for the idle timeout (a client that stalls
 * half-way through HELLO, or a control connection that sends nothing) is
 * closed with ERROR(ETIMEDOUT); a session's connection is never timed out,
 * since a process may compute for as long as it likes. Output is bounded:
 * a reply that finds the socket's buffer full means the peer leaves more
 * than that unread, and the connection is closed (soon after, from a timer:
 * the caller may still use it); a frame table being written counts as
 * taken while the peer takes any of it, and the frame tables queued on all
 * connections together stay within the answer budget (--answer-memory).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conn.h"
#include "pagerthread.h"

/* Every field: loop thread. */
struct conn {
	uv_pipe_t pipe;          /* first: the handle's memory is the conn's */
	pid_t peer;              /* SO_PEERCRED pid */
	struct session *session; /* bound by HELLO; NULL before and after */
	uint8_t rbuf[2 * PROTO_MAX_SIZE];
	size_t rlen;              /* bytes in rbuf not yet decoded */
	bool closing;             /* uv_close called */
	bool job;                 /* a STATS or FRAMES job in flight */
	bool writing;             /* a FRAMES answer is being written (uv_write) */
	uint64_t active;          /* uv_now when it last completed a request or took an answer */
	size_t unsent;            /* writing: bytes of the answer not taken at the last sweep */
	bool overrun;             /* a reply did not fit in the socket buffer: to be closed */
	struct conn *prev, *next; /* all connections */
};

/* A chunked answer on its way (loop thread). */
struct conn_write {
	uv_write_t req;
	struct conn *conn;
	size_t size; /* of buf, counted in conn_answers.queued */
	uint8_t buf[];
};

/* Frame tables queued on every connection together (loop thread). */
static struct conn_answers {
	size_t queued; /* bytes, <= budget */
	size_t budget;
} conn_answers;

static struct conn *conns;
static const struct conn_handler *conn_handler; /* set once, by the sessions */
static struct conn_idle {
	uv_timer_t timer;     /* sweeps the connections for idle ones */
	uv_timer_t overrun;   /* closes the connections marked overrun */
	uint64_t timeout_ms; /* 0: none */
} conn_idle;

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
	if (c->closing && !c->job && !c->writing && !c->pipe.data)
		free(c);
}

static void conn_closed(uv_handle_t *h)
{
	struct conn *c = (struct conn *)h;

	h->data = NULL; /* the handle is gone */
	conn_free_if_done(c);
}

void conn_set_handler(const struct conn_handler *h)
{
	conn_handler = h;
}

/* Mark c as active now. */
static void conn_touch(struct conn *c)
{
	c->active = uv_now(c->pipe.loop);
}

static void conn_sweep(uv_timer_t *t)
{
	uint64_t now = uv_now(t->loop);
	struct conn *c, *next;
	char why[96];

	for (c = conns; c; c = next) {
		next = c->next;
		if (c->writing && c->pipe.write_queue_size < c->unsent) {
			c->unsent = c->pipe.write_queue_size; /* some was taken */
			conn_touch(c);
		}
		if (c->session || c->job || now - c->active < conn_idle.timeout_ms)
			continue;
		snprintf(why, sizeof(why), "%s for %" PRIu64 " ms (--idle-timeout)",
		         c->writing ? "answer not taken" : "no complete request",
		         now - c->active);
		conn_fail(c, ETIMEDOUT, 0, why);
	}
}

static void conn_close_overrun(uv_timer_t *t)
{
	struct conn *c, *next;

	(void)t;
	for (c = conns; c; c = next) {
		next = c->next;
		if (c->overrun)
			conn_close(c, "does not read its answers (more than its socket buffer "
			              "left unread); treated as exited");
	}
}

void conn_init(uv_loop_t *loop, unsigned int timeout_ms, size_t answer_budget)
{
	uint64_t period = timeout_ms / 4 ? timeout_ms / 4 : 1;

	conn_answers.budget = answer_budget;
	uv_timer_init(loop, &conn_idle.overrun);
	uv_timer_init(loop, &conn_idle.timer);
	conn_idle.timeout_ms = timeout_ms;
	if (timeout_ms)
		uv_timer_start(&conn_idle.timer, conn_sweep, period, period);
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
	int err;

	if (c->closing || c->writing || c->overrun || uv_fileno((uv_handle_t *)&c->pipe, &fd))
		return -EPIPE;
	err = proto_send(fd, m, fds, nfds, MSG_DONTWAIT);
	if (err == -EAGAIN) {
		c->overrun = true;
		uv_timer_start(&conn_idle.overrun, conn_close_overrun, 0, 0);
	}
	return err;
}

int conn_dup(struct conn *c)
{
	uv_os_fd_t fd;

	if (c->closing || uv_fileno((uv_handle_t *)&c->pipe, &fd))
		return -1;
	return fcntl(fd, F_DUPFD_CLOEXEC, 0);
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
		conn_handler->end(s, reason);
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
	struct proto_msg m = {.type = PROTO_ERROR};

	m.error.err = err < 0 ? -err : err;
	m.error.request = proto_is_request(request) ? request : 0;
	if (c->session)
		conn_handler->silence(c->session);
	conn_reply(c, &m, NULL, 0);
	conn_close(c, reason);
}

void conn_close_all(const char *reason)
{
	while (conns)
		conn_fail(conns, ESHUTDOWN, 0, reason);
	uv_close((uv_handle_t *)&conn_idle.timer, NULL);
	uv_close((uv_handle_t *)&conn_idle.overrun, NULL);
}

static void conn_stats_done(struct job *job)
{
	struct conn *c = job->owner;
	struct proto_msg m = {.type = PROTO_STATS_OK};

	c->job = false;
	if (job->ret) {
		/* the pager does not manage that pid, or keeps no statistics */
		conn_fail(c, job->ret == -ENOENT ? ESRCH : job->ret, PROTO_STATS, NULL);
	} else {
		m.stats_ok.pid = job->pid;
		m.stats_ok.stats = job->stats;
		conn_reply(c, &m, NULL, 0);
	}
	conn_free_if_done(c);
}

static void conn_written(uv_write_t *req, int status)
{
	struct conn_write *w = (struct conn_write *)req;
	struct conn *c = w->conn;

	conn_answers.queued -= w->size;
	free(w);
	c->writing = false;
	conn_touch(c);
	if (status)
		conn_close(c, NULL);
	conn_free_if_done(c);
}

/* Queue FRAMES_OK and the CHUNKs of text. 0 or -errno (-EBUSY: the answer
 * budget has no room for it now). */
static int conn_write_chunked(struct conn *c, const char *text, size_t len)
{
	size_t size = proto_chunked_size(len);
	struct conn_write *w;
	uv_buf_t buf;
	int err;

	if (len > PROTO_TEXT_MAX)
		return -EFBIG;
	if (size > conn_answers.budget - conn_answers.queued)
		return -EBUSY;
	w = malloc(sizeof(*w) + size);
	if (!w)
		return -ENOMEM;
	err = proto_encode_chunked(text, len, w->buf, size, &size);
	assert(!err);
	w->conn = c;
	w->size = size;
	buf = uv_buf_init((char *)w->buf, (unsigned int)size);
	err = uv_write(&w->req, (uv_stream_t *)&c->pipe, &buf, 1, conn_written);
	if (err) {
		free(w);
		return err;
	}
	c->writing = true;
	conn_answers.queued += size;
	c->unsent = c->pipe.write_queue_size;
	return 0;
}

static void conn_frames_done(struct job *job)
{
	struct conn *c = job->owner;
	int err = job->ret;

	c->job = false;
	if (!err && !c->closing)
		err = conn_write_chunked(c, job->dump, job->dump_len);
	if (err)
		conn_fail(c, err, PROTO_FRAMES, NULL);
	conn_free_if_done(c);
}

/* A control request (no session): STATUS at once, STATS and FRAMES on the
 * pager thread, between pager calls. 0 or -errno with a reason. */
static int conn_control(struct conn *c, const struct proto_msg *m, char *why, size_t len)
{
	struct proto_msg out;
	struct job *job;

	if (c->job || c->writing) {
		snprintf(why, len, "%s while a request is outstanding", proto_type_name(m->type));
		return -EPROTO;
	}
	if (m->type == PROTO_STATUS) {
		conn_handler->status(&out);
		conn_reply(c, &out, NULL, 0);
		return 0;
	}
	if (m->type == PROTO_STATS) {
		job = pagerthread_job(JOB_STATS);
		job->pid = m->stats.pid;
		job->done = conn_stats_done;
	} else {
		job = pagerthread_job(JOB_FRAMES);
		job->json = m->frames.format == PROTO_FORMAT_JSON;
		job->done = conn_frames_done;
	}
	job->owner = c;
	c->job = true;
	pagerthread_submit(job);
	return 0;
}

/* One decoded message. */
static void conn_handle(struct conn *c, const struct proto_msg *m)
{
	bool control = m->type == PROTO_STATUS || m->type == PROTO_STATS || m->type == PROTO_FRAMES;
	char why[160] = "";
	int err = 0;

	if (!proto_is_request(m->type)) {
		snprintf(why, sizeof(why), "%s is not a request", proto_type_name(m->type));
		err = -EPROTO;
	} else if (c->session) {
		if (m->type == PROTO_HELLO || control) {
			snprintf(why, sizeof(why), "%s on an attached connection",
			         proto_type_name(m->type));
			err = -EPROTO;
		} else {
			err = conn_handler->request(c->session, m, why, sizeof(why));
		}
	} else if (m->type == PROTO_HELLO) {
		if (c->job || c->writing) {
			snprintf(why, sizeof(why), "HELLO while a request is outstanding");
			err = -EPROTO;
		} else {
			err = conn_handler->hello(c, c->peer, m, why, sizeof(why));
		}
	} else if (control) {
		err = conn_control(c, m, why, sizeof(why));
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
	/* What the peer sent may follow an answer of the pager thread. */
	pagerthread_reap();
	if (nread < 0) {
		if (nread != UV_EOF)
			snprintf(why, sizeof(why), "read: %s", uv_strerror((int)nread));
		else if (c->rlen)
			snprintf(why, sizeof(why),
			         "truncated message (%zu bytes, then end of file)", c->rlen);
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
		conn_touch(c);
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

void conn_accept(uv_loop_t *loop, int fd)
{
	struct conn *c = calloc(1, sizeof(*c));

	if (!c) {
		fprintf(stderr, "pagerd: out of memory for a connection\n");
		close(fd);
		return;
	}
	uv_pipe_init(loop, &c->pipe, 0);
	c->pipe.data = c;
	conn_link(c);
	conn_touch(c);
	if (uv_pipe_open(&c->pipe, fd)) {
		close(fd);
		conn_close(c, NULL);
		return;
	}
	if (conn_check_peer(c) ||
	    uv_read_start((uv_stream_t *)&c->pipe, conn_alloc, conn_read))
		conn_close(c, NULL);
}
