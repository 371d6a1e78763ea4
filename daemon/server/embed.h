/* SPDX-License-Identifier: MIT */
/*
 * Embedded mode: a private directory for a private socket, and the one
 * program pagerd runs under it (uv_spawn, loop thread), whose exit status
 * becomes pagerd's.
 */
#ifndef PAGERD_EMBED_H
#define PAGERD_EMBED_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

/* Remove stale private directories under $TMPDIR or /tmp (docs/security.md
 * section 6), make a new one (mode 0700) and put the socket path inside it
 * in sock. 0 or -errno, with a message on stderr naming the path. */
int embed_mkdir(char *sock, size_t len);
/* Remove the directory made by embed_mkdir (the socket is gone by then). */
void embed_rmdir(void);
/* Run argv[0] (searched in PATH) with standard I/O inherited; on_exit gets
 * its status: the exit code, or 128+N if signal N killed it. 0 or -errno. */
int embed_spawn(uv_loop_t *loop, char **argv, void (*on_exit)(int status));
/* Send signum to the program if it still runs; false if it does not. */
bool embed_kill(int signum);

/* Whether PROGRAM can be run (a name without '/' is looked for in $PATH,
 * as execvp does): 0, or -errno (ENOENT, EACCES) with a message, checked
 * before anything starts so that a missing program prints no pager run. */
int embed_check_program(const char *program);

#endif
