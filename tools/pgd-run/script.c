/* SPDX-License-Identifier: MIT */
/*
 * The workload-script parser (docs/workloads.md): header lines, then process
 * blocks whose steps may open fork blocks. Besides the syntax it checks what
 * can be known before running: every variable is mapped before it is used
 * (a fork child sees its parent's), every `expect` has a step of its kind,
 * and no step follows an exit or an expected kill. Pure: text in, program or
 * "path:line: problem" out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "scriptlex.h"

#define SCRIPT_MAX_DEPTH 32 /* a process block and its nested forks */

/* An open process or fork block. */
struct script_block {
	struct script_proc *proc;
	size_t cap;                 /* of proc->steps */
	unsigned char *defined;     /* per variable: mapped on this path */
	enum script_expect pending; /* set by `expect`, for the next step */
	unsigned int pending_line;
	unsigned int dead_line; /* an exit or expected kill: no more steps */
	unsigned int nr_forks;
};

struct script_parser {
	const char *path;
	struct script *s;
	unsigned int line;
	struct script_block stack[SCRIPT_MAX_DEPTH];
	size_t depth;
	char msg[LEX_MSG_MAX];
};

static int script_fail(struct script_parser *p, const char *fmt, const char *arg)
{
	snprintf(p->msg, sizeof(p->msg), fmt, arg);
	return -EINVAL;
}

/* A word for a message: at most 40 bytes of it, NUL-terminated in buf. */
static const char *script_word(const struct lex_word *w, char buf[48])
{
	snprintf(buf, 48, "%.*s", (int)(w->len > 40 ? 40 : w->len), w->text);
	return buf;
}

static struct script_block *script_top(struct script_parser *p)
{
	return p->depth ? &p->stack[p->depth - 1] : NULL;
}

static int script_var_find(const struct script *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->nr_vars; i++)
		if (strlen(s->vars[i]) == len && !memcmp(s->vars[i], name, len))
			return (int)i;
	return -1;
}

/* lex_addr's lookup: a variable mapped on the current block's path. */
static int script_var_mapped(const char *name, size_t len, void *ctx)
{
	struct script_parser *p = ctx;
	int var = script_var_find(p->s, name, len);

	return var >= 0 && script_top(p)->defined[var] ? var : -1;
}

/* The index of the variable w names, added if new (every open block's
 * defined[] grows with it). */
static int script_var_get(struct script_parser *p, const struct lex_word *w, unsigned int *out)
{
	struct script *s = p->s;
	int var = script_var_find(s, w->text, w->len);
	char **vars;

	if (var >= 0) {
		*out = (unsigned int)var;
		return 0;
	}
	if (w->len == 5 && !memcmp(w->text, "arena", 5))
		return script_fail(p, "'%s' is the arena base, not a variable", "arena");
	vars = realloc(s->vars, (s->nr_vars + 1) * sizeof(*vars));
	if (!vars)
		return -ENOMEM;
	s->vars = vars;
	vars[s->nr_vars] = strndup(w->text, w->len);
	if (!vars[s->nr_vars])
		return -ENOMEM;
	for (size_t i = 0; i < p->depth; i++) {
		unsigned char *d = realloc(p->stack[i].defined, s->nr_vars + 1);

		if (!d)
			return -ENOMEM;
		d[s->nr_vars] = 0;
		p->stack[i].defined = d;
	}
	*out = (unsigned int)s->nr_vars++;
	return 0;
}

static int script_push(struct script_parser *p, struct script_proc *proc,
                       const unsigned char *defined)
{
	struct script_block *b;

	if (p->depth == SCRIPT_MAX_DEPTH)
		return script_fail(p, "forks nested deeper than %s", "32");
	b = &p->stack[p->depth];
	*b = (struct script_block){.proc = proc};
	b->defined = calloc(p->s->nr_vars + 1, 1);
	if (!b->defined)
		return -ENOMEM;
	if (defined)
		memcpy(b->defined, defined, p->s->nr_vars);
	p->depth++;
	return 0;
}

