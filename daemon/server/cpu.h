/* SPDX-License-Identifier: MIT */
/*
 * The daemon's simulated CPU: one CPU that the sessions' processes share,
 * non-preemptive round robin over the run queue (machine/runq.h). The loop
 * thread decides the order of pager calls, queued as jobs that the pager
 * thread runs first in first out; the CPU tracks which process the machine
 * will have current once every queued job has run, so that vm_switch is
 * queued exactly when the running process changes. Loop thread only.
 */
#ifndef PAGERD_CPU_H
#define PAGERD_CPU_H

#include <stdint.h>
#include <sys/types.h>

int cpu_init(void); /* 0 or -ENOMEM */
void cpu_fini(void);
/* A runnable process goes to the back of the run queue: 0, -ENOMEM, or
 * -EEXIST (see runq_add). */
int cpu_add(pid_t pid);
/* The running process goes to the back. */
void cpu_yield(void);
/* Who runs now, the front of the run queue (0: nobody), with a vm_switch
 * to it queued if the machine will not have it current. */
pid_t cpu_dispatch(void);
/* vm_destroy of pid, after a vm_switch to it if it will not be current;
 * it leaves the run queue, and afterwards no process is current. */
void cpu_destroy(pid_t pid);
/* For STATUS: the running process (0: none), how long it has held the CPU
 * (since it was dispatched, in ms), and the queue's length. */
pid_t cpu_running(void);
uint64_t cpu_running_ms(void);
unsigned int cpu_nr_queued(void);

#endif
