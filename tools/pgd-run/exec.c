/* SPDX-License-Identifier: MIT */
/*
 * The step interpreter: map, read, write, fill, fork, yield and exit of one
 * simulated process, with their expectations. Byte accesses are made one at
 * a time in ascending address order, so a real process and the in-process
 * MMU fault on exactly the same addresses in the same order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec.h"

/* Longest run of bytes one step may touch (256 MiB). */
#define EXEC_MAX_RUN (1ull << 28)

int exec_proc_init(struct exec_proc *p, const struct script *s, const struct script_proc *proc,
                   pid_t pid, const uintptr_t *vals)
{
	*p = (struct exec_proc){.proc = proc, .pid = pid};
	p->vals = calloc(s->nr_vars ? s->nr_vars : 1, sizeof(*p->vals));
	if (!p->vals)
		return -ENOMEM;
	if (vals)
		memcpy(p->vals, vals, s->nr_vars * sizeof(*p->vals));
	return 0;
}

void exec_proc_fini(struct exec_proc *p)
{
	free(p->vals);
	p->vals = NULL;
}

const struct script_step *exec_next(const struct exec_proc *p)
{
	return p->pc < p->proc->nr_steps ? &p->proc->steps[p->pc] : NULL;
}

static void exec_exit(struct exec_env *env, struct exec_proc *p)
{
	if (env->trace)
		trace_line(env->trace, "%ld exit", (long)p->pid);
	env->ops->exit();
}

