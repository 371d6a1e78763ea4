/* SPDX-License-Identifier: MIT */
/*
 * The event-log writer: formats each pager event byte for byte as
 * semantics.md section 3 says, by hand (its own decimal and hex conversions)
 * into one buffer that goes to the caller's FILE* with one fwrite per line,
 * or per page-table block. Only '#' lines, which are rare, use printf. File
 * names are escaped (escape.h), since they come from clients. A PTE
 * with w set and r clear is a pager bug: it is named in a '#' line and the
 * process aborts.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "evlog.h"

FILE *evlog_sink;

/* Five tabs: the indentation of the page-table block. */
#define EVLOG_TABLE_INDENT "\t\t\t\t\t"

/* More than any line needs but for the names and messages it quotes. */
#define EVLOG_LINE_MAX 128

/* The text being made: one line, or a page-table block. Pager thread, like
 * the sink. Text is made at a position p with at least EVLOG_LINE_MAX bytes
 * of room after it: evlog_room gives that room at the start of each line,
 * evlog_put_str gives it back after a string of any length, and the other
 * pieces of one line take less. */
static char evlog_text[4096];

/* The log's name, and the errno of its first failed write (0: none). Pager
 * thread, like the sink. */
static const char *evlog_name; /* NULL: none given */
static int evlog_errno;

/* evlog_set_aside's state. Pager thread, like the sink. */
static bool evlog_aside;

/* The text form; set before the machine starts. */
static enum evlog_format evlog_format;

void evlog_set_format(enum evlog_format format)
{
	evlog_format = format;
}

/* The sink of '#' lines, and whether call lines go there too
 * (evlog_set_calls). Pager thread, like evlog_sink. */
static FILE *evlog_notes;
static bool evlog_no_calls;

/* The call lines' sink from the settings: the notes' sink, unless calls
 * are off and the file lines are not set aside ('#' lines then). */
static void evlog_route(void)
{
	evlog_sink = evlog_aside || !evlog_no_calls ? evlog_notes : NULL;
}

void evlog_set(FILE *sink)
{
	evlog_notes = sink;
	evlog_route();
	if (sink)
		evlog_errno = 0;
}

void evlog_set_calls(bool calls)
{
	evlog_no_calls = !calls;
	evlog_route();
}

bool evlog_notes_on(void)
{
	return evlog_notes != NULL;
}

void evlog_set_name(const char *name)
{
	evlog_name = name;
}

void evlog_write_failed(int err)
{
	if (evlog_errno)
		return;
	evlog_errno = err ? err : EIO;
	fprintf(stderr, "pagerd: cannot write the event log%s%s: %s; the log is incomplete\n",
		evlog_name ? " to " : "", evlog_name ? evlog_name : "", strerror(evlog_errno));
}

int evlog_error(void)
{
	return evlog_errno;
}

void evlog_set_aside(bool aside)
{
	evlog_aside = aside;
	evlog_route();
}

/* Write out the text made so far, up to end. */
static void evlog_out(const char *end)
{
	size_t n = (size_t)(end - evlog_text);

	if (fwrite(evlog_text, 1, n, evlog_sink) != n)
		evlog_write_failed(errno);
}

static size_t evlog_left(const char *p)
{
	return (size_t)(evlog_text + sizeof(evlog_text) - p);
}

/* Where a new line starts: p, or the start of the buffer once the text up
 * to p is written out, if the room after p is too short for a line. */
static char *evlog_room(char *p)
{
	if (evlog_left(p) >= EVLOG_LINE_MAX)
		return p;
	evlog_out(p);
	return evlog_text;
}

/* The put functions add a piece at p and return where the text now ends.
 * A literal or a short string: */
