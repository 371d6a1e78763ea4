/* SPDX-License-Identifier: MIT */
/*
 * Recording a run for the step-through report (report.h) and writing it.
 * The step records are lines of text, one kind per line, so that report.js
 * reads them with a split:
 *   S nlog pid      a step: nlog log lines, pid runs (0: none)
 *   K nlog pid      a keyframe step: the whole state follows
 *   F frame JSON    frame's object of the pager's frame dump changed
 *   Q JSON          the dump without its frames (order, policy, swap)
 *   G vpage         (keyframes) the arena's first virtual page number
 *   P pid           pid's page table appeared (empty)
 *   T pid vpn ppage r w   one PTE of pid changed or became valid
 *   X pid           pid's page table is gone
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "machine.h"
#include "report.h"
#include "webassets.h"

/* Steps between keyframes: seeking applies at most this many deltas. */
#define REPORT_KEYFRAME 256

/* One page table as last recorded. */
struct report_table {
	pid_t pid;
	struct pgd_pte *ptes;
	size_t nr;
	bool seen; /* during a step: still exists */
};

struct report {
	const char *path;   /* the report's file, for messages */
	FILE *out;          /* the report's file, written at the end */
	FILE *log;          /* where the teed log goes too; NULL: nowhere */
	FILE *tee;          /* the machine's log */
	char *logbuf;       /* every log byte so far */
	size_t loglen, logcap;
	size_t nr_lines;    /* log lines so far */
	size_t lines_done;  /* log lines given to steps */
	FILE *steps;        /* the step records (a memstream) */
	char *stepsbuf;
	size_t stepslen;
	size_t nr_steps;
	char **frames;      /* each frame's JSON, as last recorded */
	size_t nr_frames;
	char *rest;         /* the dump without frames, as last recorded */
	struct report_table *tables;
	size_t nr_tables;
	int err;            /* the first failure, -errno */
};

static ssize_t report_tee_write(void *cookie, const char *buf, size_t len)
{
	struct report *r = cookie;

	if (r->loglen + len > r->logcap) {
		size_t cap = r->logcap ? r->logcap : 1 << 16;
		char *p;

		while (cap < r->loglen + len)
			cap *= 2;
		p = realloc(r->logbuf, cap);
		if (!p) {
			r->err = -ENOMEM;
			errno = ENOMEM;
			return -1;
		}
		r->logbuf = p;
		r->logcap = cap;
	}
	memcpy(r->logbuf + r->loglen, buf, len);
	r->loglen += len;
	for (size_t i = 0; i < len; i++)
		r->nr_lines += buf[i] == '\n';
	if (r->log && fwrite(buf, 1, len, r->log) != len)
		return -1;
	return (ssize_t)len;
}

int report_start(const char *path, FILE *log, struct report **out, FILE **log_out)
{
	struct report *r = calloc(1, sizeof(*r));
	int err = -ENOMEM;

	if (!r)
		goto out_msg;
	r->path = path;
	r->log = log;
	r->out = fopen(path, "we");
	if (!r->out) {
		err = -errno;
		goto out_free;
	}
	r->steps = open_memstream(&r->stepsbuf, &r->stepslen);
	if (!r->steps)
		goto out_close;
	r->tee = fopencookie(r, "w", (cookie_io_functions_t){.write = report_tee_write});
	if (!r->tee)
		goto out_steps;
	*out = r;
	*log_out = r->tee;
	return 0;

out_steps:
	fclose(r->steps);
	free(r->stepsbuf);
out_close:
	fclose(r->out);
out_free:
	free(r);
out_msg:
	fprintf(stderr, "pgd-run: %s: %s\n", path, strerror(-err));
	return err;
}