static int script_pop(struct script_parser *p)
{
	struct script_block *b = script_top(p);

	if (!b)
		return script_fail(p, "'end' without %s", "'process' or 'fork'");
	if (b->pending != SCRIPT_EXPECT_OK) {
		snprintf(p->msg, sizeof(p->msg), "'expect' on line %u is not followed by a step",
		         b->pending_line);
		return -EINVAL;
	}
	free(b->defined);
	p->depth--;
	return 0;
}

static char *script_name(const struct lex_word *w, const char *parent, unsigned int n)
{
	char name[128];

	if (w)
		return strndup(w->text, w->len);
	if (parent)
		snprintf(name, sizeof(name), "%.100s.%u", parent, n);
	else
		snprintf(name, sizeof(name), "p%u", n);
	return strdup(name);
}

/* `process [NAME]`: a new top-level process. */
static int script_process(struct script_parser *p, const struct lex_line *l)
{
	struct script *s = p->s;
	struct script_proc *procs, *proc;

	if (p->depth)
		return script_fail(p, "'process' inside a block (missing %s?)", "'end'");
	if (l->nr_words > 2 || (l->nr_words == 2 && !lex_is_name(&l->words[1])))
		return script_fail(p, "usage: %s", "process [NAME]");
	procs = realloc(s->procs, (s->nr_procs + 1) * sizeof(*procs));
	if (!procs)
		return -ENOMEM;
	s->procs = procs;
	proc = &procs[s->nr_procs++];
	*proc = (struct script_proc){.line = p->line};
	proc->name =
	    script_name(l->nr_words == 2 ? &l->words[1] : NULL, NULL, (unsigned int)s->nr_procs);
	if (!proc->name)
		return -ENOMEM;
	return script_push(p, proc, NULL);
}

/* A data file name: printable ASCII without space, '/', quotes or '#' (so
 * that traces can carry it as a word), and not "." or "..". */
static bool script_plain_name(const struct lex_word *w)
{
	if (!w->len || lex_is(w, ".") || lex_is(w, ".."))
		return false;
	for (size_t i = 0; i < w->len; i++)
		if (w->text[i] <= ' ' || w->text[i] > '~' || strchr("/\"'#", w->text[i]))
			return false;
	return true;
}

bool script_page_size_ok(uint64_t v)
{
	return !(v & (v - 1)) && v >= (uint64_t)sysconf(_SC_PAGESIZE) && v <= SCRIPT_MAX_PAGE_SIZE;
}

static int script_header(struct script_parser *p, const struct lex_line *l)
{
	const struct lex_word *w = l->words;
	struct script *s = p->s;
	char buf[48];
	uint64_t v;

	if (s->nr_procs)
		return script_fail(p, "'%s' after the first process (settings come first)",
		                   lex_is(w, "file") ? "file" : "setting");
	if (lex_is(w, "file")) {
		struct script_file *files, *f;

		if (l->nr_words != 3)
			return script_fail(p, "usage: %s", "file NAME SIZE");
		if (!script_plain_name(&w[1]))
			return script_fail(p,
			                   "'%s' is not a plain file name (printable, no '/', "
			                   "quote or '#')",
			                   script_word(&w[1], buf));
		for (size_t i = 0; i < s->nr_files; i++)
			if (strlen(s->files[i].name) == w[1].len &&
			    !memcmp(s->files[i].name, w[1].text, w[1].len))
				return script_fail(p, "file '%s' declared twice", s->files[i].name);
		files = realloc(s->files, (s->nr_files + 1) * sizeof(*files));
		if (!files)
			return -ENOMEM;
		s->files = files;
		f = &files[s->nr_files];
		*f = (struct script_file){.line = p->line};
		if (lex_size(&w[2], &f->size, p->msg))
			return -EINVAL;
		f->name = strndup(w[1].text, w[1].len);
		if (!f->name)
			return -ENOMEM;
		s->nr_files++;
		return 0;
	}
	if (l->nr_words != 2)
		return script_fail(p, "usage: %s", "memory N | swap N | arena N | page-size N");
	if (lex_is(w, "page-size")) {
		if (lex_u64(&w[1], SCRIPT_MAX_PAGE_SIZE, &v, p->msg))
			return -EINVAL;
		if (!script_page_size_ok(v))
			return script_fail(p, "page-size must be a power of two and at least %s",
			                   "the host's page size");
		s->page_size = v;
	} else if (lex_is(w, "memory")) {
		if (lex_u64(&w[1], 1u << 30, &v, p->msg))
			return -EINVAL;
		if (v < 2)
			return script_fail(p, "memory needs at least 2 pages (%s is the zero page)",
			                   "frame 0");
		s->memory_pages = (unsigned int)v;
	} else if (lex_is(w, "swap")) {
		if (lex_u64(&w[1], UINT32_MAX, &v, p->msg))
			return -EINVAL;
		if (v < 1)
			return script_fail(p, "swap needs at least %s block", "1");
		s->swap_blocks = (unsigned int)v;
	} else {
		if (lex_u64(&w[1], UINT32_MAX, &v, p->msg))
			return -EINVAL;
		if (v < 1)
			return script_fail(p, "the arena needs at least %s page", "1");
		s->arena_pages = v;
	}
	return 0;
}

