/* SPDX-License-Identifier: MIT */
/*
 * Running the real daemon and its clients for the daemon benchmarks: a
 * serving pagerd (on a private socket, with a given machine, log and CPU)
 * that stays up across samples, as a production daemon does, and
 * pgd-bench-client processes that attach to it one after another and print
 * what they measured.
 */
#ifndef PAGERD_BENCH_SPAWN_H
#define PAGERD_BENCH_SPAWN_H

#include <stddef.h>

#include "harness.h"

struct spawn_config {
	size_t page_size;
	unsigned int frames;
	unsigned int blocks;
	size_t arena;
	enum placement place; /* pagerd on the server's CPU, clients on the client's */
	const char *log;      /* the event log's file; NULL: --no-log */
	const char *record;   /* --record's file; NULL: none */
};

struct spawn_daemon;

/* Start pagerd and wait until it accepts connections. Dies on failure. */
struct spawn_daemon *spawn_daemon_start(const struct bench_opts *o, const struct spawn_config *c);
/* Stop it with SIGTERM (a clean shutdown) and check that it exited 0. */
void spawn_daemon_stop(struct spawn_daemon *d);

/* Run pgd-bench-client MODE ARGS... (args end at a 0) against d and read
 * the nr numbers it prints. Dies if it fails. */
void spawn_client(const struct bench_opts *o, const struct spawn_daemon *d, const char *mode,
                  const size_t *args, double *out, int nr);

#endif
