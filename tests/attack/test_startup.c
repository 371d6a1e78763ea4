/* SPDX-License-Identifier: MIT */
/*
 * The daemon's own limits and errors (docs/security.md section 6): command
 * line values beyond what the pager supports, a log that cannot be written,
 * start-up errors that must name the path and the cause, and the private
 * directories that killed embedded daemons leave behind.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" is not in:\n%s", want, text);
}

/* Each value is refused when the command line is parsed (exit 2), naming
 * the option and the limit, instead of reaching the pager's abort(). */
static void test_attack_cli_limits(void **state)
{
	struct atk *a = *state;
	static const struct {
		const char *opt, *value, *limit;
	} bad[] = {
		{ "--memory-pages", "1073741823", "at most 1073741822" },
		{ "--memory-pages", "1073741824", "at most 1073741822" },
		{ "--arena-pages", "1073741825", "at most 1073741824" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { bad[i].opt, bad[i].value, "--no-log", "--", "/bin/true", NULL };
		char *err;

		assert_int_equal(atk_run_pagerd(&a->d, NULL, args, &err), 2);
		assert_has(err, bad[i].opt);
		assert_has(err, bad[i].limit);
		free(err);
	}
}

/* A log that cannot be written: the bystander is served all the same, the
 * first failure is reported with the log's name and cause, and the exit
 * status says the log is incomplete. */
static void test_attack_log_write_fails(void **state)
{
	static const char *const args[] = { "--log", "/dev/full", NULL };
	struct atk *a = *state;
	char path[128], *err;
	int saved = dup(2), fd;

	snprintf(path, sizeof(path), "%s/daemon-err", a->d.dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 2), 2); /* the daemon's stderr */
	atk_start(a, args);
	dup2(saved, 2);
	close(saved);
	close(fd);
	atk_release(a);
	atk_finish(a);
	assert_int_equal(dh_stop(&a->d), 1);
	err = dh_read(path);
	assert_has(err, "cannot write the event log to /dev/full: No space left on device");
	assert_null(strstr(strstr(err, "event log") + 1, "event log")); /* once */
	free(err);
}

/* Each start-up failure names the path and the cause. */
static void test_attack_startup_messages(void **state)
{
	struct atk *a = *state;
	char missing[96], sock[96], want[160], *err;
	const char *embedded[] = { "--no-log", "--", "/bin/true", NULL };
	const char *no_dir[] = { "--no-log", "--socket", want, NULL };
	const char *no_files[] = { "--no-log", "--socket", sock, "--files-dir", missing, NULL };
	const char *service[] = { "--no-log", "--socket", sock, NULL };

	snprintf(missing, sizeof(missing), "%s/missing", a->d.dir);
	snprintf(sock, sizeof(sock), "%s/sock", a->d.dir);

	assert_int_equal(atk_run_pagerd(&a->d, missing, embedded, &err), 1);
	snprintf(want, sizeof(want), "private socket directory in %s: No such file or directory",
		 missing);
	assert_has(err, want);
	free(err);

	snprintf(want, sizeof(want), "%s/sock", missing);
	assert_int_equal(atk_run_pagerd(&a->d, NULL, no_dir, &err), 1);
	snprintf(want, sizeof(want), "socket directory %s: No such file or directory", missing);
	assert_has(err, want);
	free(err);

	assert_int_equal(atk_run_pagerd(&a->d, NULL, no_files, &err), 1);
	snprintf(want, sizeof(want), "files directory %s: No such file or directory", missing);
	assert_has(err, want);
	free(err);

	assert_int_equal(atk_run_pagerd(&a->d, missing, service, &err), 1);
	snprintf(want, sizeof(want), "swap file of 256 blocks in %s: No such file or directory",
		 missing);
	assert_has(err, want);
	free(err);
}

/* Entries of dir, "." and ".." aside. */
static unsigned int count_entries(const char *dir)
{
	unsigned int n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

/* Make a directory's last change a minute old. */
static void age(const char *dir)
{
	struct timespec t[2] = { { time(NULL) - 60, 0 }, { time(NULL) - 60, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, dir, t, 0), 0);
}

/* A listening socket at path: a live daemon's, for the cleaner's purposes. */
static int listen_at(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(strlen(path) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, path, strlen(path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	return fd;
}

/* `pagerd -- PROGRAM` killed with SIGKILL leaves its directory; the next
 * one removes it, and leaves alone a live daemon's and one just made. */
static void test_attack_stale_embed_dir(void **state)
{
	struct atk *a = *state;
	const char *args[] = { "--no-log", "--", "/bin/true", NULL };
	char tmp[96], live[128], young[128], killed[384] = "", path[400], *err;
	int in[2], live_fd;
	struct dirent *e;
	pid_t pid;
	DIR *d;

	snprintf(tmp, sizeof(tmp), "%s/tmp", a->d.dir);
	assert_int_equal(mkdir(tmp, 0700), 0);
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(in[0], 0);
		setenv("TMPDIR", tmp, 1);
		execl(PAGERD_BIN, PAGERD_BIN, "--no-log", "--", "/bin/cat", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	for (int i = 0; i < 500 && !killed[0]; i++) {
		usleep(10000);
		d = opendir(tmp);
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "pagerd.", 7))
				snprintf(killed, sizeof(killed), "%s/%s", tmp, e->d_name);
		closedir(d);
		snprintf(path, sizeof(path), "%s/sock", killed);
		if (killed[0] && access(path, F_OK))
			killed[0] = '\0'; /* not listening yet */
	}
	assert_true(killed[0]);
	usleep(100000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(in[1]); /* cat, orphaned, ends */

	snprintf(live, sizeof(live), "%s/pagerd.live00", tmp);
	assert_int_equal(mkdir(live, 0700), 0);
	snprintf(path, sizeof(path), "%s/sock", live);
	live_fd = listen_at(path);
	snprintf(young, sizeof(young), "%s/pagerd.young0", tmp);
	assert_int_equal(mkdir(young, 0700), 0);
	age(killed);
	age(live);

	assert_int_equal(atk_run_pagerd(&a->d, tmp, args, &err), 0);
	free(err);
	close(live_fd);
	assert_int_equal(access(killed, F_OK), -1);
	assert_int_equal(access(live, F_OK), 0);
	assert_int_equal(access(young, F_OK), 0);
	assert_int_equal(count_entries(tmp), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
		T(test_attack_cli_limits),
		T(test_attack_log_write_fails),
		T(test_attack_startup_messages),
		T(test_attack_stale_embed_dir),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
