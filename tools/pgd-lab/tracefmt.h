/* SPDX-License-Identifier: MIT */
/*
 * Trace formats read by pgd-lab (docs/policies.md names them):
 * text: one page number per line (decimal or 0x hex), optionally followed
 *   by r or w; blank lines and lines starting with '#' are skipped;
 * csv: libCacheSim's csv: a header line naming the columns (obj_id, or id
 *   or key; an optional op column whose values write, set or w are
 *   writes), or no header and the object id in column 2; ids that are not
 *   numbers are hashed;
 * oracle: libCacheSim's oracleGeneral binary: packed little-endian records
 *   of uint32 time, uint64 object id, uint32 size, int64 next access time
 *   (-1 for none);
 * record: a recording of pagerd/pgd-run --record (docs/protocol.md
 *   section 7); recognised by its header whatever the file's name.
 */
#ifndef PGD_LAB_TRACEFMT_H
#define PGD_LAB_TRACEFMT_H

#include <stddef.h>

#include "trace.h"

enum tracefmt { TRACEFMT_AUTO, TRACEFMT_TEXT, TRACEFMT_CSV, TRACEFMT_ORACLE, TRACEFMT_RECORD };

/* The format named name ("text", "csv", "oracle", "record"); -1 if none. */
int tracefmt_parse(const char *name);
/* Read path in format fmt (AUTO: record if the data starts with its
 * magic, oracle if the name contains
 * "oracleGeneral", csv if it ends in .csv, else text) into t (initialised
 * here). 0, or -1 with a message naming the file and the line or offset in
 * err. */
int tracefmt_read(const char *path, enum tracefmt fmt, struct trace *t, char *err, size_t errlen);
/* The same from bytes in memory (name for messages). */
int tracefmt_read_mem(const char *name, const char *data, size_t len, enum tracefmt fmt,
		      struct trace *t, char *err, size_t errlen);

#endif
