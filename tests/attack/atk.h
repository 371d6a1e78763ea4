/* SPDX-License-Identifier: MIT */
/*
 * The attack-suite harness, over the daemon harness (tests/daemon/dh.h): a
 * daemon with a bystander session that holds known data, client programs
 * started against the daemon, and the checks every attack ends with (the
 * bystander's data intact, the daemon answering, nothing leaked).
 */
#ifndef PAGERD_TESTS_ATK_H
#define PAGERD_TESTS_ATK_H

#include <stdint.h>
#include <sys/types.h>

#include "dh.h"

/* The geometry the suite runs: 3 usable frames, so the bystander's six
 * pages live partly in swap. */
#define ATK_MEMORY_PAGES 4

struct atk {
	struct dh d;
	pid_t bystander;
	int by_go;	/* the bystander's standard input */
	unsigned int memory_pages; /* -m as started */
};

/* cmocka setup and teardown: *state is a struct atk, nothing started. */
int atk_setup(void **state);
int atk_teardown(void **state);
/* Start the daemon (-m ATK_MEMORY_PAGES, then args, which may give another
 * -m) and the bystander;
 * return once it has written its data and holds the CPU. */
void atk_start(struct atk *a, const char *const *args);
/* The same, with the daemon's standard error in the directory's file
 * "pagerd-err", and its soft RLIMIT_NOFILE set to nofile once the bystander
 * is attached. */
void atk_start_nofile(struct atk *a, const char *const *args, unsigned int nofile);
/* Let the bystander yield the CPU: the attackers queued behind it run. */
void atk_release(struct atk *a);
/* The bystander exits 0, the daemon answers, and once no session is left
 * nothing is held. */
void atk_finish(struct atk *a);
/* Start a client program of the daemon (PAGERD_SOCKET set), stdin from
 * /dev/null, stderr to the directory's file "err". */
pid_t atk_spawn(const struct dh *d, const char *const *argv);
/* Run pagerd with args (NULL-ended; $TMPDIR set to tmpdir unless NULL),
 * standard output to /dev/null: its exit status (128+N for signal N), and
 * what it wrote on standard error in *err (malloc'd). */
int atk_run_pagerd(const struct dh *d, const char *tmpdir, const char *const *args, char **err);
/* Wait at most ms for a message on fd: 0 and *m, -ETIMEDOUT, or the
 * error. */
int atk_recv_within(int fd, struct proto_msg *m, int ms);
/* Sleep ms; the monotonic clock in ms. */
void atk_sleep_ms(long ms);
int64_t atk_now_ms(void);
/* Wait for pid at most timeout_ms; its wait status (fails the test if it
 * does not end in time, after killing it). */
int atk_wait(pid_t pid, int timeout_ms);

#endif
