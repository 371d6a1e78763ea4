/* SPDX-License-Identifier: MIT */
/*
 * Pid normalization of event logs (logpids.h). A log is read a line at a
 * time: a pid line is known by its start, or by "returning to (" within that
 * line (never in the rest of the log), and only the numbers between its
 * first '(' and the next ')' are pids. The pid form of vm_map, vm_fault and
 * vm_destroy (`--log-format pid`: "vm_fault\t(PID)\t...") is a pid line
 * too when its parentheses hold only digits; the args form's hold an
 * address ("vm_fault\t(0x600000000, 1)"). Everything else is copied
 * unchanged.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logpids.h"

/* Pids in order of first appearance. Owned by the call that reads a log. */
struct logpids {
	long *pid;
	size_t nr, cap;
};

/* A log comparer has no way to go on without memory. */
static void *logpids_check(void *p)
{
	if (!p) {
		fputs("logpids: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* LOGPIDS_FIRST + the index of pid; a new pid is added if learn is set,
 * else it gives -1. */
static long logpids_number(struct logpids *t, long pid, bool learn)
{
	size_t i;

	for (i = 0; i < t->nr && t->pid[i] != pid; i++)
		;
	if (i == t->nr) {
		if (!learn)
			return -1;
		if (t->nr == t->cap) {
			t->cap = t->cap ? 2 * t->cap : 16;
			t->pid = logpids_check(realloc(t->pid, t->cap * sizeof(*t->pid)));
		}
		t->pid[t->nr++] = pid;
	}
	return LOGPIDS_FIRST + (long)i;
}

/* The line at line: its length without the newline, in *len; with it, the
 * return value. */
static size_t logpids_line(const char *line, size_t *len)
{
	const char *nl = strchrnul(line, '\n');

	*len = (size_t)(nl - line);
	return *len + (*nl == '\n');
}

static bool logpids_starts(const char *line, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(line, prefix, n);
}

/* For a pid line (len bytes), the part that holds its pids: from its first
 * '(' to the next ')'. False for any other line. */
static bool logpids_span(const char *line, size_t len, const char **from, const char **to)
{
	bool pid_form = logpids_starts(line, len, "vm_map\t\t(") ||
			logpids_starts(line, len, "vm_fault\t(") ||
			logpids_starts(line, len, "vm_destroy\t(");

	if (!pid_form && !logpids_starts(line, len, "vm_create\t(") &&
	    !logpids_starts(line, len, "vm_switch\t(") && !memmem(line, len, "returning to (", 14))
		return false;
	*from = memchr(line, '(', len);
	*to = memchr(*from, ')', len - (size_t)(*from - line));
	if (!*to)
		return false;
	for (const char *c = *from + 1; pid_form && c < *to; c++)
		if (!isdigit((unsigned char)*c))
			return false;
	return true;
}

/* The next pid in [*p, to): where it starts (*at) and its value (*pid);
 * *p moves past it. False when none is left. */
static bool logpids_next(const char **p, const char *to, const char **at, long *pid)
{
	const char *s = *p;
	char *end;

	while (s < to && !isdigit((unsigned char)*s))
		s++;
	if (s == to)
		return false;
	*pid = strtol(s, &end, 10);
	*at = s;
	*p = end;
	return true;
}

static FILE *logpids_open(char **buf, size_t *size)
{
	return logpids_check(open_memstream(buf, size));
}

/* The text written to out, once it is closed; t is freed. */
static char *logpids_close(FILE *out, char **buf, struct logpids *t)
{
	bool failed = ferror(out);

	if (fclose(out) || failed)
		logpids_check(NULL);
	free(t->pid);
	return logpids_check(*buf);
}

char *logpids_normalize(const char *log)
{
	struct logpids t = {0};
	char *buf = NULL;
	size_t size, len, n;
	FILE *out = logpids_open(&buf, &size);

	for (const char *line = log; *line; line += n) {
		const char *p, *to, *at, *copied = line;
		long pid;

		n = logpids_line(line, &len);
		if (*line == '#')
			continue;
		if (logpids_span(line, len, &p, &to)) {
			while (logpids_next(&p, to, &at, &pid)) {
				fwrite(copied, 1, (size_t)(at - copied), out);
				fprintf(out, "%ld", logpids_number(&t, pid, true));
				copied = p;
			}
		}
		fwrite(copied, 1, (size_t)(line + n - copied), out);
	}
	return logpids_close(out, &buf, &t);
}

char *logpids_stats(const char *log)
{
	static const char stats_pid[] = "# stats pid ", stats_global[] = "# stats global:";
	struct logpids t = {0};
	char *buf = NULL;
	size_t size, len, n;
	FILE *out = logpids_open(&buf, &size);

	for (const char *line = log; *line; line += n) {
		const char *p, *to, *at;
		char *rest;
		long pid, nr;

		n = logpids_line(line, &len);
		if (logpids_span(line, len, &p, &to)) {
			while (logpids_next(&p, to, &at, &pid))
				logpids_number(&t, pid, true);
		} else if (logpids_starts(line, len, stats_pid)) {
			pid = strtol(line + sizeof(stats_pid) - 1, &rest, 10);
			nr = logpids_number(&t, pid, false);
			fprintf(out, "stats pid %ld%.*s\n", nr >= 0 ? nr : -pid,
			        (int)(line + len - rest), rest);
		} else if (logpids_starts(line, len, stats_global)) {
			fprintf(out, "%.*s\n", (int)len - 2, line + 2);
		}
	}
	return logpids_close(out, &buf, &t);
}
