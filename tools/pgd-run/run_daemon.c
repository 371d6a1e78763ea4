/* SPDX-License-Identifier: MIT */
/*
 * Starting a daemon run. pgd-run itself runs no simulated process: it makes
 * the files directory, then runs `pagerd [geometry] -- pgd-run-launch
 * SCRIPT` (embedded mode: the daemon lives until the launcher and every
 * process it started are gone, then shuts down cleanly), or the launcher
 * alone with PAGERD_SOCKET set for --socket. The binaries are looked for
 * next to pgd-run first (an installed layout), then where the build put them.
 * For --stats-json the statistics are read back from the end of pagerd's
 * log; without --log that log goes to a private file first and is copied to
 * standard output, unchanged, once pagerd is done.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datafiles.h"
#include "logstats.h"
#include "policy.h"
#include "run_daemon.h"
#include "selfpath.h"
#include "slurp.h"

#define RUNDAEMON_MAX_ARGS 48

/* path gets DIR/name, DIR being pgd-run's own directory (the build tree,
 * and bin/ installed), then DIR/PGD_RUN_LIBEXEC (the installed helper), if
 * that exists and is executable; else fallback. */
static void run_daemon_find(const char *name, const char *fallback, char *path, size_t len)
{
	static const char *const subdirs[] = {".", PGD_RUN_LIBEXEC};

	selfpath_find(name, subdirs, sizeof(subdirs) / sizeof(subdirs[0]), fallback, path, len);
}

/* Run argv, wait for it, give its exit status (128+N if killed by N). */
static int run_daemon_spawn(char **argv, const char *socket)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (socket && setenv("PAGERD_SOCKET", socket, 1))
			_exit(127);
		execv(argv[0], argv);
		fprintf(stderr, "pgd-run: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* After pagerd is done: the private log (if any) copied to standard
 * output, and --stats-json from the log if the run went to its end (ran).
 * 0 or -errno, with a message. */
static int run_daemon_stats(const struct run_opts *o, const char *log_path, bool private, bool ran)
{
	char *text;
	size_t len;
	int err = slurp(log_path, &text, &len);

	if (err) {
		fprintf(stderr, "pgd-run: %s: %s\n", log_path, strerror(-err));
		return err;
	}
	if (private && (fwrite(text, 1, len, stdout) != len || fflush(stdout))) {
		fprintf(stderr, "pgd-run: writing the event log: %s\n", strerror(errno));
		err = -EIO;
		goto out_text;
	}
	if (!ran)
		goto out_text;
	err = logstats_json(text, len, o->stats_json);
	if (err == -EINVAL)
		fprintf(stderr,
		        "pgd-run: %s: the daemon's log has no statistics or malformed ones\n",
		        log_path);
	else if (err)
		fprintf(stderr, "pgd-run: %s: %s\n", o->stats_json, strerror(-err));
out_text:
	free(text);
	return err;
}

/* The geometry's options, num[0..4] as run_daemon fills them, at argv[n]
 * on: pagerd and the launcher take the same ones. The new n. */
static int run_daemon_geometry(char **argv, int n, char (*num)[32])
{
	static const char *const opts[] = {"--memory-pages", "--swap-blocks", "--page-size",
					   "--arena-base", "--arena-pages"};

	for (unsigned int i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		argv[n++] = (char *)opts[i];
		argv[n++] = num[i];
	}
	return n;
}

int run_daemon(const struct script *s, const struct run_opts *o)
{
	char pagerd[PATH_MAX], launch[PATH_MAX], tmpdir[PATH_MAX] = "", msg[256];
	char logdir[PATH_MAX] = "", log_path[PATH_MAX + 8];
	char num[6][32];
	const char *files_dir = o->files_dir;
	char *argv[RUNDAEMON_MAX_ARGS];
	struct pgd_geometry g;
	int n = 0, ret;

	runopts_geometry(s, o->base, &g);
	if (o->socket && s->nr_files && !files_dir) {
		fprintf(stderr,
		        "pgd-run: %s declares files: with --socket, give the daemon's "
		        "files directory with --files-dir\n",
		        o->path);
		return -EINVAL;
	}
	if (!files_dir) {
		ret = datafiles_mkdir(tmpdir, sizeof(tmpdir));
		if (ret) {
			fprintf(stderr, "pgd-run: files directory: %s\n", strerror(-ret));
			return ret;
		}
		files_dir = tmpdir;
	}
	if (o->stats_json && !o->log_path) {
		ret = datafiles_mkdir(logdir, sizeof(logdir));
		if (ret) {
			fprintf(stderr, "pgd-run: log directory: %s\n", strerror(-ret));
			goto out_dir;
		}
		snprintf(log_path, sizeof(log_path), "%s/log", logdir);
	}
	ret = datafiles_create(s, files_dir, g.page_size, msg, sizeof(msg));
	if (ret) {
		fprintf(stderr, "pgd-run: %s\n", msg);
		goto out_dir;
	}
	run_daemon_find("pagerd", PGD_RUN_PAGERD, pagerd, sizeof(pagerd));
	run_daemon_find("pgd-run-launch", PGD_RUN_LAUNCH, launch, sizeof(launch));
	snprintf(num[0], sizeof(num[0]), "%u", g.memory_pages);
	snprintf(num[1], sizeof(num[1]), "%u", g.swap_blocks);
	snprintf(num[2], sizeof(num[2]), "%zu", g.page_size);
	snprintf(num[3], sizeof(num[3]), "0x%" PRIxPTR, g.arena_base);
	snprintf(num[4], sizeof(num[4]), "%zu", g.arena_pages);
	if (!o->socket) {
		argv[n++] = pagerd;
		n = run_daemon_geometry(argv, n, num);
		argv[n++] = "--files-dir";
		argv[n++] = (char *)files_dir;
		if (o->log_path || logdir[0]) {
			argv[n++] = "--log";
			argv[n++] = logdir[0] ? log_path : (char *)o->log_path;
		}
		if (o->check)
			argv[n++] = "--check";
		if (o->log_stats_only)
			argv[n++] = "--stats-only";
		if (o->record) {
			argv[n++] = "--record";
			argv[n++] = (char *)o->record;
		}
		argv[n++] = "--log-format";
		argv[n++] = o->log_pid_form ? "pid" : "args";
		if (o->policy) {
			snprintf(num[5], sizeof(num[5]), "%" PRIu64, o->policy_seed);
			argv[n++] = "--policy";
			argv[n++] = (char *)o->policy->name;
			argv[n++] = "--policy-seed";
			argv[n++] = num[5];
		}
		argv[n++] = "--";
	}
	argv[n++] = launch;
	/* The launcher's processes address the arena of this geometry. */
	n = run_daemon_geometry(argv, n, num);
	if (o->trace) {
		argv[n++] = "--trace";
		argv[n++] = (char *)o->trace;
	}
	argv[n++] = (char *)o->path;
	argv[n] = NULL;
	fflush(NULL);
	ret = run_daemon_spawn(argv, o->socket);
	if (ret > 1) {
		fprintf(stderr, "pgd-run: %s exited with status %d\n", argv[0], ret);
		ret = -EIO;
	}
	if (o->stats_json) {
		bool ran = ret >= 0;

		if (run_daemon_stats(o, logdir[0] ? log_path : o->log_path, logdir[0], ran) && ran)
			ret = 1;
	}
out_dir:
	if (logdir[0])
		datafiles_remove(logdir);
	if (tmpdir[0])
		datafiles_remove(tmpdir);
	return ret;
}
