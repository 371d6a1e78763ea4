/* SPDX-License-Identifier: MIT */
/*
 * The data files a script declares, created in the run's files directory
 * with known contents: byte o of every file is 'A' + (o / page_size) % 26,
 * so block b of a file reads as the letter 'A' + b % 26.
 */
#ifndef PGD_RUN_DATAFILES_H
#define PGD_RUN_DATAFILES_H

#include <stddef.h>

#include "script.h"

/* Make a private directory (mode 0700) under $TMPDIR or /tmp; path gets
 * its name (len bytes). 0 or -errno. */
int datafiles_mkdir(char *path, size_t len);
/* Create every file of s in dir. 0, or -errno with a message in err. */
int datafiles_create(const struct script *s, const char *dir, size_t page_size, char *err,
                     size_t errlen);
/* Remove a directory made by datafiles_mkdir and everything in it. */
void datafiles_remove(const char *dir);

#endif
