/* SPDX-License-Identifier: MIT */
/*
 * pagerd's main: parse the command line, load the pager, open the log,
 * listen, start the machine and the pager thread, run the libuv loop (and,
 * in embedded mode, the program), and shut down cleanly: every session
 * ended, every queued pager call done, then machine_stop writes back dirty
 * file-backed pages and removes the swap file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "refpager.h"
#include "conn.h"
#include "embed.h"
#include "evlog.h"
#include "machine.h"
#include "pagerguard.h"
#include "pagerthread.h"
#include "proto.h"
#include "server.h"
#include "session.h"
#include "statsrec.h"

/* Every field: loop thread (main thread). */
static struct pagerd {
	uv_loop_t loop;
	uv_signal_t sigint;
	uv_signal_t sigterm;
	uv_timer_t watch;	/* with --pager: pagerguard_watch */
	bool embedded;
	bool program_running;
	int status;	/* the exit status */
	bool stopping;
	bool pager_failed;	/* the status is PAGERGUARD_EXIT_STATUS */
	bool stats_logged; /* the '#' statistics lines are out */
} pd;

static void daemon_drained(struct job *job);

/* A job that comes back to daemon_drained once every job before it ran. */
static void daemon_drain(enum job_kind kind)
{
	struct job *job = pagerthread_job(kind);

	job->done = daemon_drained;
	pagerthread_submit(job);
}

/* Once nothing is queued any more, print the statistics (after the last
 * vm_destroy: a session still attaching at shutdown ends only when its
 * vm_create is done), then stop the pager thread and the loop. */
static void daemon_drained(struct job *job)
{
	if (job->kind == JOB_LOG_STATS)
		pd.stats_logged = true;
	if (pagerthread_pending()) {
		daemon_drain(JOB_BARRIER);
		return;
	}
	if (!pd.stats_logged) {
		daemon_drain(JOB_LOG_STATS);
		return;
	}
	pagerthread_stop();
	if (pagerguard_enabled())
		uv_close((uv_handle_t *)&pd.watch, NULL);
	uv_close((uv_handle_t *)&pd.sigint, NULL);
	uv_close((uv_handle_t *)&pd.sigterm, NULL);
}

static void daemon_stop(void)
{
	if (pd.stopping)
		return;
	pd.stopping = true;
	server_close();
	if (pd.pager_failed)
		session_end_all(ENOTRECOVERABLE, "the pager failed");
	else
		session_end_all(ESHUTDOWN, "pagerd is shutting down");
	conn_close_all(NULL);
	daemon_drain(JOB_BARRIER);
}

/* Embedded mode ends when the program has exited and no client is left. */
static void daemon_idle(void)
{
	if (pd.embedded && !pd.program_running)
		daemon_stop();
}

/* The pager failed (pagerguard.h; its report is out): every client ends
 * with ERROR(ENOTRECOVERABLE) and pagerd exits with the status that says
 * so, whatever the program's. */
static void daemon_pager_failed(void)
{
	pd.pager_failed = true;
	pd.status = PAGERGUARD_EXIT_STATUS;
	daemon_stop();
}

static void daemon_on_watch(uv_timer_t *t)
{
	(void)t;
	pagerguard_watch();
}

static void daemon_program_exited(int status)
{
	pd.program_running = false;
	if (!pd.pager_failed)
		pd.status = status;
	if (!session_count())
		daemon_stop();
}

static void daemon_on_signal(uv_signal_t *h, int signum)
{
	(void)h;
	if (pd.embedded && !pd.stopping && embed_kill(signum))
		return;
	daemon_stop();
}

static FILE *daemon_open_log(const char *path)
{
	FILE *f;

	if (!path)
		return stdout;
	f = fopen(path, "we");
	if (!f)
		fprintf(stderr, "pagerd: cannot open the log %s: %s\n", path, strerror(errno));
	return f;
}

/* The socket's directory must exist: say so by name (a bind there fails
 * with a misleading "permission denied"). */
static int daemon_check_socket_dir(const char *path)
{
	char dir[PATH_MAX], *slash;
	struct stat st;
	int err;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return 0; /* the working directory */
	slash[slash == dir] = '\0'; /* "/sock": the root */
	if (stat(dir, &st))
		err = errno;
	else if (!S_ISDIR(st.st_mode))
		err = ENOTDIR;
	else
		return 0;
	fprintf(stderr, "pagerd: socket directory %s: %s\n", dir, strerror(err));
	return -err;
}

/* Close the log (standard output: flush it): nonzero if any write to it
 * failed, reported once. */
static int daemon_close_log(FILE *log)
{
	int failed;

	if (!log)
		return 0;
	errno = 0;
	failed = ferror(log) | (log == stdout ? fflush(log) : fclose(log));
	if (failed)
		evlog_write_failed(errno);
	return evlog_error();
}

/* The private socket, on the log's first line, for pagerctl (before
 * machine_start, which hands the log to the event log). */
