/* SPDX-License-Identifier: MIT */
/*
 * pgd-run-launch, the daemon executor's back half: it starts each top-level
 * process of a script as a real client process of the daemon named by
 * $PAGERD_SOCKET, and each of them (and each child they fork) runs its own
 * steps with real loads and stores. What the processes share with the
 * launcher lives in one shared anonymous mapping.
 */
#ifndef PGD_RUN_LAUNCH_H
#define PGD_RUN_LAUNCH_H

#include <stdbool.h>
#include <sys/types.h>

#include "exec.h"

#define LAUNCH_MAX_SLOTS 4096

/* What the launcher needs to know about a process that dies. Written by
 * the process itself (one runs at a time), read by the launcher when it
 * reaps it. */
struct launch_slot {
	pid_t pid;
	unsigned int line;              /* of the step it is running */
	bool expect_kill;               /* that step is expected to kill it */
	const struct script_proc *proc; /* same address in every process */
};

struct launch_shared {
	unsigned int nr_failures; /* atomic: failed expectations, all processes */
	unsigned int nr_slots;    /* atomic */
	struct launch_slot slots[LAUNCH_MAX_SLOTS];
};

/* Run top-level process proc in this (new) process: attach, wait until
 * go_fd reads end of file, run its steps and those of the children it
 * forks. Never returns. */
void client_env_run(struct exec_env *env, struct launch_shared *sh, const struct script_proc *proc,
                    const struct pgd_geometry *g, int go_fd) __attribute__((noreturn));

#endif
