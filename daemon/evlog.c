/* SPDX-License-Identifier: MIT */
/*
 * The event-log writer: formats each pager event byte for byte as
 * semantics.md section 3 says, into a buffered FILE* owned by the caller.
 * Every function first checks for a sink, so with logging off nothing is
 * formatted and no page table is walked. A PTE with w set and r clear is a
 * pager bug: it is named in a '#' line and the process aborts.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "evlog.h"

/* Where events go; NULL when logging is off. Pager thread. */
static FILE *evlog_sink;

/* Five tabs: the indentation of the page-table block. */
#define EVLOG_TABLE_INDENT "\t\t\t\t\t"

void evlog_set(FILE *sink)
{
	evlog_sink = sink;
}

bool evlog_on(void)
{
	return evlog_sink != NULL;
}

static void evlog_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void evlog_line(const char *fmt, ...)
{
	va_list ap;

	if (!evlog_sink)
		return;
	va_start(ap, fmt);
	vfprintf(evlog_sink, fmt, ap);
	va_end(ap);
}

void evlog_started(unsigned int memory_pages)
{
	evlog_line("Pager started with %u physical memory pages\n", memory_pages);
}

void evlog_create(pid_t parent, pid_t child)
{
	evlog_line("vm_create\t(%ld, %ld)\n", (long)parent, (long)child);
}

void evlog_create_ret(int ret)
{
	evlog_line("vm_create returned %d\n", ret);
}

void evlog_switch(pid_t pid)
{
	evlog_line("vm_switch\t(%ld)\n", (long)pid);
}

void evlog_map(uintptr_t filename, unsigned int block)
{
	evlog_line("vm_map\t\t(0x%" PRIxPTR ", %u)\n", filename, block);
}

void evlog_map_ret(uintptr_t addr)
{
	evlog_line("vm_map returned 0x%" PRIxPTR "\n", addr);
}

void evlog_fault(uintptr_t addr, bool write)
{
	evlog_line("vm_fault\t(0x%" PRIxPTR ", %s)\n", addr, write ? "write" : "read");
}

void evlog_fault_ret(int ret)
{
	evlog_line("vm_fault returned %d\n", ret);
}

void evlog_file_read(const char *filename, unsigned int block)
{
	evlog_line("file_read\t(%s, %u)\n", filename ? filename : "<swap>", block);
}

void evlog_file_write(const char *filename, unsigned int block)
{
	evlog_line("file_write\t(%s, %u)\n", filename ? filename : "<swap>", block);
}

void evlog_file_error(const char *msg)
{
	evlog_line("%s\n", msg);
}

void evlog_destroy(void)
{
	evlog_line("vm_destroy\n");
}

/* r=0,w=1: the MMU refuses such an entry, so the pager is broken. Name it in
 * the log and on stderr, and stop before anything relies on it. */
static void evlog_pager_bug(pid_t pid, uintptr_t vpage)
{
	char msg[128];

	snprintf(msg, sizeof(msg),
	         "pager bug: pid %ld vpage 0x%" PRIxPTR " has write_enable without read_enable",
	         (long)pid, vpage);
	evlog_comment("%s", msg);
	evlog_flush();
	fprintf(stderr, "pagerd: %s\n", msg);
	abort();
}

void evlog_table(pid_t pid, const struct pgd_pte *ptes, size_t nr_ptes, uintptr_t arena_base,
                 size_t page_size)
{
	uintptr_t base_vpage = arena_base / page_size;

	if (!evlog_sink)
		return;
	evlog_line(EVLOG_TABLE_INDENT "returning to (%ld) with r|w pages:\n", (long)pid);
	for (size_t i = 0; i < nr_ptes; i++) {
		const struct pgd_pte *pte = &ptes[i];

		if (!pte->read_enable && !pte->write_enable)
			continue;
		if (!pte->read_enable)
			evlog_pager_bug(pid, base_vpage + i);
		evlog_line(EVLOG_TABLE_INDENT "%s\tvpage 0x%" PRIxPTR "\tppage 0x%x\n",
		           pte->write_enable ? "rw" : "r", base_vpage + i,
		           (unsigned int)pte->ppage);
	}
}

void evlog_comment(const char *fmt, ...)
{
	va_list ap;

	if (!evlog_sink)
		return;
	fputs("# ", evlog_sink);
	va_start(ap, fmt);
	vfprintf(evlog_sink, fmt, ap);
	va_end(ap);
	fputc('\n', evlog_sink);
}

void evlog_flush(void)
{
	if (evlog_sink)
		fflush(evlog_sink);
}