static char *evlog_put(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/* A string of any length (a file name, a message), escaped (escape.h): a
 * name comes from a client. */
static char *evlog_put_str(char *p, const char *s)
{
	size_t n = ESCAPE_MAX * strlen(s);

	if (n + EVLOG_LINE_MAX > evlog_left(p)) {
		evlog_out(p);
		p = evlog_text;
		if (n + EVLOG_LINE_MAX > sizeof(evlog_text)) {
			escape_fputs(s, evlog_sink);
			return p;
		}
	}
	return escape_put(p, s);
}

/* n in decimal, as %lld prints it. */
static char *evlog_put_dec(char *p, long long n)
{
	unsigned long long u = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
	size_t nr_digits = 1;
	char *end;

	for (unsigned long long rest = u / 10; rest; rest /= 10)
		nr_digits++;
	if (n < 0)
		*p++ = '-';
	end = p + nr_digits;
	p = end;
	do {
		*--p = '0' + (char)(u % 10);
		u /= 10;
	} while (u);
	return end;
}

/* Every byte value as two lower-case hex digits: "00" "01" ... "ff". */
/* clang-format off */
#define EVLOG_HEX_ROW(hi) \
	hi "0" hi "1" hi "2" hi "3" hi "4" hi "5" hi "6" hi "7" \
	hi "8" hi "9" hi "a" hi "b" hi "c" hi "d" hi "e" hi "f"
static const char evlog_hex_pairs[] =
	EVLOG_HEX_ROW("0") EVLOG_HEX_ROW("1") EVLOG_HEX_ROW("2") EVLOG_HEX_ROW("3")
	EVLOG_HEX_ROW("4") EVLOG_HEX_ROW("5") EVLOG_HEX_ROW("6") EVLOG_HEX_ROW("7")
	EVLOG_HEX_ROW("8") EVLOG_HEX_ROW("9") EVLOG_HEX_ROW("a") EVLOG_HEX_ROW("b")
	EVLOG_HEX_ROW("c") EVLOG_HEX_ROW("d") EVLOG_HEX_ROW("e") EVLOG_HEX_ROW("f");
/* clang-format on */

/* n in lower-case hex without a prefix, as %llx prints it: a byte (two
 * digits) a step from the last, and the first one or two digits. */
static char *evlog_put_hex(char *p, unsigned long long n)
{
	char *end = p + (64 - __builtin_clzll(n | 1) + 3) / 4;

	p = end;
	for (; n > 0xff; n >>= 8) {
		p -= 2;
		memcpy(p, &evlog_hex_pairs[2 * (n & 0xff)], 2);
	}
	if (n > 0xf)
		memcpy(p - 2, &evlog_hex_pairs[2 * n], 2);
	else
		p[-1] = evlog_hex_pairs[2 * n + 1];
	return end;
}

void evlog_write_started(unsigned int memory_pages)
{
	char *p = evlog_text;

	p = evlog_put(p, "Pager started with ");
	p = evlog_put_dec(p, memory_pages);
	p = evlog_put(p, " physical memory pages\n");
	evlog_out(p);
}

void evlog_write_create(pid_t parent, pid_t child)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_create\t(");
	p = evlog_put_dec(p, parent);
	p = evlog_put(p, ", ");
	p = evlog_put_dec(p, child);
	p = evlog_put(p, ")\n");
	evlog_out(p);
}

void evlog_write_create_ret(int ret)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_create returned ");
	p = evlog_put_dec(p, ret);
	p = evlog_put(p, "\n");
	evlog_out(p);
}

void evlog_write_switch(pid_t pid)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_switch\t(");
	p = evlog_put_dec(p, pid);
	p = evlog_put(p, ")\n");
	evlog_out(p);
}

/* The pid form's "(PID)\t" after a call's name. */
static char *evlog_put_pid(char *p, pid_t pid)
{
	p = evlog_put(p, "(");
	p = evlog_put_dec(p, pid);
	return evlog_put(p, ")\t");
}

void evlog_write_map(pid_t pid, uintptr_t filename, unsigned int block)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_map\t\t");
	p = evlog_format == EVLOG_PID ? evlog_put_pid(p, pid) : evlog_put(p, "(");
	p = evlog_put(p, "0x");
	p = evlog_put_hex(p, filename);
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\t" : ", ");
	p = evlog_put_dec(p, block);
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\n" : ")\n");
	evlog_out(p);
}

void evlog_write_map_ret(uintptr_t addr)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_map returned 0x");
	p = evlog_put_hex(p, addr);
	p = evlog_put(p, "\n");
	evlog_out(p);
}

