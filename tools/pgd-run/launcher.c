/* SPDX-License-Identifier: MIT */
/*
 * pgd-run-launch [--trace FILE] SCRIPT: started by pgd-run under a daemon.
 * The top-level processes attach one at a time in script order: each is
 * forked, and the next is forked only once the daemon's STATUS shows the
 * previous one in its run queue (vm_create done). Until every one has
 * attached, the first, which holds the CPU, waits on a pipe; closing it
 * starts the run. The launcher then reaps every process (it is their
 * subreaper), and judges the ones killed by a signal by their slots.
 * Exit status: 0 if every expectation held, 1 if not, 2 if the run failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach_order.h"
#include "launcher.h"
#include "runopts.h"
#include "slurp.h"

static const struct launch_slot *launch_slot(const struct launch_shared *sh, pid_t pid)
{
	unsigned int n = sh->nr_slots < LAUNCH_MAX_SLOTS ? sh->nr_slots : LAUNCH_MAX_SLOTS;

	for (unsigned int i = n; i-- > 0;)
		if (sh->slots[i].pid == pid)
			return &sh->slots[i];
	return NULL;
}

/* Reap every process; count those that died unexpectedly. */
static unsigned int launch_reap(const char *path, const struct launch_shared *sh)
{
	unsigned int bad = 0;
	int status;
	pid_t pid;

	while ((pid = wait(&status)) > 0 || errno == EINTR) {
		const struct launch_slot *slot;

		if (pid < 0 || (WIFEXITED(status) && !WEXITSTATUS(status)))
			continue;
		slot = launch_slot(sh, pid);
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV && slot && slot->expect_kill)
			continue;
		bad++;
		if (slot)
			fprintf(stderr, "%s:%u: %s (pid %ld): ", path, slot->line, slot->proc->name,
			        (long)pid);
		else
			fprintf(stderr, "pgd-run-launch: process %ld: ", (long)pid);
		if (WIFSIGNALED(status))
			fprintf(stderr, "killed by signal %d (%s)\n", WTERMSIG(status),
			        strsignal(WTERMSIG(status)));
		else
			fprintf(stderr, "exited with status %d\n", WEXITSTATUS(status));
	}
	return bad;
}

/* Start the top-level processes in order, then let them run. */
static int launch_start(struct exec_env *env, struct launch_shared *sh,
                        const struct pgd_geometry *g)
{
	const struct script *s = env->script;
	struct attach_order fa;
	int err = attach_order_begin(&fa, "pgd-run-launch");

	if (err)
		return err;
	for (size_t i = 0; i < s->nr_procs && !err; i++) {
		pid_t pid = attach_order_fork(&fa);

		if (pid < 0) {
			err = pid;
			break;
		}
		if (pid == 0)
			client_env_run(env, sh, &s->procs[i], g, fa.go_fd);
		err = attach_order_wait(&fa, pid);
		if (err)
			fprintf(stderr, "%s:%u: %s: did not attach: %s\n", env->path,
			        s->procs[i].line, s->procs[i].name, strerror(-err));
		else if (env->trace)
			trace_line(env->trace, "attach %ld", (long)pid);
	}
	/* Go (also after an error: the processes that attached run and end). */
	attach_order_go(&fa);
	return err;
}

static const char launch_usage[] =
    "Usage: pgd-run-launch [--trace FILE] SCRIPT\n"
    "\n"
    "The client side of a pgd-run daemon run, which pgd-run starts (from\n"
    "libexec/pagerd once installed) under a pagerd it started: it forks the\n"
    "script's processes, attaches them in the script's order and runs their\n"
    "steps. Not meant to be run by hand; run `pgd-run SCRIPT`.\n"
    "\n"
    "Options:\n"
    "      --trace=FILE      write every step to FILE\n"
    "  -h, --help            print this help and exit\n"
    "  -V, --version         print the version and exit\n"
    "\n"
    "See docs/workloads.md.\n";

static const struct option launch_options[] = {
    {"trace", required_argument, NULL, 't'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

int main(int argc, char **argv)
{
	struct exec_env env = {0};
	struct launch_shared *sh;
	struct pgd_geometry g;
	struct script *s = NULL;
	const char *trace = NULL;
	char msg[512], *text;
	size_t len;
	int opt, err;

	while ((opt = getopt_long(argc, argv, "hV", launch_options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(launch_usage, stdout);
			return 0;
		}
		if (opt == 'V') {
			printf("pgd-run-launch %s\n", PAGERD_VERSION);
			return 0;
		}
		if (opt != 't')
			return 2;
		trace = optarg;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: pgd-run-launch [--trace FILE] SCRIPT (run by pgd-run)\n");
		return 2;
	}
	env.path = argv[optind];
	err = slurp(env.path, &text, &len);
	if (err) {
		fprintf(stderr, "pgd-run-launch: %s: %s\n", env.path, strerror(-err));
		return 2;
	}
	err = script_parse(env.path, text, len, &s, msg, sizeof(msg));
	free(text);
	if (err) {
		fprintf(stderr, "%s\n", msg);
		return 2;
	}
	env.script = s;
	runopts_geometry(s, &g);
	env.page_size = g.page_size;
	env.arena_base = g.arena_base;
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || prctl(PR_SET_CHILD_SUBREAPER, 1)) {
		fprintf(stderr, "pgd-run-launch: %s\n", strerror(errno));
		return 2;
	}
	if (trace) {
		err = trace_open(trace, &g, s, &env.trace);
		if (err) {
			fprintf(stderr, "pgd-run-launch: %s: %s\n", trace, strerror(-err));
			return 2;
		}
	}
	err = launch_start(&env, sh, &g);
	if (launch_reap(env.path, sh))
		sh->nr_failures++;
	trace_close(env.trace);
	script_free(s);
	if (err)
		return 2;
	return sh->nr_failures ? 1 : 0;
}
