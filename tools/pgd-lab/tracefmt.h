/* SPDX-License-Identifier: MIT */
/*
 * Trace formats pgd-lab reads and writes (docs/lab.md names them):
 * text: one page number per line (decimal or 0x hex), optionally followed
 *   by r or w; blank lines and lines starting with '#' are skipped;
 * csv: libCacheSim's csv: a header line naming the columns (obj_id, or id
 *   or key; an optional op column whose values write, set or w are
 *   writes), or no header and the object id in column 2; ids that are not
 *   numbers are hashed;
 * oracle: libCacheSim's oracleGeneral binary: packed little-endian records
 *   of uint32 time, uint64 object id, uint32 size, int64 next access time
 *   (the position of the next reference to the object, -1 for none);
 * ostep: the address lists of OSTEP's paging-policy.py: addresses (decimal
 *   or 0x hex) separated by commas or newlines, page = address / page size;
 * record: a recording of pagerd/pgd-run --record (docs/protocol.md
 *   section 7); recognised by its header whatever the file's name; read
 *   only.
 * pgd: a pgd-run workload script driving one process through the trace
 *   (scriptwrite.c); write only.
 * A file whose name ends in .zst is zstd-compressed, whatever its format.
 * The formats are one table in tracefmt.c (a reader and a writer each).
 */
#ifndef PGD_LAB_TRACEFMT_H
#define PGD_LAB_TRACEFMT_H

#include <stddef.h>
#include <stdio.h>

#include "trace.h"

enum tracefmt {
	TRACEFMT_AUTO,
	TRACEFMT_TEXT,
	TRACEFMT_CSV,
	TRACEFMT_ORACLE,
	TRACEFMT_OSTEP,
	TRACEFMT_RECORD,
	TRACEFMT_PGD,
};

struct tracefmt_opts {
	/* ostep: bytes per page, 0 means 1 (addresses are pages); pgd: the
	 * script's page size, 0 means 4096 */
	uint64_t page_size;
	uint32_t frames; /* pgd: the frames of the run (its memory less the zero page) */
};

/* The format named name ("text", "csv", "oracle", "ostep", "record",
 * "pgd"); -1
 * if none. */
int tracefmt_parse(const char *name);
/* The names, comma-separated, for messages. */
const char *tracefmt_names(void);
/* Read path in format fmt (AUTO: record if the data starts with its magic,
 * else by the name without .zst: oracle if it contains "oracleGeneral",
 * csv if it ends in .csv, pgd (not readable) if in .pgd, else text) into t
 * (initialised here); o may be
 * NULL (defaults). 0, or -1 with a message naming the file and the line or
 * offset in err. */
int tracefmt_read(const char *path, enum tracefmt fmt, const struct tracefmt_opts *o,
		  struct trace *t, char *err, size_t errlen);
/* The same from bytes in memory (name for messages, and for .zst). */
int tracefmt_read_mem(const char *name, const char *data, size_t len, enum tracefmt fmt,
		      const struct tracefmt_opts *o, struct trace *t, char *err, size_t errlen);
/* The format of a file named path, by the name (what AUTO means). */
enum tracefmt tracefmt_by_name(const char *path);
/* Write t to path ("-": standard output; zstd-compressed if the name ends
 * in .zst) in format fmt (AUTO: by the name, as for reading). 0, or -1
 * with a message naming the file. */
int tracefmt_write(const char *path, enum tracefmt fmt, const struct tracefmt_opts *o,
		   const struct trace *t, char *err, size_t errlen);
/* The same to a stream, uncompressed (fmt not AUTO): 0, or -errno. */
int tracefmt_write_stream(FILE *f, enum tracefmt fmt, const struct tracefmt_opts *o,
			  const struct trace *t);

#endif