void evlog_write_fault(pid_t pid, uintptr_t addr, bool write)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_fault\t");
	p = evlog_format == EVLOG_PID ? evlog_put_pid(p, pid) : evlog_put(p, "(");
	p = evlog_put(p, "0x");
	p = evlog_put_hex(p, addr);
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\t" : ", ");
	p = evlog_put(p, write ? "write" : "read");
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\n" : ")\n");
	evlog_out(p);
}

void evlog_write_fault_ret(int ret)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_fault returned ");
	p = evlog_put_dec(p, ret);
	p = evlog_put(p, "\n");
	evlog_out(p);
}

/* Where a file line's text starts: after "# " while set aside. */
static char *evlog_file_line(void)
{
	return evlog_aside ? evlog_put(evlog_text, "# ") : evlog_text;
}

/* The rest of a file_read or file_write line, after the call's name at p. */
static void evlog_write_file(char *p, const char *filename, unsigned int block)
{
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\t" : "\t(");
	p = filename ? evlog_put_str(p, filename) : evlog_put(p, "<swap>");
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\t" : ", ");
	p = evlog_put_dec(p, block);
	p = evlog_put(p, evlog_format == EVLOG_PID ? "\n" : ")\n");
	evlog_out(p);
}

void evlog_write_file_read(const char *filename, unsigned int block)
{
	evlog_write_file(evlog_put(evlog_file_line(), "file_read"), filename, block);
}

void evlog_write_file_write(const char *filename, unsigned int block)
{
	evlog_write_file(evlog_put(evlog_file_line(), "file_write"), filename, block);
}

void evlog_write_file_error(const char *msg)
{
	char *p = evlog_file_line();

	p = evlog_put_str(p, msg);
	p = evlog_put(p, "\n");
	evlog_out(p);
}

void evlog_write_destroy(pid_t pid)
{
	char *p = evlog_text;

	p = evlog_put(p, "vm_destroy");
	if (evlog_format == EVLOG_PID) {
		p = evlog_put(p, "\t(");
		p = evlog_put_dec(p, pid);
		p = evlog_put(p, ")");
	}
	p = evlog_put(p, "\n");
	evlog_out(p);
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

void evlog_write_table(pid_t pid, const struct pgd_pte *ptes, size_t nr_ptes, uintptr_t arena_base,
                       size_t page_size)
{
	uintptr_t base_vpage = arena_base / page_size;
	char *p = evlog_text;

	p = evlog_put(p, EVLOG_TABLE_INDENT "returning to (");
	p = evlog_put_dec(p, pid);
	p = evlog_put(p, evlog_format == EVLOG_PID ? ") with pages:\n" : ") with r|w pages:\n");
	for (size_t i = 0; i < nr_ptes; i++) {
		struct pgd_pte pte = ptes[i];

		if (!pte.read_enable && !pte.write_enable)
			continue;
		if (!pte.read_enable) {
			evlog_out(p); /* the lines before it */
			evlog_pager_bug(pid, base_vpage + i);
		}
		p = evlog_room(p);
		p = pte.write_enable ? evlog_put(p, EVLOG_TABLE_INDENT "rw\tvpage 0x")
		                     : evlog_put(p, EVLOG_TABLE_INDENT "r\tvpage 0x");
		p = evlog_put_hex(p, base_vpage + i);
		p = evlog_put(p, "\tppage 0x");
		p = evlog_put_hex(p, pte.ppage);
		p = evlog_put(p, "\n");
	}
	evlog_out(p);
}

void evlog_comment(const char *fmt, ...)
{
	va_list ap;

	if (!evlog_notes)
		return;
	fputs("# ", evlog_notes);
	va_start(ap, fmt);
	vfprintf(evlog_notes, fmt, ap);
	va_end(ap);
	fputc('\n', evlog_notes);
}

/* Every job ends here, so a failed write that the stream kept to itself
 * (ferror) is found after the job that made it. */
void evlog_flush(void)
{
	if (!evlog_notes)
		return;
	errno = 0;
	if (fflush(evlog_notes) || ferror(evlog_notes))
		evlog_write_failed(errno);
}
