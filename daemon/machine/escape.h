/* SPDX-License-Identifier: MIT */
/*
 * The one escaping of names (client-given file names) in every line the
 * daemon writes: the event log, '#' lines, standard error and the text frame
 * table (docs/security.md section 5). A byte below 0x20, the byte 0x7f and
 * the backslash become \xHH (lower-case hex); every other byte stays as it
 * is. So no name can end a line, move a terminal's cursor or forge a line.
 */
#ifndef PAGERD_ESCAPE_H
#define PAGERD_ESCAPE_H

#include <stdio.h>

/* The most bytes one byte of a name becomes. */
#define ESCAPE_MAX 4

/* Write the escaped name at p (room for ESCAPE_MAX x strlen(name) bytes;
 * no NUL added); return where it ends. */
char *escape_put(char *p, const char *name);
/* Write the escaped name to f. */
void escape_fputs(const char *name, FILE *f);

#endif