static void daemon_say_socket(FILE *log, const char *path)
{
	if (log)
		fprintf(log, "# pagerd %ld serves %s (pagerctl --socket %s, or pagerctl "
		             "--embedded %ld)\n",
		        (long)getpid(), path, path, (long)getpid());
	if (log)
		fflush(log); /* readable now, while PROGRAM runs */
}

/* Everything between a started machine and a stopped one. */
static int daemon_serve(struct cli *cli)
{
	int err;

	statsrec_set_max(cli->stats_records);
	err = pagerthread_start(&pd.loop);
	if (err) {
		fprintf(stderr, "pagerd: pager thread: %s\n", strerror(-err));
		return 1;
	}
	err = session_init(&pd.loop, machine_geometry(), machine_physmem_fd());
	if (err) {
		fprintf(stderr, "pagerd: %s\n", strerror(-err));
		goto out_thread;
	}
	session_on_idle(daemon_idle);
	conn_init(&pd.loop, cli->idle_timeout_ms, (size_t)cli->answer_memory_mib << 20);
	uv_signal_init(&pd.loop, &pd.sigint);
	uv_signal_init(&pd.loop, &pd.sigterm);
	uv_signal_start(&pd.sigint, daemon_on_signal, SIGINT);
	uv_signal_start(&pd.sigterm, daemon_on_signal, SIGTERM);
	pagerthread_on_failure(daemon_pager_failed);
	if (pagerguard_enabled()) {
		uv_timer_init(&pd.loop, &pd.watch);
		uv_timer_start(&pd.watch, daemon_on_watch, 100, 100);
	}
	if (pd.embedded) {
		err = embed_spawn(&pd.loop, cli->program, daemon_program_exited);
		if (err) {
			fprintf(stderr, "pagerd: cannot run %s: %s\n", cli->program[0],
				uv_strerror(err));
			pd.status = 127;
			daemon_stop();
		} else {
			pd.program_running = true;
		}
	}
	uv_run(&pd.loop, UV_RUN_DEFAULT);
	session_fini();
	return pd.status;

out_thread:
	pagerthread_stop();
	uv_run(&pd.loop, UV_RUN_DEFAULT);
	return 1;
}

int main(int argc, char **argv)
{
	char path[PATH_MAX], err[256];
	struct pager_ops module = { 0 };
	struct cli cli;
	int ret;

	ret = cli_parse(argc, argv, &cli);
	if (ret)
		return ret > 0 ? 0 : 2;
	signal(SIGPIPE, SIG_IGN);
	pd.embedded = cli.program != NULL;
	if (pd.embedded) {
		ret = embed_check_program(cli.program[0]);
		if (ret)
			return ret == -EACCES ? 126 : 127; /* as the shell's */
	}
	if (cli.pager) {
		if (module_load(cli.pager, &module, err, sizeof(err))) {
			fprintf(stderr, "pagerd: %s\n", err);
			return 1;
		}
		cli.cfg.ops = &module;
		if (pagerguard_init((const void *)module.init, cli.pager_timeout_s)) {
			fprintf(stderr, "pagerd: cannot guard the pager module %s\n", cli.pager);
			ret = 1;
			goto out_module;
		}
		cli.cfg.pager_bug = pagerguard_bug;
	} else if (cli.policy) {
		refpager_use_policy(cli.policy, &cli.policy_params);
	}
	ret = 1;
	cli.cfg.log = cli.no_log ? NULL : daemon_open_log(cli.log);
	cli.cfg.log_name = cli.log ? cli.log : "standard output";
	if (!cli.cfg.log && !cli.no_log)
		goto out_module;
	uv_loop_init(&pd.loop);
	if (pd.embedded && !cli.socket) {
		if (embed_mkdir(path, sizeof(path)))
			goto out_loop; /* embed_mkdir said why */
	} else if (cli.socket ? snprintf(path, sizeof(path), "%s", cli.socket) >= (int)sizeof(path)
			      : proto_socket_path(path, sizeof(path)) != 0) {
		fprintf(stderr, "pagerd: the socket path %s is too long\n",
			cli.socket ? cli.socket : "from $PAGERD_SOCKET or $XDG_RUNTIME_DIR");
		goto out_loop;
	}
	if (daemon_check_socket_dir(path))
		goto out_loop;
	if (server_listen(&pd.loop, path, err, sizeof(err))) {
		fprintf(stderr, "pagerd: %s\n", err);
		ret = 1;
		goto out_loop;
	}
	if (pd.embedded) {
		setenv("PAGERD_SOCKET", path, 1);
		daemon_say_socket(cli.cfg.log, path);
	}
	if (machine_start(&cli.cfg)) {
		server_close();
		ret = 1;
		goto out_loop;
	}
	ret = daemon_serve(&cli);
	machine_stop();
out_loop:
	uv_run(&pd.loop, UV_RUN_DEFAULT);
	uv_loop_close(&pd.loop);
	embed_rmdir();
	if (daemon_close_log(cli.cfg.log) && !ret)
		ret = 1; /* an incomplete log must not look complete */
out_module:
	if (cli.pager)
		module_unload(&module);
	return ret;
}
