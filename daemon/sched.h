/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: one simulated CPU, non-preemptive round robin. A pure data
 * structure (no I/O, no pager calls): the caller asks who runs next and makes
 * the vm_switch call itself, only when the running process changes.
 */

/* This file's name hides the system <sched.h> from anything built with
 * daemon/ on its include path (<pthread.h> and <uv.h> include it), so bring
 * the real one in too. And sched_yield() is POSIX: under its own name ours
 * would replace libc's for every library in the process (libuv's and the
 * sanitizers' spin loops call it), so the symbol is pgd_sched_yield. The
 * macro is outside the guard so that it holds after every inclusion, even
 * if a file renamed libc's sched_yield around <uv.h>. */
#include_next <sched.h>
#undef sched_yield
#define sched_yield pgd_sched_yield

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
