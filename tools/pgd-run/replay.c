/* SPDX-License-Identifier: MIT */
/*
 * The trace replayer. Header lines (geometry, files) come first; the first
 * other line starts the machine. Each process line must name the process
 * that is running at that point, otherwise the replay has diverged from the
 * recorded run and stops with an error.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inproc.h"
#include "inproc_env.h"
#include "replay.h"
#include "scriptlex.h"
#include "trace.h"

#define REPLAY_MAX_RUN (1ull << 28)

struct replay_pid {
	uint64_t traced;
	pid_t pid;
};

struct replay {
	const struct run_opts *o;
	unsigned int line;
	struct script files; /* only the files (and nothing else) are used */
	struct pgd_geometry g;
	bool have_magic, have_geometry, started;
	struct replay_pid *pids;
	size_t nr_pids;
	char msg[LEX_MSG_MAX];
};

static int replay_fail(struct replay *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int replay_fail(struct replay *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int replay_header(struct replay *r, const struct lex_line *l)
{
	const struct lex_word *w = l->words;
	uint64_t v[5];

	if (lex_is(w, "geometry")) {
		if (l->nr_words != 6)
			return replay_fail(r, "usage: geometry PAGE_SIZE BASE PAGES MEMORY SWAP");
		for (int i = 0; i < 5; i++)
			if (lex_u64(&w[i + 1], i == 1 ? UINTPTR_MAX : UINT32_MAX, &v[i], r->msg))
				return -EINVAL;
		r->g = (struct pgd_geometry){.page_size = v[0],
		                             .arena_base = v[1],
		                             .arena_pages = v[2],
		                             .memory_pages = (unsigned int)v[3],
		                             .swap_blocks = (unsigned int)v[4]};
		r->have_geometry = true;
		return 0;
	}
	struct script_file *files, *f;

	if (l->nr_words != 3)
		return replay_fail(r, "usage: file NAME SIZE");
	files = realloc(r->files.files, (r->files.nr_files + 1) * sizeof(*files));
	if (!files)
		return -ENOMEM;
	r->files.files = files;
	f = &files[r->files.nr_files];
	*f = (struct script_file){.line = r->line};
	if (lex_size(&w[2], &f->size, r->msg))
		return -EINVAL;
	if (memchr(w[1].text, '/', w[1].len))
		return replay_fail(r, "file name with '/'");
	f->name = strndup(w[1].text, w[1].len);
	if (!f->name)
		return -ENOMEM;
	r->files.nr_files++;
	return 0;
}

static int replay_start(struct replay *r)
{
	if (!r->have_geometry)
		return replay_fail(r, "no geometry line before the first process line");
	if (inproc_env_start(r->o, &r->g, &r->files))
		return replay_fail(r, "the machine could not start");
	r->started = true;
	return 0;
}

/* Record that traced pid is in-process pid now. */
static int replay_pid_add(struct replay *r, uint64_t traced, pid_t pid)
{
	struct replay_pid *v = realloc(r->pids, (r->nr_pids + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	r->pids = v;
	v[r->nr_pids++] = (struct replay_pid){.traced = traced, .pid = pid};
	return 0;
}

static pid_t replay_pid(const struct replay *r, uint64_t traced)
{
	for (size_t i = r->nr_pids; i-- > 0;)
		if (r->pids[i].traced == traced)
			return r->pids[i].pid;
	return 0;
}

/* Two lower-case hex digits at s. */
static int replay_hexbyte(const char *s, uint8_t *out)
{
	static const char digits[] = "0123456789abcdef";
	const char *hi = memchr(digits, s[0], 16), *lo = memchr(digits, s[1], 16);

	if (!hi || !lo)
		return -EINVAL;
	*out = (uint8_t)((hi - digits) * 16 + (lo - digits));
	return 0;
}

/* load, store, fill: len bytes at addr. Killing faults are part of the
 * recorded run: the process is simply gone afterwards. */
static int replay_access(struct replay *r, const struct lex_line *l, pid_t pid)
{
	const struct lex_word *w = &l->words[1];
	bool store = lex_is(w, "store"), fill = lex_is(w, "fill");
	uint64_t addr, len = 0, byte = 0;
	bool alive = true;

	if (l->nr_words != (fill ? 5u : 4u) || lex_u64(&w[1], UINTPTR_MAX, &addr, r->msg))
		return replay_fail(
		    r, "usage: PID load ADDR LEN | store ADDR HEX | fill ADDR LEN BYTE");
	if (store && (w[2].len % 2 || w[2].quoted))
		return replay_fail(r, "store: hex bytes expected");
	if (store)
		len = w[2].len / 2;
	else if (lex_u64(&w[2], REPLAY_MAX_RUN, &len, r->msg) ||
	         (fill && lex_u64(&w[3], 255, &byte, r->msg)))
		return -EINVAL;
	inproc_env_step_begin(pid, true);
	for (uint64_t i = 0; i < len && alive; i++) {
		uintptr_t a = (uintptr_t)(addr + i);
		uint8_t b = (uint8_t)byte;

		if (store && replay_hexbyte(w[2].text + 2 * i, &b))
			return replay_fail(r, "store: bad hex byte '%.2s'", w[2].text + 2 * i);
		alive = !(store || fill ? inproc_env_ops.store(a, b) : inproc_env_ops.load(a, &b));
	}
	inproc_env_step_end(pid, alive);
	return 0;
}

static int replay_op(struct replay *r, const struct lex_line *l)
{
	const struct lex_word *w = l->words;
	uint64_t traced, child;
	pid_t pid;

	if (!r->started && replay_start(r))
		return -EINVAL;
	if (lex_is(w, "attach")) {
		if (l->nr_words != 2 || lex_u64(&w[1], INT32_MAX, &traced, r->msg))
			return replay_fail(r, "usage: attach PID");
		pid = inproc_attach();
		return pid > 0 ? replay_pid_add(r, traced, pid)
		               : replay_fail(r, "attaching process %llu failed",
		                             (unsigned long long)traced);
	}
	if (l->nr_words < 2 || lex_u64(&w[0], INT32_MAX, &traced, r->msg))
		return replay_fail(r, "a line starts with 'attach' or a pid");
	pid = replay_pid(r, traced);
	if (!pid || pid != inproc_running())
		return replay_fail(r, "process %llu is not the one running: the replay diverged",
		                   (unsigned long long)traced);
	w++;
	if (lex_is(w, "map")) {
		uint64_t name, block;

		if (l->nr_words != 4 || lex_u64(&w[1], UINTPTR_MAX, &name, r->msg) ||
		    lex_u64(&w[2], UINT32_MAX, &block, r->msg))
			return replay_fail(r, "usage: PID map NAMEADDR BLOCK");
		inproc_env_ops.map((uintptr_t)name, (unsigned int)block);
	} else if (lex_is(w, "fork")) {
		bool failed = l->nr_words == 3 && lex_is(&w[1], "-1");

		if (l->nr_words != 3 || (!failed && lex_u64(&w[1], INT32_MAX, &child, r->msg)))
			return replay_fail(r, "usage: PID fork CHILD|-1");
		pid = inproc_env_ops.fork();
		if ((pid < 0) != failed)
			return replay_fail(
			    r, "fork %s where the traced run's %s: the replay diverged",
			    pid < 0 ? "failed" : "succeeded", failed ? "failed" : "succeeded");
		return failed ? 0 : replay_pid_add(r, child, pid);
	} else if (lex_is(w, "yield") && l->nr_words == 2) {
		inproc_env_ops.yield();
	} else if (lex_is(w, "exit") && l->nr_words == 2) {
		inproc_env_step_begin(pid, false);
		inproc_env_ops.exit();
		inproc_env_step_end(pid, false);
	} else if (lex_is(w, "load") || lex_is(w, "store") || lex_is(w, "fill")) {
		return replay_access(r, l, pid);
	} else {
		return replay_fail(r, "unknown trace line");
	}
	return 0;
}

static int replay_line(const struct lex_line *l, void *arg)
{
	struct replay *r = arg;
	const struct lex_word *w = l->words;

	if (!l->nr_words)
		return 0;
	if (!r->have_magic) {
		r->have_magic = lex_is(w, "pgd-trace") && l->nr_words == 2 && lex_is(&w[1], "1");
		return r->have_magic ? 0
		                     : replay_fail(r, "not a trace (no '" TRACE_MAGIC "' line)");
	}
	if (lex_is(w, "geometry") || lex_is(w, "file"))
		return r->started ? replay_fail(r, "header line after the first process line")
		                  : replay_header(r, l);
	return replay_op(r, l);
}

int replay(const char *text, size_t len, const struct run_opts *o)
{
	struct replay r = {.o = o};
	int err = lex_lines(text, len, &r.line, r.msg, replay_line, &r), ferr = 0;

	if (!err && !r.started)
		err = replay_fail(&r, "the trace has no process lines");
	if (err)
		fprintf(stderr, "%s:%u: %s\n", o->path, r.line,
		        err == -ENOMEM ? "out of memory" : r.msg);
	if (r.started)
		ferr = inproc_env_finish(o);
	for (size_t i = 0; i < r.files.nr_files; i++)
		free(r.files.files[i].name);
	free(r.files.files);
	free(r.pids);
	return err ? err : ferr;
}
