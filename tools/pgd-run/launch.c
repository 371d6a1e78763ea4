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
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"
#include "proto.h"
#include "runopts.h"
#include "slurp.h"

#define LAUNCH_ATTACH_TIMEOUT_MS 10000

static int launch_connect(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, err;

	err = proto_socket_path(sa.sun_path, sizeof(sa.sun_path));
	if (err)
		return err;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* The daemon's run-queue length. */
static int launch_queued(int sock, unsigned int *out)
{
	struct proto_msg m = {.type = PROTO_STATUS};
	unsigned int nfds;
	int err = proto_send(sock, &m, NULL, 0, 0);

	if (!err)
		err = proto_recv(sock, &m, NULL, 0, &nfds);
	if (!err && m.type != PROTO_STATUS_OK)
		err = -EPROTO;
	if (!err)
		*out = m.status_ok.nr_queued;
	return err;
}

/* Wait until the daemon's run queue holds want processes, or pid died. */
static int launch_wait_attached(int sock, unsigned int want, pid_t pid)
{
	struct timespec ms = {.tv_nsec = 1000000};

	for (int waited = 0; waited < LAUNCH_ATTACH_TIMEOUT_MS; waited++) {
		unsigned int queued;
		int err = launch_queued(sock, &queued);

		if (err)
			return err;
		if (queued >= want)
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return -ECHILD;
		nanosleep(&ms, NULL);
	}
	return -ETIMEDOUT;
}

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
	unsigned int base;
	int go[2], sock, err;

	sock = launch_connect();
	if (sock < 0) {
		fprintf(stderr, "pgd-run-launch: cannot reach pagerd: %s\n", strerror(-sock));
		return sock;
	}
	err = launch_queued(sock, &base);
	if (err) {
		fprintf(stderr, "pgd-run-launch: STATUS: %s\n", strerror(-err));
		goto out_sock;
	}
	if (pipe2(go, O_CLOEXEC)) {
		err = -errno;
		goto out_sock;
	}
	for (size_t i = 0; i < s->nr_procs && !err; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			err = -errno;
			break;
		}
		if (pid == 0) {
			close(sock);
			close(go[1]);
			launchproc_run(env, sh, &s->procs[i], g, go[0]);
		}
		err = launch_wait_attached(sock, base + (unsigned int)i + 1, pid);
		if (err)
			fprintf(stderr, "%s:%u: %s: did not attach: %s\n", env->path,
			        s->procs[i].line, s->procs[i].name, strerror(-err));
		else if (env->trace)
			trace_line(env->trace, "attach %ld", (long)pid);
	}
	/* Go (also after an error: the processes that attached run and end). */
	close(go[0]);
	close(go[1]);
out_sock:
	close(sock);
	return err;
}

static const struct option launch_options[] = {
    {"trace", required_argument, NULL, 't'},
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

	while ((opt = getopt_long(argc, argv, "", launch_options, NULL)) != -1) {
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
