/* SPDX-License-Identifier: MIT */
/*
 * Run a piece of a test in a child process, for behaviour that ends the
 * process (abort on a pager bug, exit on a fatal swap error): the parent
 * gets the wait status and what the child wrote to stderr.
 */
#ifndef PAGERD_TESTS_FORKCHECK_H
#define PAGERD_TESTS_FORKCHECK_H

#include <stddef.h>

/* Run fn(arg) in a child (which exits 0 if fn returns). Returns the wait
 * status; the child's stderr, NUL-terminated, is in err (size errlen). */
int forkcheck_run(void (*fn)(void *), void *arg, char *err, size_t errlen);

#endif
