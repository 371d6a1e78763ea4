/* SPDX-License-Identifier: MIT */
/*
 * The recorded reference string (--record, docs/protocol.md section
 * "Recordings"): a 16-byte header, then fixed-size 16-byte little-endian
 * records, one per access of a process to a page other than the one it
 * touched last. Written with one write() per record on a descriptor opened
 * O_APPEND, so records of several processes interleave whole, in the order
 * of the one simulated CPU. Signal-safe: the client's SIGSEGV handler
 * writes them.
 */
#ifndef PAGERD_RECORD_H
#define PAGERD_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RECORD_MAGIC "PGDREC1\n" /* 8 bytes */
#define RECORD_HEADER_SIZE 16	 /* magic, u32 page size, u32 0 */
#define RECORD_SIZE 16		 /* u32 pid, u8 write, u8 kind, u16 0, u64 vpage */

/* What backs the page at the time of the access. */
enum record_kind {
	RECORD_ZERO = 0, /* swap-backed, never written: reads see the zero page */
	RECORD_SWAP = 1,
	RECORD_FILE = 2,
};

struct record {
	uint32_t pid;
	bool write;
	uint8_t kind;	/* enum record_kind */
	uint64_t vpage; /* address / page size, as the log prints it */
};

/* Write the header to fd (a new, empty file); 0 or -errno. */
int record_write_header(int fd, uint32_t page_size);
/* Append one record to fd with one write(); 0 or -errno. */
int record_append(int fd, const struct record *r);
/* Decode header bytes; 0, or -1 if they are not a recording's header. */
int record_decode_header(const unsigned char *b, uint32_t *page_size);
/* Decode one record; 0, or -1 if a field is out of range (kind, padding). */
int record_decode(const unsigned char *b, struct record *r);

#endif
