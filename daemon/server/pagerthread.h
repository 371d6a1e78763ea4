/* SPDX-License-Identifier: MIT */
/*
 * The pager thread: the only thread that calls machine_* (and so the pager
 * and the event log). The loop thread submits jobs in order; they run one at
 * a time, first in first out, and each finished job comes back to the loop
 * thread, where its done callback runs, in the same order. A MAP or FAULT
 * job given the client's socket is answered by the pager thread itself, and
 * its done callback waits for the loop's next wakeup (pagerthread_reap);
 * every other job wakes the loop (uv_async). The loop thread can see which
 * job runs at any moment (STATUS).
 */
#ifndef PAGERD_PAGERTHREAD_H
#define PAGERD_PAGERTHREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "pagerd/stats.h"

enum job_kind {
	JOB_CREATE,    /* machine_create(parent, pid); dups pid's page-table fd */
	JOB_SWITCH,    /* machine_switch(pid) */
	JOB_MAP,       /* machine_map(addr, block) */
	JOB_FAULT,     /* machine_fault(addr, write) */
	JOB_DESTROY,   /* machine_destroy() of pid, the current process; records its stats */
	JOB_COMMENT,   /* a '#' line with text */
	JOB_STATS,     /* machine_stats(pid, &stats) */
	JOB_FRAMES,    /* machine_dump(json) into text */
	JOB_LOG_STATS, /* the processes' and the global statistics as '#' lines */
	JOB_BARRIER,   /* nothing: done runs after every job submitted before */
};

struct job {
	/* Set by the loop thread before submission; read-only afterwards. */
	enum job_kind kind;
	pid_t pid;
	pid_t parent;
	uint64_t addr;
	unsigned int block;
	bool write;
	bool json;
	char text[192];
	void (*done)(struct job *job); /* loop thread; NULL: none */
	void *owner;                   /* for done */
	int fd;                        /* for done (e.g. a pidfd), closed with the job; -1 */
	/* JOB_MAP, JOB_FAULT: the client's socket, on which the pager thread
	 * sends MAP_OK, or FAULT_OK(0), right after the call; -1: done
	 * answers. The loop keeps it open until a job submitted later is done. */
	int reply_fd;
	/* With reply_fd: the answer is not sent once *muted is true
	 * (pagerthread_mute); the flag outlives the job. NULL: never muted. */
	const bool *muted;
	/* Results: written by the pager thread, read in done. */
	int ret;
	bool replied; /* the pager thread sent the answer (to reply_fd) */
	bool pager_failed; /* the pager failed in this job, or had before it (not run) */
	uint64_t addr_ret;
	int pt_fd; /* JOB_CREATE: a dup of the new page table's memfd, or -1 */
	struct pgd_stats stats;
	char *dump; /* JOB_FRAMES: malloc'd, freed with the job */
	size_t dump_len;
	/* Queue link: owned by whoever holds the queue lock. */
	struct job *next;
};

/* Start the thread (after machine_start). */
int pagerthread_start(uv_loop_t *loop);
/* A zeroed job of this kind (fd, reply_fd and pt_fd -1). Aborts if memory
 * is out: a lost job would leave the log and the machine inconsistent. */
struct job *pagerthread_job(enum job_kind kind);
/* Queue a job (loop thread); it is freed after its done callback. */
void pagerthread_submit(struct job *job);
/* Run the done callbacks of every finished job, in order: those of answered
 * jobs, for which the loop was not woken. The loop thread calls it before it
 * acts on a client's message, which may follow such an answer. */
void pagerthread_reap(void);
/* From now on, no answer of a job whose muted is flag is sent (loop
 * thread): an answer being sent is out when this returns, so that a message
 * the loop sends next is the last. */
void pagerthread_mute(bool *flag);
/* Jobs submitted whose done callback has not run yet. */
unsigned int pagerthread_pending(void);

/* A copy of the job the pager thread is running, for STATUS. */
struct pagerthread_call {
	enum job_kind kind;
	pid_t pid;
	pid_t parent;
	uint64_t addr;
	unsigned int block;
	bool write;
	uint64_t ms; /* how long it has run */
};

/* What the pager thread runs now: true and *out filled, or false if it
 * waits for a job. Loop thread. */
bool pagerthread_current(struct pagerthread_call *out);

/* Called once on the loop thread, before the done callback of the first
 * job that comes back with pager_failed (pagerguard.h). */
void pagerthread_on_failure(void (*cb)(void));

/* Finish every queued job, join the thread, close the async handle. Loop
 * thread; done callbacks of jobs still queued do not run. */
void pagerthread_stop(void);

#endif
