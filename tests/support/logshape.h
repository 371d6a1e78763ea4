/* SPDX-License-Identifier: MIT */
/*
 * The shapes of the event-log lines of semantics.md section 3, for tests
 * that check a pagerd log: every line must have one of them or start with
 * '#', so that `grep -v '^#'` leaves a log other implementations print.
 */
#ifndef PGD_TESTS_LOGSHAPE_H
#define PGD_TESTS_LOGSHAPE_H

#include <stddef.h>

/* The first line of log (a copy, malloc'd) that neither starts with '#'
 * nor has a section-3 shape; NULL if there is none. A last line without
 * its newline counts as foreign. */
char *logshape_foreign(const char *log);

#endif