/* Report a failed expectation of step st. */
static void exec_report(struct exec_env *env, const struct exec_proc *p,
                        const struct script_step *st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void exec_report(struct exec_env *env, const struct exec_proc *p,
                        const struct script_step *st, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%u: %s (pid %ld): ", env->path, st->line, p->proc->name, (long)p->pid);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	env->nr_failures++;
}

static uintptr_t exec_addr(const struct exec_env *env, const struct exec_proc *p,
                           const struct script_addr *a)
{
	return script_addr_eval(a, a->base == SCRIPT_BASE_VAR ? p->vals[a->var] : 0,
	                        env->arena_base, env->page_size);
}

static bool exec_map(struct exec_env *env, struct exec_proc *p, const struct script_step *st)
{
	uintptr_t name = st->op == SCRIPT_MAP_FILE ? exec_addr(env, p, &st->addr) : 0;
	uintptr_t page;

	if (env->trace)
		trace_line(env->trace, "%ld map 0x%" PRIxPTR " %" PRIu32, (long)p->pid, name,
		           st->block);
	page = env->ops->map(name, st->block);
	if (st->expect == SCRIPT_EXPECT_MAP_NULL && page) {
		exec_report(env, p, st, "vm_map returned 0x%" PRIxPTR ", expected NULL", page);
	} else if (st->expect != SCRIPT_EXPECT_MAP_NULL && !page) {
		exec_report(env, p, st, "vm_map returned NULL");
	} else {
		if (page)
			p->vals[st->var] = page;
		return true;
	}
	exec_exit(env, p);
	return false;
}

/* What an access step touches: len bytes at addr, each bytes[i] if bytes,
 * else byte. */
struct exec_run {
	uintptr_t addr;
	uint64_t len;
	const uint8_t *bytes;
	uint8_t byte;
};

static int exec_run_of(struct exec_env *env, const struct exec_proc *p,
                       const struct script_step *st, struct exec_run *r)
{
	*r = (struct exec_run){
	    .addr = exec_addr(env, p, &st->addr), .len = 1, .byte = st->value.byte};
	if (st->op == SCRIPT_FILL) {
		r->len = env->page_size - r->addr % env->page_size;
	} else if (st->value.is_string) {
		r->bytes = st->value.str;
		r->len = st->value.len;
	} else if (st->has_value && script_size_eval(&st->value.count, env->page_size, &r->len)) {
		return -ERANGE;
	}
	return r->len > EXEC_MAX_RUN ? -ERANGE : 0;
}

static void exec_trace_run(struct exec_env *env, const struct exec_proc *p,
                           const struct script_step *st, const struct exec_run *r)
{
	if (!env->trace)
		return;
	if (st->op == SCRIPT_READ)
		trace_line(env->trace, "%ld load 0x%" PRIxPTR " %" PRIu64, (long)p->pid, r->addr,
		           r->len);
	else if (r->bytes)
		trace_store(env->trace, (long)p->pid, r->addr, r->bytes, r->len);
	else
		trace_line(env->trace, "%ld fill 0x%" PRIxPTR " %" PRIu64 " %u", (long)p->pid,
		           r->addr, r->len, r->byte);
}

/* The bytes of run r, stopping at a killing fault or (read) at the first
 * byte that differs. */
static int exec_bytes(struct exec_env *env, const struct script_step *st, const struct exec_run *r,
                      uint64_t *at, uint8_t *got)
{
	for (*at = 0; *at < r->len; (*at)++) {
		uintptr_t a = r->addr + (uintptr_t)*at;
		uint8_t want = r->bytes ? r->bytes[*at] : r->byte;
		int err;

		if (st->op != SCRIPT_READ)
			err = env->ops->store(a, want);
		else
			err = env->ops->load(a, got);
		if (err)
			return err;
		if (st->op == SCRIPT_READ && st->has_value && *got != want)
			return -EILSEQ;
	}
	return 0;
}

static bool exec_access(struct exec_env *env, struct exec_proc *p, const struct script_step *st)
{
	struct exec_run r;
	uint64_t at;
	uint8_t got;
	int err;

	if (exec_run_of(env, p, st, &r)) {
		exec_report(env, p, st, "more than %llu bytes in one step",
		            (unsigned long long)EXEC_MAX_RUN);
		exec_exit(env, p);
		return false;
	}
	exec_trace_run(env, p, st, &r);
	err = exec_bytes(env, st, &r, &at, &got);
	if (err == -EFAULT) {
		if (st->expect != SCRIPT_EXPECT_KILL)
			exec_report(env, p, st, "killed by a fault at 0x%" PRIxPTR,
			            r.addr + (uintptr_t)at);
		return false;
	}
	if (err == -EILSEQ)
		exec_report(env, p, st, "read 0x%02x at 0x%" PRIxPTR ", expected 0x%02x", got,
		            r.addr + (uintptr_t)at, r.bytes ? r.bytes[at] : r.byte);
	else if (st->expect == SCRIPT_EXPECT_KILL)
		exec_report(env, p, st, "expected a fault that kills, but the access succeeded");
	else
		return true;
	exec_exit(env, p);
	return false;
}

static bool exec_fork(struct exec_env *env, struct exec_proc *p, const struct script_step *st,
                      pid_t *child)
{
	pid_t c = env->ops->fork();

	if (c == 0) { /* the real child: its own steps from here */
		p->proc = st->child;
		p->pc = 0;
		p->pid = getpid();
		return true;
	}
	if (env->trace)
		trace_line(env->trace, "%ld fork %ld", (long)p->pid, (long)c);
	if (c > 0)
		*child = c;
	if (c > 0 && st->expect == SCRIPT_EXPECT_FORK_FAIL)
		exec_report(env, p, st, "fork succeeded, expected it to fail");
	else if (c < 0 && st->expect != SCRIPT_EXPECT_FORK_FAIL)
		exec_report(env, p, st, "fork failed (vm_create returned -1)");
	else
		return true;
	exec_exit(env, p);
	return false;
}

bool exec_step(struct exec_env *env, struct exec_proc *p, pid_t *child)
{
	const struct script_step *st = exec_next(p);

	*child = 0;
	if (!st) {
		exec_exit(env, p);
		return false;
	}
	p->pc++;
	switch (st->op) {
	case SCRIPT_MAP_SWAP:
	case SCRIPT_MAP_FILE:
		return exec_map(env, p, st);
	case SCRIPT_READ:
	case SCRIPT_WRITE:
	case SCRIPT_FILL:
		return exec_access(env, p, st);
	case SCRIPT_FORK:
		return exec_fork(env, p, st, child);
	case SCRIPT_YIELD:
		if (env->trace)
			trace_line(env->trace, "%ld yield", (long)p->pid);
		env->ops->yield();
		return true;
	case SCRIPT_EXIT:
		exec_exit(env, p);
		return false;
	}
	return true;
}
