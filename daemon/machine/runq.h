/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's run queue: one simulated CPU, non-preemptive round robin.
 * A pure data structure (no I/O, no pager calls): the caller asks who runs
 * next and makes the vm_switch call itself, only when the running process
 * changes.
 */

#ifndef PAGERD_RUNQ_H
#define PAGERD_RUNQ_H

#include <stdbool.h>
#include <sys/types.h>

struct runq;

struct runq *runq_new(void);
void runq_free(struct runq *s);
/* A new runnable process goes to the back of the run queue. 0, -ENOMEM, or
 * -EEXIST if pid is already queued. */
int runq_add(struct runq *s, pid_t pid);
/* Remove pid wherever it is (running or queued). */
void runq_remove(struct runq *s, pid_t pid);
/* The running process is the front of the queue; yield moves it to the
 * back. */
void runq_yield(struct runq *s);
/* The running process (0: none). */
pid_t runq_running(const struct runq *s);
bool runq_contains(const struct runq *s, pid_t pid);
unsigned int runq_count(const struct runq *s);

#endif
