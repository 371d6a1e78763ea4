/* SPDX-License-Identifier: MIT */
/*
 * The daemon's simulated CPU (cpu.h): the run queue, and the process the
 * machine will have current once every queued pager job has run.
 */
#include <errno.h>
#include <time.h>

#include "cpu.h"
#include "pagerthread.h"
#include "runq.h"

/* Every field: loop thread. */
static struct cpu {
	struct runq *runq;     /* the run queue; front = running */
	pid_t machine_current; /* current once all queued jobs ran; 0: none */
	pid_t holder;          /* the running process when last dispatched; 0: none */
	struct timespec since; /* when holder was dispatched */
} cpu;

int cpu_init(void)
{
	cpu.runq = runq_new();
	return cpu.runq ? 0 : -ENOMEM;
}

void cpu_fini(void)
{
	runq_free(cpu.runq);
	cpu.runq = NULL;
}

int cpu_add(pid_t pid)
{
	return runq_add(cpu.runq, pid);
}

void cpu_yield(void)
{
	runq_yield(cpu.runq);
	cpu.holder = 0; /* given back: it holds it anew if it runs again */
}

static void cpu_switch(pid_t pid)
{
	struct job *job = pagerthread_job(JOB_SWITCH);

	job->pid = pid;
	pagerthread_submit(job);
	cpu.machine_current = pid;
}

pid_t cpu_dispatch(void)
{
	pid_t next = runq_running(cpu.runq);

	if (next && cpu.machine_current != next)
		cpu_switch(next);
	if (next != cpu.holder) {
		cpu.holder = next;
		clock_gettime(CLOCK_MONOTONIC, &cpu.since);
	}
	return next;
}

void cpu_destroy(pid_t pid)
{
	struct job *job;

	runq_remove(cpu.runq, pid);
	if (cpu.machine_current != pid)
		cpu_switch(pid);
	job = pagerthread_job(JOB_DESTROY);
	job->pid = pid;
	pagerthread_submit(job);
	cpu.machine_current = 0;
}

pid_t cpu_running(void)
{
	return runq_running(cpu.runq);
}

uint64_t cpu_running_ms(void)
{
	struct timespec now;
	int64_t ms;

	if (!cpu.holder || cpu.holder != runq_running(cpu.runq))
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)(now.tv_sec - cpu.since.tv_sec) * 1000 +
	     (now.tv_nsec - cpu.since.tv_nsec) / 1000000;
	return ms > 0 ? (uint64_t)ms : 0;
}

unsigned int cpu_nr_queued(void)
{
	return runq_count(cpu.runq);
}
