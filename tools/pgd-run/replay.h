/* SPDX-License-Identifier: MIT */
/*
 * Replay of a trace (--replay FILE) through the in-process MMU: the same
 * pager calls and memory references in the same order, hence the same log.
 * The trace's pids are mapped to the in-process ones as processes appear.
 */
#ifndef PGD_RUN_REPLAY_H
#define PGD_RUN_REPLAY_H

#include <stddef.h>

#include "runopts.h"

/* 0, or -errno with "path:line: problem" on stderr (a trace that does not
 * fit the run it replays, e.g. a line for a process that is not running). */
int replay(const char *text, size_t len, const struct run_opts *o);

#endif
