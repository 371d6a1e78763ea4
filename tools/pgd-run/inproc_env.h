/* SPDX-License-Identifier: MIT */
/*
 * The in-process side of a run, shared by the script executor and the trace
 * replayer: starting the machine with the run's geometry and data files,
 * the exec operations over the in-process MMU, per-process statistics
 * around each step, and the end of the run ('#' statistics lines, JSON,
 * shutdown, removal of the private files directory).
 */
#ifndef PGD_RUN_INPROCRUN_H
#define PGD_RUN_INPROCRUN_H

#include <stdbool.h>
#include <sys/types.h>

#include "exec.h"
#include "runopts.h"

extern const struct exec_ops inproc_env_ops;

/* Create the data files of s (its files only are used), start the machine
 * with geometry g, launcher pid 1000. 0 or -errno (message on stderr). */
int inproc_env_start(const struct run_opts *o, const struct pgd_geometry *g, const struct script *s);
/* Around each step of the running process pid: may_kill for accesses. */
void inproc_env_step_begin(pid_t pid, bool may_kill);
void inproc_env_step_end(pid_t pid, bool alive);
/* Statistics, shutdown, cleanup. 0 or -errno. */
int inproc_env_finish(const struct run_opts *o);

#endif
