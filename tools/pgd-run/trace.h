/* SPDX-License-Identifier: MIT */
/*
 * The trace of a run (--trace FILE; format in docs/workloads.md, "Traces"):
 * one line per pager call and per run of memory references, in the order
 * they happen. Each line is one write() to a file opened O_APPEND, so the
 * real processes of a daemon run can share it.
 */
#ifndef PGD_RUN_TRACE_H
#define PGD_RUN_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "pagerd/pager.h"
#include "script.h"

#define TRACE_MAGIC "pgd-trace 1"

struct trace;

/* Create (truncate) path and write the header: magic, geometry, files. */
int trace_open(const char *path, const struct pgd_geometry *g, const struct script *s,
               struct trace **out);
void trace_close(struct trace *t);
/* One line (the newline is added). */
void trace_line(struct trace *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "PID store ADDR HEX": bytes written at addr, in hex. */
void trace_store(struct trace *t, long pid, uintptr_t addr, const uint8_t *bytes, size_t len);

#endif
