/* SPDX-License-Identifier: MIT */
/*
 * A long run's progress line on stderr, and its interruption by Ctrl-C.
 * The replay loops report every PROGRESS_CHUNK references (nothing per
 * reference); the line appears once the run has taken a second, and only
 * when stderr is a terminal. SIGINT makes progress_add answer false: the
 * loops stop and the command prints what is done (the second SIGINT
 * kills).
 */
#ifndef PGD_LAB_PROGRESS_H
#define PGD_LAB_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define PROGRESS_CHUNK 65536 /* references between reports */

struct progress {
	const char *what;	   /* immutable: "sim", "mrc" */
	const char *unit;	   /* immutable: NULL for references (shown in
				      millions), else what total counts */
	uint64_t total;		   /* immutable: references to replay in all */
	atomic_uint_fast64_t done; /* references replayed, by every thread */
	bool tty;		   /* immutable: stderr is a terminal */
	struct timespec start;	   /* immutable */
	pthread_mutex_t lock;	   /* who prints: */
	double shown;		   /* seconds at the last line (under lock) */
};

/* Start p (and catch SIGINT). */
void progress_start(struct progress *p, const char *what, uint64_t total);
/* The same for a run counted in units other than references ("runs"),
 * shown as whole numbers. */
void progress_start_units(struct progress *p, const char *what, uint64_t total,
			  const char *unit);
/* n more references replayed (p may be NULL); false once interrupted. */
bool progress_add(struct progress *p, uint64_t n);
/* Whether SIGINT came. */
bool progress_interrupted(void);
/* Erase the line, if shown; SIGINT kills again. */
void progress_end(struct progress *p);

#endif
