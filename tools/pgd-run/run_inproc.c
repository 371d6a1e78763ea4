/* SPDX-License-Identifier: MIT */
/*
 * The in-process executor. The top-level processes attach in script order
 * before any step runs; then the process the scheduler runs takes its next
 * step, until none is left. A fork step's child gets a copy of its parent's
 * variables and its own steps. Processes are few, so they are kept in an
 * array searched by pid.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inproc.h"
#include "inproc_env.h"
#include "run_inproc.h"

struct run_inproc_procs {
	struct exec_proc *v;
	size_t nr, cap;
};

static int run_inproc_add(struct run_inproc_procs *ps, const struct script *s,
                         const struct script_proc *proc, pid_t pid, const uintptr_t *vals)
{
	if (ps->nr == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 16;
		struct exec_proc *v = realloc(ps->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		ps->v = v;
		ps->cap = cap;
	}
	if (exec_proc_init(&ps->v[ps->nr], s, proc, pid, vals))
		return -ENOMEM;
	ps->nr++;
	return 0;
}

static struct exec_proc *run_inproc_find(struct run_inproc_procs *ps, pid_t pid)
{
	for (size_t i = 0; i < ps->nr; i++)
		if (ps->v[i].pid == pid)
			return &ps->v[i];
	return NULL;
}

/* Remove pid's entry (it exited or was killed). */
static void run_inproc_del(struct run_inproc_procs *ps, pid_t pid)
{
	struct exec_proc *p = run_inproc_find(ps, pid);

	exec_proc_fini(p);
	*p = ps->v[--ps->nr];
}

/* Run steps until no process is left. */
static int run_inproc_loop(struct exec_env *env, struct run_inproc_procs *ps)
{
	pid_t pid;

	while ((pid = inproc_running())) {
		struct exec_proc *p = run_inproc_find(ps, pid);
		const struct script_step *st;
		pid_t child;
		bool alive;

		if (!p) {
			fprintf(stderr, "pgd-run: process %ld runs but has no steps\n", (long)pid);
			return -ESRCH;
		}
		st = exec_next(p);
		inproc_env_step_begin(pid, st && (st->op == SCRIPT_READ || st->op == SCRIPT_WRITE ||
		                                 st->op == SCRIPT_FILL));
		alive = exec_step(env, p, &child);
		inproc_env_step_end(pid, alive);
		/* Add the child before the parent's entry can move. */
		if (child && run_inproc_add(ps, env->script, st->child, child, p->vals))
			return -ENOMEM;
		if (!alive)
			run_inproc_del(ps, pid);
	}
	return 0;
}

int run_inproc(const struct script *s, const struct run_opts *o)
{
	struct run_inproc_procs ps = {0};
	struct exec_env env = {.path = o->path, .script = s, .ops = &inproc_env_ops};
	struct pgd_geometry g;
	int err, ferr;

	runopts_geometry(s, o->base, &g);
	env.page_size = g.page_size;
	env.arena_base = g.arena_base;
	if (o->trace) {
		err = trace_open(o->trace, &g, s, &env.trace);
		if (err) {
			fprintf(stderr, "pgd-run: %s: %s\n", o->trace, strerror(-err));
			return err;
		}
	}
	err = inproc_env_start(o, &g, s);
	if (err)
		goto out_trace;
	for (size_t i = 0; i < s->nr_procs && !err; i++) {
		pid_t pid = inproc_attach();

		if (pid < 0) {
			fprintf(stderr, "%s:%u: %s: attaching failed\n", o->path, s->procs[i].line,
			        s->procs[i].name);
			err = -EAGAIN;
			break;
		}
		if (env.trace)
			trace_line(env.trace, "attach %ld", (long)pid);
		err = run_inproc_add(&ps, s, &s->procs[i], pid, NULL);
	}
	if (!err)
		err = run_inproc_loop(&env, &ps);
	ferr = inproc_env_finish(o);
	while (ps.nr)
		exec_proc_fini(&ps.v[--ps.nr]);
	free(ps.v);
out_trace:
	trace_close(env.trace);
	if (err)
		return err;
	return ferr || env.nr_failures ? 1 : 0;
}