/* The end of the JSON value (object or array) that starts at p. */
static const char *report_json_end(const char *p)
{
	int depth = 0;
	bool str = false;

	for (; *p; p++) {
		if (str) {
			if (*p == '\\' && p[1])
				p++;
			else if (*p == '"')
				str = false;
		} else if (*p == '"') {
			str = true;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if ((*p == '}' || *p == ']') && --depth == 0) {
			return p + 1;
		}
	}
	return p;
}

static char *report_strndup(const char *p, size_t n, struct report *r)
{
	char *s = strndup(p, n);

	if (!s)
		r->err = -ENOMEM;
	return s;
}

/* Record the frames of the dump text d ({"frames":[...],REST}) that
 * changed, all if key, and REST if changed or key. */
static void report_frames(struct report *r, const char *d, bool key)
{
	static const char head[] = "{\"frames\":[";
	const char *p = d, *end;
	char *rest;
	size_t i = 0;

	if (strncmp(d, head, sizeof(head) - 1)) {
		p = "]}"; /* no frame table (a pager without a dump) */
	} else {
		p += sizeof(head) - 1;
		for (; *p == '{'; i++) {
			end = report_json_end(p);
			if (i == r->nr_frames) {
				char **v = realloc(r->frames, (i + 1) * sizeof(*v));

				if (!v) {
					r->err = -ENOMEM;
					return;
				}
				r->frames = v;
				r->frames[r->nr_frames++] = NULL;
			}
			if (key || !r->frames[i] || strlen(r->frames[i]) != (size_t)(end - p) ||
			    memcmp(r->frames[i], p, (size_t)(end - p))) {
				free(r->frames[i]);
				r->frames[i] = report_strndup(p, (size_t)(end - p), r);
				fprintf(r->steps, "F %zu %.*s\n", i, (int)(end - p), p);
			}
			p = *end == ',' ? end + 1 : end;
		}
	}
	/* p is at "]" then ,REST} or } */
	p += 1 + (p[1] == ',');
	end = p + strcspn(p, "\n");
	if (asprintf(&rest, "{%.*s", (int)(end - p), p) < 0) {
		r->err = -ENOMEM;
		return;
	}
	if (key || !r->rest || strcmp(rest, r->rest)) {
		fprintf(r->steps, "Q %s\n", rest);
		free(r->rest);
		r->rest = rest;
	} else {
		free(rest);
	}
}

static struct report_table *report_table(struct report *r, pid_t pid)
{
	for (size_t i = 0; i < r->nr_tables; i++)
		if (r->tables[i].pid == pid)
			return &r->tables[i];
	return NULL;
}

struct report_pass {
	struct report *r;
	bool key;
};

/* machine_each_table: record pid's PTEs that changed or became valid. */
static void report_ptes(pid_t pid, const struct pgd_pte *ptes, size_t nr, void *arg)
{
	struct report_pass *pass = arg;
	struct report *r = pass->r;
	struct report_table *t = report_table(r, pid);

	if (!t) {
		struct report_table *v = realloc(r->tables, (r->nr_tables + 1) * sizeof(*v));

		if (!v) {
			r->err = -ENOMEM;
			return;
		}
		r->tables = v;
		t = &r->tables[r->nr_tables++];
		*t = (struct report_table){.pid = pid};
		if (!pass->key)
			fprintf(r->steps, "P %ld\n", (long)pid);
	}
	if (pass->key)
		fprintf(r->steps, "P %ld\n", (long)pid);
	t->seen = true;
	if (nr > t->nr) {
		struct pgd_pte *v = realloc(t->ptes, nr * sizeof(*v));

		if (!v) {
			r->err = -ENOMEM;
			return;
		}
		t->ptes = v;
	}
	for (size_t i = 0; i < nr; i++) {
		if (!pass->key && i < t->nr && !memcmp(&t->ptes[i], &ptes[i], sizeof(ptes[i])))
			continue;
		t->ptes[i] = ptes[i];
		fprintf(r->steps, "T %ld %zu %u %u %u\n", (long)pid, i, ptes[i].ppage,
		        ptes[i].read_enable, ptes[i].write_enable);
	}
	t->nr = nr;
}

void report_step(void *report)
{
	struct report *r = report;
	struct report_pass pass = {.r = r, .key = r->nr_steps % REPORT_KEYFRAME == 0};
	char *dump = NULL;
	size_t len = 0;
	FILE *m;

	if (r->err)
		return;
	fflush(r->tee);
	fprintf(r->steps, "%c %zu %ld\n", pass.key ? 'K' : 'S', r->nr_lines - r->lines_done,
	        (long)machine_current());
	r->lines_done = r->nr_lines;
	r->nr_steps++;
	if (pass.key)
		fprintf(r->steps, "G %zu\n",
		        (size_t)(machine_geometry()->arena_base / machine_geometry()->page_size));
	m = open_memstream(&dump, &len);
	if (!m) {
		r->err = -ENOMEM;
		return;
	}
	machine_dump(m, true); /* none (-ENOTSUP): no frames */
	if (fclose(m)) {
		r->err = -ENOMEM;
		free(dump);
		return;
	}
	report_frames(r, dump, pass.key);
	free(dump);
	for (size_t i = 0; i < r->nr_tables; i++)
		r->tables[i].seen = false;
	machine_each_table(report_ptes, &pass);
	for (size_t i = 0; i < r->nr_tables;) {
		if (r->tables[i].seen) {
			i++;
			continue;
		}
		fprintf(r->steps, "X %ld\n", (long)r->tables[i].pid);
		free(r->tables[i].ptes);
		r->tables[i] = r->tables[--r->nr_tables];
	}
}

/* Deflate (zlib format) and base64 len bytes of p to out. */
static int report_blob(FILE *out, const char *p, size_t len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uLongf zlen = compressBound(len);
	unsigned char *z = malloc(zlen);

	if (!z)
		return -ENOMEM;
	if (compress2(z, &zlen, (const Bytef *)p, len, 6) != Z_OK) {
		free(z);
		return -ENOMEM;
	}
	for (uLongf i = 0; i < zlen; i += 3) {
		unsigned v = (unsigned)z[i] << 16 | (i + 1 < zlen ? (unsigned)z[i + 1] << 8 : 0) |
		             (i + 2 < zlen ? z[i + 2] : 0);

		fputc(b64[v >> 18 & 63], out);
		fputc(b64[v >> 12 & 63], out);
		fputc(i + 1 < zlen ? b64[v >> 6 & 63] : '=', out);
		fputc(i + 2 < zlen ? b64[v & 63] : '=', out);
	}
	free(z);
	return 0;
}

static void report_html_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", out);
		else if (*s == '&')
			fputs("&amp;", out);
		else if (*s == '>')
			fputs("&gt;", out);
		else
			fputc(*s, out);
	}
}

