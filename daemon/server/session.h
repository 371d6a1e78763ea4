/* SPDX-License-Identifier: MIT */
/*
 * Sessions: the simulated processes, one per client pid, on the one
 * simulated CPU they share (cpu.h). Loop thread only. A session turns
 * requests into pager jobs (pagerthread.h) and answers when they are done,
 * except MAP and an accepted FAULT, which the pager thread answers; its
 * connection reaches it through the struct conn_handler (conn.h) that
 * session_init registers. docs/protocol.md describes the states.
 */
#ifndef PAGERD_SESSION_H
#define PAGERD_SESSION_H

#include <stddef.h>
#include <sys/types.h>
#include <uv.h>

#include "pagerd/pager.h"
#include "proto.h"

struct conn;
struct session;

/* g and physmem_fd describe the running machine. Registers the sessions
 * as the connections' handler. */
int session_init(uv_loop_t *loop, const struct pgd_geometry *g, int physmem_fd);
/* After the last session ended and the pager thread stopped. */
void session_fini(void);
/* Called whenever the last session has gone. */
void session_on_idle(void (*cb)(void));

/* HELLO on c, whose peer is pid peer. 0, or -errno with a reason in why
 * (the caller answers ERROR and closes). */
int session_hello(struct conn *c, pid_t peer, const struct proto_msg *m, char *why, size_t len);
/* A request (MAP, FAULT, YIELD, FORK) of s; 0 or -errno with a reason. */
int session_request(struct session *s, const struct proto_msg *m, char *why, size_t len);
/* End s: its connection closes, vm_destroy runs for it (after a vm_switch to
 * it if it is not the current process) and the next process runs. reason
 * NULL: the client went away; a '#' line says so unless it held the CPU
 * with nothing in flight (a plain exit). */
void session_end(struct session *s, const char *reason);
/* End every session, without giving the CPU to anyone in between; each
 * connected one is told ERROR(err) first (ESHUTDOWN, or ENOTRECOVERABLE
 * when the pager failed). */
void session_end_all(int err, const char *reason);

unsigned int session_count(void);
/* STATUS_OK for a control connection. */
void session_status(struct proto_msg *out);

#endif
