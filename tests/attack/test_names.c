/* SPDX-License-Identifier: MIT */
/*
 * Attacks through the file names given to vm_map (docs/security.md sections
 * 4 and 5): names that leave the files directory or reach the daemon's own
 * descriptors and memory, a FIFO, control bytes. Each attacker is a client
 * program that maps the name and reads the page: a refused name must end it
 * with SIGSEGV, like a missing file, with the reason in the log.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"
#include "pagerd/defaults.h"

#define MAX_ATTACKERS 8

/* Run one attacker per name (block of the same index) while the bystander
 * yields, and expect each to die of SIGSEGV. */
static void attack_names(struct atk *a, const char *const *names, const char *const *blocks,
                         unsigned int n)
{
	pid_t pid[MAX_ATTACKERS];

	for (unsigned int i = 0; i < n; i++) {
		const char *argv[] = {ATK_NAME, names[i], blocks ? blocks[i] : "0", NULL};

		pid[i] = atk_spawn(&a->d, argv);
	}
	dh_wait_idle(&a->d, n + 1);
	atk_release(a);
	for (unsigned int i = 0; i < n; i++) {
		int status = atk_wait(pid[i], 10000);

		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
			fail_msg("vm_map of \"%s\" was not refused: wait status 0x%x", names[i],
			         status);
	}
	atk_finish(a);
}

/* Whether the log has text, and how often. */
static unsigned int log_count(const struct dh *d, const char *text)
{
	char *log = dh_log(d), *p = log;
	unsigned int n = 0;

	while ((p = strstr(p, text))) {
		n++;
		p++;
	}
	free(log);
	return n;
}

/* The daemon's descriptor of its swap file (unnamed: "(deleted)"). */
static int swap_fd(const struct dh *d)
{
	char dir[64], link[PATH_MAX], target[PATH_MAX];
	struct dirent *e;
	int fd = -1;
	DIR *fds;

	snprintf(dir, sizeof(dir), "/proc/%ld/fd", (long)d->pid);
	fds = opendir(dir);
	assert_non_null(fds);
	while (fd < 0 && (e = readdir(fds))) {
		ssize_t n;

		snprintf(link, sizeof(link), "%s/%s", dir, e->d_name);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (strstr(target, " (deleted)") && !strstr(target, "memfd:"))
			fd = atoi(e->d_name);
	}
	closedir(fds);
	assert_true(fd >= 0);
	return fd;
}

/* A block of /proc/PID/mem that lies in readable memory of the daemon. */
static unsigned long readable_block(const struct dh *d)
{
	const uint64_t page = PGD_DEFAULT_PAGE_SIZE;
	char path[64], line[512];
	unsigned long block = 0;
	FILE *maps;

	snprintf(path, sizeof(path), "/proc/%ld/maps", (long)d->pid);
	maps = fopen(path, "r");
	assert_non_null(maps);
	while (!block && fgets(line, sizeof(line), maps)) {
		uint64_t start, end;
		char perms[8];

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s", &start, &end, perms) == 3 &&
		    perms[0] == 'r' && !strchr(line, '[') &&
		    (start + page - 1) / page * page + page <= end)
			block = (unsigned long)((start + page - 1) / page);
	}
	fclose(maps);
	assert_true(block > 0);
	return block;
}

/* Outside the files directory: an absolute name, "..", a symbolic link, the
 * daemon's swap file through /proc/self/fd (another session's pages) and
 * the daemon's own memory (/proc/self/mem). Each target is readable, so the
 * daemon would have read it. */
static void test_attack_name_outside(void **state)
{
	struct atk *a = *state;
	char outside[128], up[128], link[128], fdname[64], memblock[32];
	const char *names[] = {outside, up, "link", fdname, "/proc/self/mem"};
	const char *blocks[] = {"0", "0", "0", "0", memblock};
	const char *base = strrchr(a->d.dir, '/') + 1;

	snprintf(up, sizeof(up), "../%s.outside", base);
	dh_file(&a->d, up, PGD_DEFAULT_PAGE_SIZE, 'O'); /* beside the directory */
	snprintf(outside, sizeof(outside), "%s.outside", a->d.dir);
	snprintf(link, sizeof(link), "%s/link", a->d.dir);
	assert_int_equal(symlink(outside, link), 0);
	atk_start(a, NULL);
	snprintf(fdname, sizeof(fdname), "/proc/self/fd/%d", swap_fd(&a->d));
	snprintf(memblock, sizeof(memblock), "%lu", readable_block(&a->d));
	attack_names(a, names, blocks, 5);
	unlink(outside);
	assert_int_equal(log_count(&a->d, "open: No such file or directory\n# file name refused: "
	                                  "outside the files directory (absolute name)\n"),
	                 3);
	assert_int_equal(log_count(&a->d, "open: No such file or directory\n# file name refused: "
	                                  "outside the files directory (\"..\")\n"),
	                 1);
	assert_int_equal(log_count(&a->d, "open: No such file or directory\n# file name refused: a "
	                                  "symbolic link (not followed)\n"),
	                 1);
}

/* A FIFO: opening it for reading would wait for a writer forever, with the
 * pager thread (and so every session, and SIGTERM) stuck behind it. */
static void test_attack_name_fifo(void **state)
{
	struct atk *a = *state;
	const char *names[] = {"fifo"};
	char path[128];

	snprintf(path, sizeof(path), "%s/fifo", a->d.dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	atk_start(a, NULL);
	attack_names(a, names, NULL, 1);
	assert_int_equal(log_count(&a->d, "file_read\t(fifo, 0)\nopen: No such file or directory\n"
	                                  "# file name refused: not a regular file\n"),
	                 1);
}

/* Newlines and ESC in a name would forge log lines and drive the terminal:
 * the log shows them escaped, and no raw control byte but tab and newline
 * reaches it. */
static void test_attack_name_control_bytes(void **state)
{
	struct atk *a = *state;
	const char *names[] = {"x\nvm_destroy\n\x1b[2J\r"};
	char *log;

	atk_start(a, NULL);
	attack_names(a, names, NULL, 1);
	assert_int_equal(log_count(&a->d, "file_read\t(x\\x0avm_destroy\\x0a\\x1b[2J\\x0d, 0)\n"),
	                 1);
	log = dh_log(&a->d);
	for (const char *p = log; *p; p++)
		if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t')
			fail_msg("the log holds control byte 0x%02x", *p);
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
	    T(test_attack_name_outside),
	    T(test_attack_name_fifo),
	    T(test_attack_name_control_bytes),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
