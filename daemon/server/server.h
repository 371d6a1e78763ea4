/* SPDX-License-Identifier: MIT */
/*
 * The listening Unix socket (loop thread): created mode 0600, refusing to
 * start when another pagerd already serves the path, removed at close.
 */
#ifndef PAGERD_SERVER_H
#define PAGERD_SERVER_H

#include <stddef.h>
#include <uv.h>

/* Listen on path; each connection goes to conn_accept. 0, or -errno with a
 * message for the user in err. */
int server_listen(uv_loop_t *loop, const char *path, char *err, size_t errlen);
/* Stop listening and remove the socket file. Idempotent. */
void server_close(void);

#endif
