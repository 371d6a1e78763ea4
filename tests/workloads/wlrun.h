/* SPDX-License-Identifier: MIT */
/*
 * Helpers for the tests that drive pgd-run as a user does: run it with
 * arguments and capture its output, read files, and compare logs (with a
 * line diff on standard error when they differ). Daemon logs are made
 * comparable by logpids_normalize (tests/support/logpids.h).
 */
#ifndef PGD_TESTS_WLRUN_H
#define PGD_TESTS_WLRUN_H

#include <stdbool.h>
#include <stddef.h>

/* Run argv (NULL-terminated) with standard output to out_path and standard
 * error to err_path (NULL: inherited). Its exit status, 128+N if killed by
 * signal N, -1 if it could not run. */
int wlrun(char *const argv[], const char *out_path, const char *err_path);
/* The whole file as a NUL-terminated string (malloc), NULL if unreadable. */
char *wlrun_read(const char *path);
/* Write text to path; true on success. */
bool wlrun_write(const char *path, const char *text);
/* A fresh private directory (mkdtemp) in buf, and its removal. */
bool wlrun_mkdtemp(char *buf, size_t len);
void wlrun_rmtree(const char *dir);
/* Compare; on a difference print what, and a line diff, to stderr. */
bool wlrun_same(const char *what, const char *expected, const char *actual);

#endif