static struct script_step *script_step_new(struct script_parser *p, enum script_op op)
{
	struct script_block *b = script_top(p);
	struct script_proc *proc = b->proc;
	struct script_step *st;

	if (proc->nr_steps == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 8;
		struct script_step *steps = realloc(proc->steps, cap * sizeof(*steps));

		if (!steps)
			return NULL;
		proc->steps = steps;
		b->cap = cap;
	}
	st = &proc->steps[proc->nr_steps++];
	*st = (struct script_step){.op = op, .line = p->line, .expect = b->pending};
	b->pending = SCRIPT_EXPECT_OK;
	return st;
}

static int script_addr(struct script_parser *p, const struct lex_word *w, struct script_addr *a)
{
	return lex_addr(w, script_var_mapped, p, a, p->msg);
}

static int script_map(struct script_parser *p, const struct lex_line *l)
{
	const struct lex_word *w = l->words;
	struct script_step *st;
	struct script_addr name;
	uint64_t block = 0;
	unsigned int var;
	bool file;

	file = l->nr_words == 5 && lex_is(&w[2], "file");
	if (!lex_is_name(&w[1]) || !(file || (l->nr_words == 3 && lex_is(&w[2], "swap"))))
		return script_fail(p, "usage: %s", "map VAR swap | map VAR file NAMEADDR BLOCK");
	if (file && (script_addr(p, &w[3], &name) || lex_u64(&w[4], UINT32_MAX, &block, p->msg)))
		return -EINVAL;
	if (script_var_get(p, &w[1], &var))
		return -EINVAL;
	st = script_step_new(p, file ? SCRIPT_MAP_FILE : SCRIPT_MAP_SWAP);
	if (!st)
		return -ENOMEM;
	st->var = var;
	if (file) {
		st->addr = name;
		st->block = (uint32_t)block;
	}
	if (st->expect != SCRIPT_EXPECT_MAP_NULL)
		script_top(p)->defined[var] = 1;
	return 0;
}

/* read, write, fill. */
static int script_access(struct script_parser *p, const struct lex_line *l, enum script_op op)
{
	const struct lex_word *w = l->words;
	struct script_addr addr;
	struct script_value value = {0};
	struct script_step *st;
	int err;

	if (l->nr_words != 3 && !(op == SCRIPT_READ && l->nr_words == 2))
		return script_fail(p, "usage: %s",
		                   op == SCRIPT_READ    ? "read ADDR [VALUE]"
		                   : op == SCRIPT_WRITE ? "write ADDR VALUE"
		                                        : "fill ADDR BYTE");
	if (script_addr(p, &w[1], &addr))
		return -EINVAL;
	if (l->nr_words == 3) {
		err = op == SCRIPT_FILL ? lex_byte(&w[2], &value.byte, p->msg)
		                        : lex_value(&w[2], &value, p->msg);
		if (err)
			return err;
	}
	st = script_step_new(p, op);
	if (!st) {
		free(value.str);
		return -ENOMEM;
	}
	st->addr = addr;
	st->has_value = l->nr_words == 3;
	st->value = value;
	return 0;
}

