/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: one simulated CPU, non-preemptive round robin. A pure data
 * structure (no I/O, no pager calls): the caller asks who runs next and makes
 * the vm_switch call itself, only when the running process changes.
 */
#ifndef PAGERD_SCHED_H
#define PAGERD_SCHED_H

#include <stdbool.h>
#include <sys/types.h>

struct sched;

struct sched *sched_new(void);
void sched_free(struct sched *s);
/* A new runnable process goes to the back of the run queue. 0, -ENOMEM, or
 * -EEXIST if pid is already queued. */
int sched_add(struct sched *s, pid_t pid);
/* Remove pid wherever it is (running or queued). */
void sched_remove(struct sched *s, pid_t pid);
/* The running process is the front of the queue; yield moves it to the
 * back. */
void sched_yield(struct sched *s);
/* The running process (0: none). */
pid_t sched_running(const struct sched *s);
bool sched_contains(const struct sched *s, pid_t pid);
unsigned int sched_count(const struct sched *s);

#endif
