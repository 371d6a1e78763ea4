/* SPDX-License-Identifier: MIT */
/*
 * Client connections: one per accepted socket, loop thread only. A
 * connection checks its peer (SO_PEERCRED), reads bytes, decodes messages
 * (proto/), answers control requests itself and hands the rest to its
 * session. Every protocol error is answered with ERROR and ends the
 * connection, and with it the session, with a logged reason.
 */
#ifndef PAGERD_CONN_H
#define PAGERD_CONN_H

#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "proto.h"

struct conn;
struct session;

/* Where a connection's messages go: the sessions register it (session.c),
 * so that connections depend on nothing above them. Loop thread. */
struct conn_handler {
	/* HELLO on c, whose peer is pid peer; binds a session to c. 0, or
	 * -errno with a reason in why (c then answers ERROR and closes). */
	int (*hello)(struct conn *c, pid_t peer, const struct proto_msg *m, char *why, size_t len);
	/* A request of the session bound to a connection; 0 or -errno with a
	 * reason. */
	int (*request)(struct session *s, const struct proto_msg *m, char *why, size_t len);
	/* The connection of s closes: s ends, with reason (NULL: the peer went
	 * away). */
	void (*end)(struct session *s, const char *reason);
	/* An ERROR that ends s is about to be sent: nothing may follow it. */
	void (*silence)(struct session *s);
	/* STATUS_OK, for a control connection. */
	void (*status)(struct proto_msg *out);
};

void conn_set_handler(const struct conn_handler *h);
/* Close connections without a session that are idle for timeout_ms (0:
 * never): no request completed, no answer taken. Queue at most
 * answer_budget bytes of frame tables on all connections together (a
 * FRAMES beyond it: EBUSY). */
void conn_init(uv_loop_t *loop, unsigned int timeout_ms, size_t answer_budget);
/* Serve the accepted socket fd (non-blocking; the connection owns it);
 * refuse peers of another user. */
void conn_accept(uv_loop_t *loop, int fd);
/* The session bound to c (NULL: none yet), and binding one. */
struct session *conn_session(const struct conn *c);
void conn_bind(struct conn *c, struct session *s);
/* Send a message (with descriptors) to the peer. 0 or -errno; a failed reply
 * is not fatal here: the peer's end of file ends the session. */
int conn_reply(struct conn *c, const struct proto_msg *m, const int *fds, unsigned int nfds);
/* A close-on-exec duplicate of c's socket, for another thread to send on
 * (the caller closes it); -1 if there is none or no descriptor is left. */
int conn_dup(struct conn *c);
/* Answer ERROR(err, request) and close with reason: the ERROR is the last
 * message c gets. */
void conn_fail(struct conn *c, int err, uint32_t request, const char *reason);
/* Close c. If a session is bound, it ends first, with reason (NULL: the
 * peer went away). Idempotent. */
void conn_close(struct conn *c, const char *reason);
/* Close every connection, after ERROR(ESHUTDOWN), and stop the idle
 * timer (shutdown). */
void conn_close_all(const char *reason);

#endif