static int script_fork(struct script_parser *p, const struct lex_line *l)
{
	struct script_block *b = script_top(p);
	struct script_step *st;
	struct script_proc *child;

	if (l->nr_words > 2 || (l->nr_words == 2 && !lex_is_name(&l->words[1])))
		return script_fail(p, "usage: %s", "fork [NAME] ... end");
	child = calloc(1, sizeof(*child));
	if (!child)
		return -ENOMEM;
	child->line = p->line;
	child->name =
	    script_name(l->nr_words == 2 ? &l->words[1] : NULL, b->proc->name, ++b->nr_forks);
	st = script_step_new(p, SCRIPT_FORK);
	if (!st || !child->name) {
		free(child->name);
		free(child);
		return -ENOMEM;
	}
	st->child = child;
	return script_push(p, child, b->defined);
}

static int script_expect(struct script_parser *p, const struct lex_line *l)
{
	struct script_block *b = script_top(p);
	const struct lex_word *w = &l->words[1];

	if (l->nr_words != 2)
		return script_fail(p, "usage: %s", "expect map-null | kill | fork-fail");
	if (b->pending != SCRIPT_EXPECT_OK)
		return script_fail(p, "two %s lines in a row", "'expect'");
	if (lex_is(w, "map-null"))
		b->pending = SCRIPT_EXPECT_MAP_NULL;
	else if (lex_is(w, "kill"))
		b->pending = SCRIPT_EXPECT_KILL;
	else if (lex_is(w, "fork-fail"))
		b->pending = SCRIPT_EXPECT_FORK_FAIL;
	else
		return script_fail(p, "usage: %s", "expect map-null | kill | fork-fail");
	b->pending_line = p->line;
	return 0;
}

/* Does the pending expectation fit the step keyword w? */
static bool script_expect_fits(enum script_expect e, const struct lex_word *w)
{
	switch (e) {
	case SCRIPT_EXPECT_OK:
		return true;
	case SCRIPT_EXPECT_MAP_NULL:
		return lex_is(w, "map");
	case SCRIPT_EXPECT_KILL:
		return lex_is(w, "read") || lex_is(w, "write") || lex_is(w, "fill");
	case SCRIPT_EXPECT_FORK_FAIL:
		return lex_is(w, "fork");
	}
	return false;
}

static int script_step(struct script_parser *p, const struct lex_line *l)
{
	const struct lex_word *w = l->words;
	struct script_block *b = script_top(p);
	unsigned int nr = (unsigned int)b->proc->nr_steps;
	char buf[48];
	int err;

	if (b->dead_line) {
		snprintf(p->msg, sizeof(p->msg),
		         "this step is never run: the process ends on line %u", b->dead_line);
		return -EINVAL;
	}
	if (lex_is(w, "expect"))
		return script_expect(p, l);
	if (!script_expect_fits(b->pending, w)) {
		snprintf(p->msg, sizeof(p->msg), "the 'expect' on line %u does not fit this step",
		         b->pending_line);
		return -EINVAL;
	}
	if (lex_is(w, "map"))
		err = script_map(p, l);
	else if (lex_is(w, "read"))
		err = script_access(p, l, SCRIPT_READ);
	else if (lex_is(w, "write"))
		err = script_access(p, l, SCRIPT_WRITE);
	else if (lex_is(w, "fill"))
		err = script_access(p, l, SCRIPT_FILL);
	else if (lex_is(w, "fork"))
		return script_fork(p, l);
	else if ((lex_is(w, "yield") || lex_is(w, "exit")) && l->nr_words == 1)
		err = script_step_new(p, lex_is(w, "exit") ? SCRIPT_EXIT : SCRIPT_YIELD) ? 0
		                                                                         : -ENOMEM;
	else
		return script_fail(p, "unknown step '%s' (or wrong number of words)",
		                   script_word(w, buf));
	if (!err && b->proc->nr_steps > nr) {
		const struct script_step *st = &b->proc->steps[nr];

		if (st->op == SCRIPT_EXIT || st->expect == SCRIPT_EXPECT_KILL)
			b->dead_line = p->line;
	}
	return err;
}

