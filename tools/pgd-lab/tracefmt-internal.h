/* SPDX-License-Identifier: MIT */
/* The readers behind tracefmt_read_mem: 0, or -1 with a message. */
#ifndef PGD_LAB_TRACEFMT_INTERNAL_H
#define PGD_LAB_TRACEFMT_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "trace.h"

/* lines.c: text (csv false) and csv */
int tracefmt_lines(const char *name, const char *data, size_t len, bool csv, struct trace *t,
		   char *err, size_t errlen);
/* recorded.c: a recording of --record */
int tracefmt_recorded(const char *name, const char *data, size_t len, struct trace *t, char *err,
		      size_t errlen);
/* oracle.c: oracleGeneral */
int tracefmt_oracle(const char *name, const char *data, size_t len, struct trace *t, char *err,
		    size_t errlen);

#endif
