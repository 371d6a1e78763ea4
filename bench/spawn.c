/* SPDX-License-Identifier: MIT */
/*
 * pagerd and pgd-bench-client as processes. The daemon serves a socket in a
 * private directory and runs on the server's CPU; each client gets the
 * socket ($PAGERD_SOCKET), its CPU ($PGD_BENCH_CPU) and the daemon's pid
 * ($PGD_BENCH_DAEMON_PID, for reading its memory use), and its standard
 * output comes back through a pipe. Both get SIGTERM if pgd-bench dies, so
 * that a failed run leaves no daemon behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

struct spawn_daemon {
	pid_t pid;
	enum placement place;
	char dir[64];            /* holds the socket */
	struct sockaddr_un addr; /* the socket */
};

/* The daemon's side of the fork: its CPU, the swap directory, exec. */
static void spawn_daemon_exec(const struct bench_opts *o, const struct spawn_config *c,
                              const struct spawn_daemon *d)
{
	char opt[7][4200];
	const char *argv[9];
	int n = 6;

	snprintf(opt[0], sizeof(opt[0]), "--memory-pages=%u", c->frames);
	snprintf(opt[1], sizeof(opt[1]), "--swap-blocks=%u", c->blocks);
	snprintf(opt[2], sizeof(opt[2]), "--page-size=%zu", c->page_size);
	snprintf(opt[3], sizeof(opt[3]), "--arena-pages=%zu", c->arena);
	snprintf(opt[4], sizeof(opt[4]), "--socket=%s", d->addr.sun_path);
	if (c->log)
		snprintf(opt[5], sizeof(opt[5]), "--log=%s", c->log);
	else
		snprintf(opt[5], sizeof(opt[5]), "--no-log");
	if (c->record)
		snprintf(opt[n++], sizeof(opt[6]), "--record=%s", c->record);
	argv[0] = o->pagerd;
	for (int i = 0; i < n; i++)
		argv[i + 1] = opt[i];
	argv[n + 1] = NULL;
	bench_place(c->place, true);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) || (o->swap_dir && setenv("TMPDIR", o->swap_dir, 1)))
		_exit(127);
	execv(o->pagerd, (char *const *)argv);
	fprintf(stderr, "pgd-bench: cannot run %s: %s\n", o->pagerd, strerror(errno));
	_exit(127);
}

/* True once the daemon accepts a connection (it opens no session until
 * HELLO, so the probe costs it nothing). */
static bool spawn_daemon_ready(const struct spawn_daemon *d)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		bench_die("socket: %s", strerror(errno));
	ok = connect(fd, (const struct sockaddr *)&d->addr, sizeof(d->addr)) == 0;
	close(fd);
	return ok;
}

struct spawn_daemon *spawn_daemon_start(const struct bench_opts *o, const struct spawn_config *c)
{
	struct spawn_daemon *d = calloc(1, sizeof(*d));

	if (!d)
		bench_die("out of memory");
	snprintf(d->dir, sizeof(d->dir), "/tmp/pgd-bench.XXXXXX");
	if (!mkdtemp(d->dir))
		bench_die("mkdtemp: %s", strerror(errno));
	d->addr.sun_family = AF_UNIX;
	snprintf(d->addr.sun_path, sizeof(d->addr.sun_path), "%s/sock", d->dir);
	d->place = c->place;
	d->pid = fork();
	if (d->pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (d->pid == 0)
		spawn_daemon_exec(o, c, d);
	for (int tries = 0; !spawn_daemon_ready(d); tries++) {
		if (tries == 5000 || waitpid(d->pid, NULL, WNOHANG) != 0)
			bench_die("pagerd did not start serving %s", d->addr.sun_path);
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	}
	return d;
}

void spawn_daemon_stop(struct spawn_daemon *d)
{
	int status;

	kill(d->pid, SIGTERM);
	if (waitpid(d->pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		bench_die("pagerd did not stop cleanly (status 0x%x)", status);
	unlink(d->addr.sun_path);
	rmdir(d->dir);
	free(d);
}

/* The client's side of the fork. */
static void spawn_client_exec(const struct bench_opts *o, const struct spawn_daemon *d,
                              const char *mode, const size_t *args, int out)
{
	char num[3][24], cpu[16], pid[16];
	const char *argv[6] = {o->client, mode};
	int argc = 2;

	for (int i = 0; i < 3 && args[i]; i++) {
		snprintf(num[i], sizeof(num[i]), "%zu", args[i]);
		argv[argc++] = num[i];
	}
	argv[argc] = NULL;
	snprintf(cpu, sizeof(cpu), "%d", bench_place_cpu(d->place, false));
	snprintf(pid, sizeof(pid), "%ld", (long)d->pid);
	if (dup2(out, STDOUT_FILENO) < 0 || prctl(PR_SET_PDEATHSIG, SIGTERM) ||
	    setenv("PAGERD_SOCKET", d->addr.sun_path, 1) || setenv("PGD_BENCH_CPU", cpu, 1) ||
	    setenv("PGD_BENCH_DAEMON_PID", pid, 1))
		_exit(127);
	execv(o->client, (char *const *)argv);
	fprintf(stderr, "pgd-bench: cannot run %s: %s\n", o->client, strerror(errno));
	_exit(127);
}

void spawn_client(const struct bench_opts *o, const struct spawn_daemon *d, const char *mode,
                  const size_t *args, double *out, int nr)
{
	char buf[256], *p = buf;
	size_t len = 0;
	int fds[2], status;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		bench_die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		bench_die("fork: %s", strerror(errno));
	if (pid == 0)
		spawn_client_exec(o, d, mode, args, fds[1]);
	close(fds[1]);
	for (ssize_t n; len + 1 < sizeof(buf); len += (size_t)n) {
		n = read(fds[0], buf + len, sizeof(buf) - 1 - len);
		if (n == 0)
			break;
		if (n < 0 && errno != EINTR)
			bench_die("reading the client: %s", strerror(errno));
		n = n < 0 ? 0 : n;
	}
	buf[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		bench_die("pgd-bench-client %s failed (status 0x%x)", mode, status);
	for (int i = 0; i < nr; i++) {
		char *end;

		out[i] = strtod(p, &end);
		if (end == p)
			bench_die("pgd-bench-client %s printed \"%s\"", mode, buf);
		p = end;
	}
}
