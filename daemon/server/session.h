/* SPDX-License-Identifier: MIT */
/*
 * Sessions: the simulated processes, one per client pid, on the one
 * simulated CPU they share (cpu.h). Loop thread only. A session turns
 * requests into pager jobs (pagerthread.h) and answers when they are done,
 * except MAP and an accepted FAULT, which the pager thread answers. Its
 * connection (conn.h) hands it HELLO, requests and its end through the
 * struct conn_handler that session_init registers. docs/protocol.md
 * describes the states.
 */
#ifndef PAGERD_SESSION_H
#define PAGERD_SESSION_H

#include <stddef.h>
#include <sys/types.h>
#include <uv.h>

#include "pagerd/pager.h"

/* g and physmem_fd describe the running machine. Registers the sessions
 * as the connections' handler. */
int session_init(uv_loop_t *loop, const struct pgd_geometry *g, int physmem_fd);
/* After the last session ended and the pager thread stopped. */
void session_fini(void);
/* Called whenever the last session has gone. */
void session_on_idle(void (*cb)(void));

/* End every session, without giving the CPU to anyone in between. Each
 * one's connection closes, vm_destroy runs for it (after a vm_switch to it
 * if it is not the current process), with a '#' line giving reason. */
void session_end_all(const char *reason);

unsigned int session_count(void);

#endif
