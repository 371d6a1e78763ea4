/* SPDX-License-Identifier: MIT */
/*
 * The in-process executor (--in-process): every simulated process of a
 * script runs through the in-process MMU, scheduled by the daemon's own
 * scheduler, so the log is the one the daemon prints for the same script.
 */
#ifndef PGD_RUN_RUNINPROC_H
#define PGD_RUN_RUNINPROC_H

#include "runopts.h"
#include "script.h"

/* 0: every expectation held; 1: some failed (reported on stderr);
 * -errno: the run could not be made. */
int run_inproc(const struct script *s, const struct run_opts *o);

#endif