/* The template report.html with its @NAME@ slots filled: an embedded web
 * file's text (@render.js@), the title or a data blob. */
static int report_write(struct report *r, FILE *out, const char *title)
{
	const struct webasset *t = webasset_find("report.html");
	const char *p = (const char *)t->data, *at;
	int err = 0;

	while (!err && (at = strchr(p, '@'))) {
		const char *name = at + 1, *close = strchr(name, '@');
		size_t n = close ? (size_t)(close - name) : 0;
		const struct webasset *a = NULL;

		fwrite(p, 1, (size_t)(at - p), out);
		p = close ? close + 1 : name;
		if (n == 5 && !memcmp(name, "TITLE", 5))
			report_html_text(out, title);
		else if (n == 5 && !memcmp(name, "STEPS", 5))
			err = report_blob(out, r->stepsbuf, r->stepslen);
		else if (n == 3 && !memcmp(name, "LOG", 3))
			err = report_blob(out, r->logbuf ? r->logbuf : "", r->loglen);
		else if (n && n < 32 && (a = webasset_find(strndupa(name, n))))
			fwrite(a->data, 1, a->len, out);
		else {
			fputc('@', out);
			p = name;
		}
	}
	fputs(p, out);
	return err;
}

int report_finish(struct report *r, const char *title)
{
	int err = r->err;

	if (fclose(r->tee) && !err)
		err = -EIO;
	if (fclose(r->steps) && !err)
		err = -ENOMEM;
	if (!err)
		err = report_write(r, r->out, title);
	if (fclose(r->out) && !err)
		err = -errno;
	if (err)
		fprintf(stderr, "pgd-run: %s: %s\n", r->path, strerror(-err));
	for (size_t i = 0; i < r->nr_frames; i++)
		free(r->frames[i]);
	for (size_t i = 0; i < r->nr_tables; i++)
		free(r->tables[i].ptes);
	free(r->frames);
	free(r->tables);
	free(r->rest);
	free(r->logbuf);
	free(r->stepsbuf);
	free(r);
	return err;
}
