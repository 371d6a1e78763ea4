/* SPDX-License-Identifier: MIT */
/*
 * pagerctl's side of a control connection: connect to the daemon (checking
 * it runs as this user), send one request, take its answer. Every failure is
 * explained on standard error in the user's terms (no daemon, no such
 * process, a pager without statistics) before -errno comes back.
 */
#ifndef PAGERCTL_CTL_H
#define PAGERCTL_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "proto.h"

struct ctl {
	int sock;
	char path[108]; /* the daemon's socket, for messages */
};

/* pagerctl's exit status when the daemon did not answer in time. */
#define CTL_EXIT_TIMEOUT 3

/* Connect to the daemon at path (NULL: proto_socket_path). 0 or -errno.
 * If the connection and every answer are not done within timeout_ms (0:
 * no limit), pagerctl says so on standard error and exits with
 * CTL_EXIT_TIMEOUT. */
int ctl_open(struct ctl *c, const char *path, unsigned int timeout_ms);
void ctl_close(struct ctl *c);

/* STATUS: STATUS_OK in *out. */
int ctl_status(struct ctl *c, struct proto_msg *out);
/* STATS of pid (0: the whole pager): STATS_OK in *out. */
int ctl_stats(struct ctl *c, pid_t pid, struct proto_msg *out);
/* FRAMES: the frame table as text or JSON, malloc'd and NUL-terminated. */
int ctl_frames(struct ctl *c, bool json, char **text, size_t *len);

#endif