static int script_line(const struct lex_line *l, void *arg)
{
	struct script_parser *p = arg;
	const struct lex_word *w = l->words;
	char buf[48];

	if (!l->nr_words)
		return 0;
	if (lex_is(w, "process"))
		return script_process(p, l);
	if (lex_is(w, "end")) {
		if (l->nr_words != 1)
			return script_fail(p, "usage: %s", "end");
		return script_pop(p);
	}
	if (p->depth)
		return script_step(p, l);
	if (lex_is(w, "file") || lex_is(w, "memory") || lex_is(w, "swap") || lex_is(w, "arena") ||
	    lex_is(w, "page-size"))
		return script_header(p, l);
	return script_fail(p, "'%s' outside a process (settings are memory, swap, arena, file)",
	                   script_word(w, buf));
}

int script_parse(const char *path, const char *text, size_t len, struct script **out, char *err,
                 size_t errlen)
{
	struct script_parser p = {.path = path};
	int ret;

	*out = NULL;
	p.s = calloc(1, sizeof(*p.s));
	if (!p.s)
		return -ENOMEM;
	ret = lex_lines(text, len, &p.line, p.msg, script_line, &p);
	if (!ret && p.depth) {
		p.line = script_top(&p)->proc->line;
		ret = script_fail(&p, "this block has no %s", "'end'");
	} else if (!ret && !p.s->nr_procs) {
		p.line = p.line ? p.line : 1;
		ret = script_fail(&p, "no %s in the script", "'process'");
	}
	while (p.depth)
		free(p.stack[--p.depth].defined);
	if (ret) {
		if (ret == -ENOMEM)
			snprintf(p.msg, sizeof(p.msg), "out of memory");
		snprintf(err, errlen, "%s:%u: %s", path, p.line, p.msg);
		script_free(p.s);
		return ret;
	}
	*out = p.s;
	return 0;
}

static void script_proc_free(struct script_proc *proc)
{
	for (size_t i = 0; i < proc->nr_steps; i++) {
		free(proc->steps[i].value.str);
		if (proc->steps[i].child) {
			script_proc_free(proc->steps[i].child);
			free(proc->steps[i].child);
		}
	}
	free(proc->steps);
	free(proc->name);
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_procs; i++)
		script_proc_free(&s->procs[i]);
	for (size_t i = 0; i < s->nr_files; i++)
		free(s->files[i].name);
	for (size_t i = 0; i < s->nr_vars; i++)
		free(s->vars[i]);
	free(s->procs);
	free(s->files);
	free(s->vars);
	free(s);
}

int script_size_eval(const struct script_size *sz, size_t page_size, uint64_t *out)
{
	uint64_t pages;

	if (__builtin_mul_overflow(sz->pages, (uint64_t)page_size, &pages) ||
	    __builtin_add_overflow(pages, sz->bytes, out))
		return -ERANGE;
	return 0;
}

uintptr_t script_addr_eval(const struct script_addr *a, uintptr_t var_value, uintptr_t arena_base,
                           size_t page_size)
{
	uintptr_t base = a->base == SCRIPT_BASE_VAR     ? var_value
	                 : a->base == SCRIPT_BASE_ARENA ? arena_base
	                                                : 0;

	return base + (uintptr_t)a->bytes + (uintptr_t)a->pages * (uintptr_t)page_size;
}
