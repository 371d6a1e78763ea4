/* SPDX-License-Identifier: MIT */
/*
 * The daemon test harness: a real pagerd started as a child process on a
 * private socket, log and files directory (mkdtemp), raw protocol helpers to
 * speak to it, a wait for it to go idle (STATUS), and the log read back
 * (tests/support/logpids.h makes it comparable).
 */
#ifndef PAGERD_TESTS_DH_H
#define PAGERD_TESTS_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "proto.h"

struct dh {
	char dir[64];	/* private directory: socket, log, data files */
	char sock[100];
	char log[128];
	pid_t pid;	/* the daemon; 0 when stopped */
};

/* Make the private directory and the paths in it. */
void dh_dir(struct dh *d);
/* cmocka setup and teardown: *state is a struct dh with its directory
 * made (daemon not started); teardown stops it, removes it and frees it. */
int dh_setup(void **state);
int dh_teardown(void **state);
/* Start pagerd --socket --log --files-dir --check, then args (NULL-ended);
 * returns once the socket answers. Makes the directory unless done. */
void dh_start(struct dh *d, const char *const *args);
/* SIGTERM and wait: the daemon's exit status (-1 if it did not exit). */
int dh_stop(struct dh *d);
/* Remove the directory and everything in it. */
void dh_cleanup(struct dh *d);
/* The whole log (malloc'd, NUL-terminated). */
char *dh_log(const struct dh *d);
/* The whole of any file, the same way. */
char *dh_read(const char *path);
/* A data file in the directory: len bytes, all c. */
void dh_file(const struct dh *d, const char *name, size_t len, char c);

/* A raw connection to the daemon. */
int dh_connect(const struct dh *d);
/* Send one message; and raw bytes. */
void dh_send(int fd, const struct proto_msg *m);
void dh_send_raw(int fd, const void *buf, size_t len);
/* Receive one message (descriptors closed); -errno on failure. */
int dh_recv(int fd, struct proto_msg *m);
/* HELLO as this process (a new program of parent), HELLO_OK. Does not wait
 * for RUN. */
void dh_hello(int fd, pid_t parent);
/* True if the peer closed the connection (after any pending message). */
bool dh_closed(int fd);
/* Wait until the daemon has n sessions and no job in flight. */
void dh_wait_idle(const struct dh *d, unsigned int n);
/* The pager's statistics, through STATS. */
void dh_stats(const struct dh *d, struct proto_msg *out);
/* Assert the daemon holds nothing: no page mapped, no block reserved, every
 * frame but the zero page free or a ghost. */
void dh_assert_no_leak(const struct dh *d, unsigned int memory_pages);

#endif
