/* SPDX-License-Identifier: MIT */
/*
 * The event log: one line per pager event, byte for byte the format of
 * semantics.md section 3. Lines pagerd adds beyond that format start with
 * '#'. With no sink set (logging off) every function returns at once without
 * formatting anything.
 */
#ifndef PAGERD_EVLOG_H
#define PAGERD_EVLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pagerd/pager.h"

void evlog_set(FILE *sink);	/* NULL: logging off */
bool evlog_on(void);

void evlog_started(unsigned int memory_pages);
void evlog_create(pid_t parent, pid_t child);
void evlog_create_ret(int ret);
void evlog_switch(pid_t pid);
void evlog_map(uintptr_t filename, unsigned int block);
void evlog_map_ret(uintptr_t addr);
void evlog_fault(uintptr_t addr, bool write);
void evlog_fault_ret(int ret);
void evlog_file_read(const char *filename, unsigned int block);	/* NULL: <swap> */
void evlog_file_write(const char *filename, unsigned int block);
void evlog_file_error(const char *msg);	/* e.g. "block out of range" */
void evlog_destroy(void);
/* "returning to (pid) with r|w pages:" and one line per entry with r or w,
 * vpage = arena_base / page_size + index. */
void evlog_table(pid_t pid, const struct pgd_pte *ptes, size_t nr_ptes,
		 uintptr_t arena_base, size_t page_size);
/* A '#' line: "# " followed by the formatted text. */
void evlog_comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void evlog_flush(void);

#endif
