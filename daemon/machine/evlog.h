/* SPDX-License-Identifier: MIT */
/*
 * The event log: one line per pager event, byte for byte the format of
 * semantics.md section 3. Lines pagerd adds beyond that format start with
 * '#'. Each event function is an inline test of the sink in front of its
 * writer, so with logging off a call costs one load and one branch, and
 * nothing is formatted or walked.
 */
#ifndef PAGERD_EVLOG_H
#define PAGERD_EVLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pagerd/pager.h"

/* Where the pager calls' lines go; NULL when they are off. Pager thread;
 * changed only through evlog_set and evlog_set_calls, read through
 * evlog_on. */
extern FILE *evlog_sink;

void evlog_set(FILE *sink); /* NULL: logging off */
/* false: only the '#' lines (statistics, the daemon's notes) go to the
 * sink, not one line per call (--stats-only, for runs too long to log).
 * Either order with evlog_set. */
void evlog_set_calls(bool calls);
/* Whether '#' lines are written: a sink is set. */
bool evlog_notes_on(void);
/* The log's name in messages: the --log file, "standard output", or
 * NULL for none. */
void evlog_set_name(const char *name);
/* A failed write to the log (errno err, 0 if unknown): reported on stderr
 * the first time since evlog_set; the log is incomplete from then on. */
void evlog_write_failed(int err);
/* 0, or the errno of the first failed write since evlog_set. */
int evlog_error(void);
/* While set aside, file_read and file_write lines (and their error lines)
 * are '#' lines: for the shutdown write-back, which is no pager call of the
 * classic format (semantics.md section 3). */
void evlog_set_aside(bool aside);

/* The text form of the log (semantics.md section 3): the call's arguments
 * in parentheses, or the calling pid in parentheses and the arguments after
 * tabs. */
enum evlog_format {
	EVLOG_ARGS = 0, /* vm_map\t\t(0x0, 0): the default */
	EVLOG_PID,      /* vm_map\t\t(PID)\t0x0\t0 */
};
void evlog_set_format(enum evlog_format format);

static inline bool evlog_on(void)
{
	return evlog_sink != NULL;
}

/* The writers behind the event functions below; only with logging on. */
void evlog_write_started(unsigned int memory_pages);
void evlog_write_create(pid_t parent, pid_t child);
void evlog_write_create_ret(int ret);
void evlog_write_switch(pid_t pid);
void evlog_write_map(pid_t pid, uintptr_t filename, unsigned int block);
void evlog_write_map_ret(uintptr_t addr);
void evlog_write_fault(pid_t pid, uintptr_t addr, bool write);
void evlog_write_fault_ret(int ret);
void evlog_write_file_read(const char *filename, unsigned int block);
void evlog_write_file_write(const char *filename, unsigned int block);
void evlog_write_file_error(const char *msg);
void evlog_write_destroy(pid_t pid);
void evlog_write_table(pid_t pid, const struct pgd_pte *ptes, size_t nr_ptes, uintptr_t arena_base,
                       size_t page_size);

static inline void evlog_started(unsigned int memory_pages)
{
	if (evlog_on())
		evlog_write_started(memory_pages);
}

static inline void evlog_create(pid_t parent, pid_t child)
{
	if (evlog_on())
		evlog_write_create(parent, child);
}

static inline void evlog_create_ret(int ret)
{
	if (evlog_on())
		evlog_write_create_ret(ret);
}

static inline void evlog_switch(pid_t pid)
{
	if (evlog_on())
		evlog_write_switch(pid);
}

/* pid: the caller, which the pid form prints */
static inline void evlog_map(pid_t pid, uintptr_t filename, unsigned int block)
{
	if (evlog_on())
		evlog_write_map(pid, filename, block);
}

static inline void evlog_map_ret(uintptr_t addr)
{
	if (evlog_on())
		evlog_write_map_ret(addr);
}

static inline void evlog_fault(pid_t pid, uintptr_t addr, bool write)
{
	if (evlog_on())
		evlog_write_fault(pid, addr, write);
}

static inline void evlog_fault_ret(int ret)
{
	if (evlog_on())
		evlog_write_fault_ret(ret);
}

/* filename NULL: <swap> */
static inline void evlog_file_read(const char *filename, unsigned int block)
{
	if (evlog_on())
		evlog_write_file_read(filename, block);
}

static inline void evlog_file_write(const char *filename, unsigned int block)
{
	if (evlog_on())
		evlog_write_file_write(filename, block);
}

/* e.g. "block out of range", on its own line */
static inline void evlog_file_error(const char *msg)
{
	if (evlog_on())
		evlog_write_file_error(msg);
}

static inline void evlog_destroy(pid_t pid)
{
	if (evlog_on())
		evlog_write_destroy(pid);
}

/* "returning to (pid) with r|w pages:" (pid form: "with pages:") and one line per entry with r or w,
 * vpage = arena_base / page_size + index. */
static inline void evlog_table(pid_t pid, const struct pgd_pte *ptes, size_t nr_ptes,
                               uintptr_t arena_base, size_t page_size)
{
	if (evlog_on())
		evlog_write_table(pid, ptes, nr_ptes, arena_base, page_size);
}

/* A '#' line: "# " followed by the formatted text. Rare, so printf-style. */
void evlog_comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void evlog_flush(void);

#endif
