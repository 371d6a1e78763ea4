/* SPDX-License-Identifier: MIT */
/*
 * The daemon executor's front half, in pgd-run: create the data files, then
 * run pgd-run-launch (which starts the simulated processes as real client
 * processes) under a private pagerd with the script's geometry, or directly
 * against the daemon of --socket.
 */
#ifndef PGD_RUN_RUNDAEMON_H
#define PGD_RUN_RUNDAEMON_H

#include "runopts.h"
#include "script.h"

/* 0: every expectation held; 1: some failed; -errno: the run could not be
 * made (message on stderr). */
int run_daemon(const struct script *s, const struct run_opts *o);

#endif
