/* SPDX-License-Identifier: MIT */
/*
 * Starting client processes so that they attach to the daemon of
 * $PAGERD_SOCKET in a chosen order, as pgd-run-launch and the classic test
 * programs do: each is forked, and the next one only once the daemon's run
 * queue (STATUS, which any local client may ask) has grown by one, its
 * vm_create done. A process blocked in its first call cannot say so itself.
 * The processes wait for end of file on a pipe that attach_order_go closes.
 */
#ifndef PGD_RUN_FORKATTACH_H
#define PGD_RUN_FORKATTACH_H

#include <stddef.h>
#include <sys/types.h>

/* The launcher's side. Owned by the launcher; go_fd is for the children. */
struct attach_order {
	int sock;          /* connection to the daemon, for STATUS */
	int go_fd;         /* read end of the go pipe */
	int go_wr;         /* write end: closed to let the processes run */
	unsigned int base; /* the run queue's length before the first fork */
	unsigned int nr;   /* processes forked */
};

/* Reach the daemon and make the go pipe. 0, or -errno after saying why on
 * standard error (prefixed prog). */
int attach_order_begin(struct attach_order *fa, const char *prog);
/* Fork the next process. In the child (0 returned) only fa->go_fd is left
 * open: it attaches, then reads fa->go_fd to end of file before it runs.
 * In the launcher: its pid, or -errno. */
pid_t attach_order_fork(struct attach_order *fa);
/* Wait until the process last forked (pid) has attached. 0; -ECHILD if it
 * died first; -ETIMEDOUT; or what STATUS failed with. */
int attach_order_wait(struct attach_order *fa, pid_t pid);
/* Let the processes run (also after an error: those that attached run and
 * end), and let go of the daemon. */
void attach_order_go(struct attach_order *fa);

#endif
