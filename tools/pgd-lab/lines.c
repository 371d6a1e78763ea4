/* SPDX-License-Identifier: MIT */
/*
 * The readers of the line formats of tracefmt.h: text (a page number and
 * an optional r or w per line), libCacheSim's csv (an object id column, an
 * optional operation column, found by a header line) and OSTEP's address
 * lists (addresses separated by commas or newlines).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tracefmt-internal.h"

#define LINES_MAX 4096
#define LINES_MAX_FIELDS 64

struct lines {
	const char *name;
	size_t lineno;
	char *err;
	size_t errlen;
	uint64_t page_size; /* ostep */
	int id_col;  /* csv */
	int op_col;  /* csv: -1 if none */
	bool header_seen;
};

/* A whole number (decimal or 0x hex) in s. */
static bool lines_number(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return *s && !*end && !errno && *s != '-' && *s != '+' && !isspace((unsigned char)*s);
}

/* FNV-1a: ids that are not numbers (csv keys such as hashes in hex). */
static uint64_t lines_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ull;
	return h;
}

static int lines_fail(struct lines *l, const char *what, const char *field)
{
	snprintf(l->err, l->errlen, "%s:%zu: %s '%s'", l->name, l->lineno, what, field);
	return -1;
}

static bool lines_is_write(const char *op)
{
	static const char *const writes[] = {"w", "write", "set", "put", "update"};

	for (unsigned int i = 0; i < sizeof(writes) / sizeof(writes[0]); i++)
		if (!strcasecmp(op, writes[i]))
			return true;
	return false;
}

static int lines_text(struct lines *l, char *line, struct trace *t)
{
	char *save, *page = strtok_r(line, " \t", &save), *mark = strtok_r(NULL, " \t", &save);
	uint64_t v;
	bool write = false;

	if (!page || page[0] == '#')
		return 0;
	if (!lines_number(page, &v))
		return lines_fail(l, "not a page number:", page);
	if (mark) {
		if (strcasecmp(mark, "r") && strcasecmp(mark, "w"))
			return lines_fail(l, "not r or w after the page number:", mark);
		write = !strcasecmp(mark, "w");
		if ((mark = strtok_r(NULL, " \t", &save)))
			return lines_fail(l, "more than a page and a mark:", mark);
	}
	return trace_push(t, v, write) ? lines_fail(l, "out of memory at", page) : 0;
}

/* Split line at commas into fields; returns how many. */
static int lines_split(char *line, char **fields)
{
	int n = 0;

	for (char *s = line; n < LINES_MAX_FIELDS;) {
		fields[n++] = s;
		s = strchr(s, ',');
		if (!s)
			break;
		*s++ = 0;
	}
	for (int i = 0; i < n; i++) { /* trim */
		char *f = fields[i], *e = f + strlen(f);

		while (isspace((unsigned char)*f))
			f++;
		while (e > f && isspace((unsigned char)e[-1]))
			*--e = 0;
		fields[i] = f;
	}
	return n;
}

/* A header names the id column: 1 if line is one (columns noted), else 0. */
static int lines_header(struct lines *l, char **fields, int n)
{
	static const char *const ids[] = {"obj_id", "id", "key", "obj"};
	static const char *const ops[] = {"op", "operation", "type"};

	for (int i = 0; i < n; i++) {
		for (unsigned int k = 0; k < sizeof(ids) / sizeof(ids[0]); k++)
			if (!strcasecmp(fields[i], ids[k]) && l->id_col < 0)
				l->id_col = i;
		for (unsigned int k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
			if (!strcasecmp(fields[i], ops[k]))
				l->op_col = i;
	}
	return l->id_col >= 0;
}

static int lines_csv(struct lines *l, char *line, struct trace *t)
{
	char *fields[LINES_MAX_FIELDS];
	int n;
	uint64_t v;

	if (!line[0] || line[0] == '#')
		return 0;
	n = lines_split(line, fields);
	if (!l->header_seen) {
		l->header_seen = true;
		if (lines_header(l, fields, n))
			return 0;
		l->id_col = n >= 2 ? 1 : 0;
		l->op_col = -1;
	}
	if (l->id_col >= n || !fields[l->id_col][0]) {
		snprintf(l->err, l->errlen, "%s:%zu: no object id in column %d", l->name, l->lineno,
			 l->id_col + 1);
		return -1;
	}
	if (!lines_number(fields[l->id_col], &v))
		v = lines_hash(fields[l->id_col]);
	if (trace_push(t, v, l->op_col >= 0 && l->op_col < n && lines_is_write(fields[l->op_col])))
		return lines_fail(l, "out of memory at", fields[l->id_col]);
	return 0;
}

/* ostep: addresses separated by commas (paging-policy.py -a) or lines
 * (-f), optionally in brackets (a Python list as printed). */
static int lines_ostep(struct lines *l, char *line, struct trace *t)
{
	char *save = NULL;
	uint64_t v;

	if (line[0] == '#')
		return 0;
	for (char *a = strtok_r(line, ", \t[]", &save); a; a = strtok_r(NULL, ", \t[]", &save)) {
		if (!lines_number(a, &v))
			return lines_fail(l, "not an address:", a);
		if (trace_push(t, v / l->page_size, false))
			return lines_fail(l, "out of memory at", a);
	}
	return 0;
}

typedef int lines_parser(struct lines *l, char *line, struct trace *t);

static int lines_read(const struct tracefmt_src *src, lines_parser *parse, struct trace *t)
{
	const char *name = src->name, *data = src->data;
	size_t len = src->len, errlen = src->errlen;
	char *err = src->err;
	struct lines l = {.name = name,
			  .err = err,
			  .errlen = errlen,
			  .page_size = src->page_size,
			  .id_col = -1,
			  .op_col = -1};
	char line[LINES_MAX + 1];

	for (size_t off = 0; off < len;) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = (nl ? (size_t)(nl - data) : len) - off;

		l.lineno++;
		if (n > LINES_MAX) {
			snprintf(err, errlen, "%s:%zu: line longer than %d bytes", name, l.lineno,
				 LINES_MAX);
			return -1;
		}
		if (memchr(data + off, 0, n)) {
			snprintf(err, errlen, "%s:%zu: a NUL byte: not a text trace", name, l.lineno);
			return -1;
		}
		memcpy(line, data + off, n);
		line[n] = 0;
		if (n && line[n - 1] == '\r')
			line[n - 1] = 0;
		off += n + 1;
		if (parse(&l, line, t))
			return -1;
	}
	return 0;
}

int tracefmt_read_text(const struct tracefmt_src *src, struct trace *t)
{
	return lines_read(src, lines_text, t);
}

int tracefmt_read_csv(const struct tracefmt_src *src, struct trace *t)
{
	return lines_read(src, lines_csv, t);
}

int tracefmt_read_ostep(const struct tracefmt_src *src, struct trace *t)
{
	return lines_read(src, lines_ostep, t);
}
