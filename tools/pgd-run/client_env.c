/* SPDX-License-Identifier: MIT */
/*
 * One simulated process of a daemon run, as a real client process: the
 * exec operations are the client library's calls and plain volatile loads
 * and stores in the arena (so the simulated MMU faults exactly as it would
 * for any program), fork is the interposed fork(), and exit adds this
 * process's failures to the shared count. A process killed by a fault
 * simply dies; its slot tells the launcher which step it was running.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "launcher.h"
#include "pagerd/client.h"

/* This process's view. Each real process has its own copy. */
static struct client_env {
	struct exec_env *env;
	struct launch_shared *sh;
	struct launch_slot *slot; /* NULL if the slots ran out */
	pid_t pid;                /* whose slot it is */
} lp;

static uintptr_t client_env_map(uintptr_t filename, unsigned int block)
{
	return (uintptr_t)pgd_map((const char *)filename, block);
}

static int client_env_load(uintptr_t addr, uint8_t *out)
{
	*out = *(volatile const uint8_t *)addr;
	return 0;
}

static int client_env_store(uintptr_t addr, uint8_t value)
{
	*(volatile uint8_t *)addr = value;
	return 0;
}

static pid_t client_env_fork(void)
{
	return fork();
}

static void client_env_exit(void)
{
	__atomic_fetch_add(&lp.sh->nr_failures, lp.env->nr_failures, __ATOMIC_SEQ_CST);
	exit(0);
}

static const struct exec_ops client_env_ops = {
    .map = client_env_map,
    .load = client_env_load,
    .store = client_env_store,
    .fork = client_env_fork,
    .yield = pgd_yield,
    .exit = client_env_exit,
};

/* A slot for this process (new, or forked: the parent's failures are the
 * parent's to count). */
static void client_env_begin(const struct script_proc *proc)
{
	unsigned int i = __atomic_fetch_add(&lp.sh->nr_slots, 1, __ATOMIC_SEQ_CST);

	lp.env->nr_failures = 0;
	lp.pid = getpid();
	lp.slot = i < LAUNCH_MAX_SLOTS ? &lp.sh->slots[i] : NULL;
	if (lp.slot)
		*lp.slot = (struct launch_slot){.pid = lp.pid, .line = proc->line, .proc = proc};
}

/* The daemon must run the geometry the script was written for. */
static bool client_env_geometry_ok(const struct exec_proc *p, const struct pgd_geometry *g)
{
	if (pgd_page_size() == g->page_size && (uintptr_t)pgd_arena_base() == g->arena_base &&
	    pgd_arena_size() == g->arena_pages * g->page_size)
		return true;
	fprintf(stderr,
	        "%s:%u: %s (pid %ld): the daemon's arena or page size is not the "
	        "script's\n",
	        lp.env->path, p->proc->line, p->proc->name, (long)p->pid);
	lp.env->nr_failures++;
	return false;
}

void client_env_run(struct exec_env *env, struct launch_shared *sh, const struct script_proc *proc,
                    const struct pgd_geometry *g, int go_fd)
{
	struct exec_proc p;
	char c;
	pid_t child;

	lp = (struct client_env){.env = env, .sh = sh};
	env->ops = &client_env_ops;
	client_env_begin(proc);
	if (pgd_attach() || exec_proc_init(&p, env->script, proc, getpid(), NULL))
		_exit(2);
	while (read(go_fd, &c, 1) < 0 && errno == EINTR)
		;
	close(go_fd);
	if (!client_env_geometry_ok(&p, g))
		client_env_exit();
	for (;;) {
		const struct script_step *st = exec_next(&p);

		if (lp.slot && st) {
			lp.slot->line = st->line;
			lp.slot->expect_kill = st->expect == SCRIPT_EXPECT_KILL;
		}
		exec_step(env, &p, &child);
		if (p.pid != lp.pid)
			client_env_begin(p.proc);
	}
}
