/* SPDX-License-Identifier: MIT */
/* Reading a whole file into memory (scripts and traces). */
#ifndef PGD_RUN_SLURP_H
#define PGD_RUN_SLURP_H

#include <stddef.h>

/* *text gets the file's bytes (malloc, not NUL-terminated), *len their
 * number. 0 or -errno. */
int slurp(const char *path, char **text, size_t *len);

#endif
