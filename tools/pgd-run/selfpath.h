/* SPDX-License-Identifier: MIT */
/* Finding a program of the project relative to the running one: installed,
 * they are in known directories of one tree; in the build tree, where the
 * build put them (a path compiled in). */
#ifndef PGD_RUN_SELFPATH_H
#define PGD_RUN_SELFPATH_H

#include <stddef.h>

/* path gets DIR/SUB/name for the first of the nr subdirs SUB where that is
 * an executable file, DIR being the running program's own directory; else
 * fallback. */
void selfpath_find(const char *name, const char *const *subdirs, size_t nr,
                   const char *fallback, char *path, size_t len);

#endif
