/* SPDX-License-Identifier: MIT */
/*
 * Backing-store I/O: one page per block from real files and the swap file,
 * the log lines of every call and every real-file error path, and swap
 * failures going to fileio_fatal. pread/pwrite are wrapped (--wrap) so tests
 * can make them fail, return short counts or be interrupted.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "evlog.h"
#include "fileio.h"
#include "forkcheck.h"
#include "pagerd/pager.h"

#define PAGE    4096u
#define NR_SWAP 4u

/* ---- failure injection ---- */
ssize_t __real_pread(int fd, void *buf, size_t n, off_t off);
ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);

/* What the next calls do: fail with errno inject_err, or be interrupted
 * (EINTR) once, or move at most inject_max bytes per call. */
static int inject_err;
static bool inject_eintr;
static size_t inject_max;
static unsigned int nr_calls;

static ssize_t inject(size_t *n)
{
	nr_calls++;
	if (inject_err) {
		errno = inject_err;
		return -1;
	}
	if (inject_eintr) {
		inject_eintr = false;
		errno = EINTR;
		return -1;
	}
	if (inject_max && *n > inject_max)
		*n = inject_max;
	return 0;
}

ssize_t __wrap_pread(int fd, void *buf, size_t n, off_t off)
{
	return inject(&n) ? -1 : __real_pread(fd, buf, n, off);
}

ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	return inject(&n) ? -1 : __real_pwrite(fd, buf, n, off);
}

/* ---- fixture: a files directory with data.bin (2 pages) and half.bin
 * (1.5 pages), the swap file in the same directory, the log in memory ---- */
struct fixture {
	char dir[64];
	char *log;
	size_t log_len;
	FILE *logf;
	char fatal_what[128];
	int fatal_err;
	unsigned int nr_fatal;
};

static struct fixture fx;

static void record_fatal(const char *what, int err)
{
	snprintf(fx.fatal_what, sizeof(fx.fatal_what), "%s", what);
	fx.fatal_err = err;
	fx.nr_fatal++;
}

static void write_file(const char *name, size_t len)
{
	char path[128];
	unsigned char *buf = malloc(len);
	int fd;

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)(i / PAGE * 16 + i % 7);
	snprintf(path, sizeof(path), "%s/%s", fx.dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	free(buf);
}

static int setup(void **state)
{
	(void)state;
	memset(&fx, 0, sizeof(fx));
	strcpy(fx.dir, "/tmp/pgd-fileio-XXXXXX");
	if (!mkdtemp(fx.dir))
		return -1;
	write_file("data.bin", 2 * PAGE);
	write_file("half.bin", PAGE + PAGE / 2);
	fx.logf = open_memstream(&fx.log, &fx.log_len);
	evlog_set(fx.logf);
	fileio_fatal = record_fatal;
	inject_err = 0;
	inject_eintr = false;
	inject_max = 0;
	return fileio_start(fx.dir, fx.dir, NR_SWAP, PAGE);
}

static int teardown(void **state)
{
	char cmd[96];

	(void)state;
	fileio_stop();
	evlog_set(NULL);
	fclose(fx.logf);
	free(fx.log);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx.dir);
	return system(cmd);
}

static const char *logged(void)
{
	fflush(fx.logf);
	return fx.log;
}

/* The byte write_file put at offset off of a file. */
static unsigned char file_byte(size_t off)
{
	return (unsigned char)(off / PAGE * 16 + off % 7);
}

/* ---- real files ---- */
static void test_fileio_read_file_block(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	assert_int_equal(file_read("data.bin", 1, buf), 0);
	for (size_t i = 0; i < PAGE; i++)
		assert_int_equal(buf[i], file_byte(PAGE + i));
	assert_int_equal(file_read("data.bin", 0, buf), 0);
	assert_int_equal(buf[5], file_byte(5));
	assert_string_equal(logged(), "file_read\t(data.bin, 1)\n"
	                              "file_read\t(data.bin, 0)\n");
}

static void test_fileio_read_missing_file(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	assert_int_equal(file_read("nope.txt", 0, buf), -1);
	assert_string_equal(logged(), "file_read\t(nope.txt, 0)\n"
	                              "open: No such file or directory\n");
}

static void test_fileio_read_block_past_end(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	assert_int_equal(file_read("data.bin", 2, buf), -1);           /* wholly past the end */
	assert_int_equal(file_read("half.bin", 1, buf), -1);           /* partly past the end */
	assert_int_equal(file_read("half.bin", 0, buf), 0);            /* the whole page is there */
	assert_int_equal(file_read("data.bin", 0xffffffffu, buf), -1); /* no overflow */
	assert_string_equal(logged(), "file_read\t(data.bin, 2)\n"
	                              "block out of range\n"
	                              "file_read\t(half.bin, 1)\n"
	                              "block out of range\n"
	                              "file_read\t(half.bin, 0)\n"
	                              "file_read\t(data.bin, 4294967295)\n"
	                              "block out of range\n");
}

static void test_fileio_read_error_is_logged(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	inject_err = EIO;
	assert_int_equal(file_read("data.bin", 0, buf), -1);
	assert_string_equal(logged(), "file_read\t(data.bin, 0)\n"
	                              "read: Input/output error\n");
}

/* Names resolve beneath the files directory only, to regular files only,
 * and nothing blocks (docs/security.md section 4): each refusal is logged
 * as the classic log's missing file, with its reason on a '#' line. */
static void test_fileio_names_confined(void **state)
{
	unsigned char buf[PAGE];
	char path[128], outside[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/sub", fx.dir);
	assert_int_equal(mkdir(path, 0755), 0);
	write_file("sub/in.bin", PAGE);
	snprintf(path, sizeof(path), "%s/sub/link", fx.dir);
	assert_int_equal(symlink("in.bin", path), 0);
	snprintf(path, sizeof(path), "%s/dirlink", fx.dir);
	assert_int_equal(symlink("sub", path), 0);
	snprintf(path, sizeof(path), "%s/fifo", fx.dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(outside, sizeof(outside), "%s/data.bin", fx.dir);
	assert_int_equal(file_read("sub/in.bin", 0, buf), 0);
	assert_int_equal(file_read("./sub//in.bin", 0, buf), 0);
	assert_int_equal(file_read(outside, 0, buf), -1);
	assert_int_equal(file_read("sub/../data.bin", 0, buf), -1);
	assert_int_equal(file_read("sub/link", 0, buf), -1);
	assert_int_equal(file_read("dirlink/in.bin", 0, buf), -1);
	assert_int_equal(file_read("fifo", 0, buf), -1);
	assert_int_equal(file_read("sub", 0, buf), -1);
	assert_int_equal(file_write("fifo", 0, buf), -1);
	assert_true(strstr(logged(), "file_read\t(./sub//in.bin, 0)\n"
	                             "file_read\t(") != NULL);
	assert_true(strstr(logged(), ", 0)\nopen: No such file or directory\n"
	                             "# file name refused: outside the files directory (absolute name)\n"
	                             "file_read\t(sub/../data.bin, 0)\n"
	                             "open: No such file or directory\n"
	                             "# file name refused: outside the files directory (\"..\")\n"
	                             "file_read\t(sub/link, 0)\n"
	                             "open: No such file or directory\n"
	                             "# file name refused: a symbolic link (not followed)\n"
	                             "file_read\t(dirlink/in.bin, 0)\n"
	                             "open: No such file or directory\n"
	                             "# file name refused: a symbolic link (not followed)\n"
	                             "file_read\t(fifo, 0)\n"
	                             "open: No such file or directory\n"
	                             "# file name refused: not a regular file\n"
	                             "file_read\t(sub, 0)\n"
	                             "open: No such file or directory\n"
	                             "# file name refused: not a regular file\n"
	                             "file_write\t(fifo, 0)\n"
	                             "# file_write(fifo, 0) failed: open: not a regular file\n") != NULL);
}

/* A name is logged with control bytes and backslashes escaped. */
static void test_fileio_name_escaped_in_log(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	assert_int_equal(file_read("a\nvm_destroy\x1b[2J\\", 0, buf), -1);
	assert_string_equal(logged(), "file_read\t(a\\x0avm_destroy\\x1b[2J\\x5c, 0)\n"
	                              "open: No such file or directory\n");
}

static void test_fileio_read_survives_short_and_eintr(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	inject_eintr = true;
	inject_max = 1000;
	nr_calls = 0;
	assert_int_equal(file_read("data.bin", 1, buf), 0);
	assert_true(nr_calls >= 6); /* 1 interrupted + 5 short reads of 1000 bytes */
	for (size_t i = 0; i < PAGE; i++)
		assert_int_equal(buf[i], file_byte(PAGE + i));
}

static void test_fileio_write_file_block(void **state)
{
	unsigned char buf[PAGE], back[PAGE];
	char path[96];
	int fd;

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	inject_max = 999;
	assert_int_equal(file_write("data.bin", 1, buf), 0);
	snprintf(path, sizeof(path), "%s/data.bin", fx.dir);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(__real_pread(fd, back, PAGE, PAGE), PAGE);
	assert_memory_equal(back, buf, PAGE);
	assert_int_equal(__real_pread(fd, back, PAGE, 0), PAGE); /* block 0 untouched */
	assert_int_equal(back[3], file_byte(3));
	close(fd);
	assert_string_equal(logged(), "file_write\t(data.bin, 1)\n");
}

/* A failed write to a real file is -1, a '#' line (the format has no line
 * for it) and a message on stderr. */
static void test_fileio_write_missing_file(void **state)
{
	unsigned char buf[PAGE] = {0};

	(void)state;
	assert_int_equal(file_write("gone.bin", 3, buf), -1);
	assert_string_equal(logged(), "file_write\t(gone.bin, 3)\n"
	                              "# file_write(gone.bin, 3) failed: open: No such file or "
	                              "directory\n");
}

static void test_fileio_write_error(void **state)
{
	unsigned char buf[PAGE] = {0};

	(void)state;
	inject_err = ENOSPC;
	assert_int_equal(file_write("data.bin", 0, buf), -1);
	assert_string_equal(logged(), "file_write\t(data.bin, 0)\n"
	                              "# file_write(data.bin, 0) failed: write: No space left on "
	                              "device\n");
	assert_int_equal(fx.nr_fatal, 0);
}

/* Files are relative to the files directory given, else to the cwd. */
static void test_fileio_files_dir_default_is_cwd(void **state)
{
	unsigned char buf[PAGE];
	char *old = getcwd(NULL, 0);

	(void)state;
	fileio_stop();
	assert_int_equal(chdir(fx.dir), 0);
	assert_int_equal(fileio_start(NULL, NULL, NR_SWAP, PAGE), 0);
	assert_int_equal(chdir(old), 0);
	free(old);
	assert_int_equal(file_read("data.bin", 1, buf), 0);
	assert_int_equal(buf[0], file_byte(PAGE));
}

static void test_fileio_start_missing_dir(void **state)
{
	(void)state;
	fileio_stop();
	assert_int_equal(fileio_start("/nonexistent-pgd", NULL, NR_SWAP, PAGE), -ENOENT);
	assert_int_equal(fileio_start(fx.dir, "/nonexistent-pgd", NR_SWAP, PAGE), -ENOENT);
	assert_int_equal(fileio_start(fx.dir, fx.dir, NR_SWAP, PAGE), 0);
}

/* ---- swap ---- */
static void test_fileio_swap_round_trip(void **state)
{
	unsigned char buf[PAGE], back[PAGE];

	(void)state;
	assert_int_equal(file_read(NULL, NR_SWAP - 1, back), 0); /* never written: zeros */
	for (size_t i = 0; i < PAGE; i++)
		assert_int_equal(back[i], 0);
	for (unsigned int b = 0; b < NR_SWAP; b++) {
		memset(buf, 'a' + (int)b, sizeof(buf));
		assert_int_equal(file_write(NULL, b, buf), 0);
	}
	for (unsigned int b = NR_SWAP; b-- > 0;) {
		assert_int_equal(file_read(NULL, b, back), 0);
		assert_int_equal(back[0], 'a' + b);
		assert_int_equal(back[PAGE - 1], 'a' + b);
	}
	assert_string_equal(logged(), "file_read\t(<swap>, 3)\n"
	                              "file_write\t(<swap>, 0)\n"
	                              "file_write\t(<swap>, 1)\n"
	                              "file_write\t(<swap>, 2)\n"
	                              "file_write\t(<swap>, 3)\n"
	                              "file_read\t(<swap>, 3)\n"
	                              "file_read\t(<swap>, 2)\n"
	                              "file_read\t(<swap>, 1)\n"
	                              "file_read\t(<swap>, 0)\n");
	assert_int_equal(fx.nr_fatal, 0);
}

/* The swap file is private: nothing of it is left in the directory. */
static void test_fileio_swap_file_is_unlinked(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "test $(ls -A %s | wc -l) -eq 2", fx.dir);
	assert_int_equal(system(cmd), 0);
}

static void test_fileio_swap_block_out_of_range_is_fatal(void **state)
{
	unsigned char buf[PAGE] = {0};

	(void)state;
	assert_int_equal(file_read(NULL, NR_SWAP, buf), -1);
	assert_int_equal(fx.nr_fatal, 1);
	assert_int_equal(fx.fatal_err, ERANGE);
	assert_non_null(strstr(fx.fatal_what, "swap read of block 4"));
	assert_int_equal(file_write(NULL, 0xffffffffu, buf), -1);
	assert_int_equal(fx.nr_fatal, 2);
	assert_non_null(strstr(fx.fatal_what, "swap write of block 4294967295"));
}

static void test_fileio_swap_read_error_is_fatal(void **state)
{
	unsigned char buf[PAGE];

	(void)state;
	inject_err = EIO;
	file_read(NULL, 1, buf);
	assert_int_equal(fx.nr_fatal, 1);
	assert_int_equal(fx.fatal_err, EIO);
	assert_non_null(strstr(fx.fatal_what, "swap read"));
	assert_non_null(strstr(logged(), "file_read\t(<swap>, 1)\n# fatal: swap read"));
}

static void test_fileio_swap_write_error_is_fatal(void **state)
{
	unsigned char buf[PAGE] = {0};

	(void)state;
	inject_err = ENOSPC;
	file_write(NULL, 2, buf);
	assert_int_equal(fx.nr_fatal, 1);
	assert_int_equal(fx.fatal_err, ENOSPC);
	assert_non_null(strstr(fx.fatal_what, "swap write of block 2"));
}

/* The hook as the daemon has it, saved before setup replaces it. */
static void (*default_fatal)(const char *what, int err);

static void swap_read_bad_block(void *arg)
{
	unsigned char buf[PAGE];

	(void)arg;
	fileio_fatal = default_fatal;
	file_read(NULL, NR_SWAP + 1, buf);
}

/* Without a test hook, a swap failure stops the process: exit status 70
 * and a message on stderr naming what failed. */
static void test_fileio_default_fatal_exits(void **state)
{
	char err[1024];
	int status;

	(void)state;
	status = forkcheck_run(swap_read_bad_block, NULL, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 70);
	assert_non_null(strstr(err, "swap read of block 5"));
}

int main(void)
{
	default_fatal = fileio_fatal;
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_fileio_read_file_block),
	    T(test_fileio_read_missing_file),
	    T(test_fileio_read_block_past_end),
	    T(test_fileio_read_error_is_logged),
	    T(test_fileio_names_confined),
	    T(test_fileio_name_escaped_in_log),
	    T(test_fileio_read_survives_short_and_eintr),
	    T(test_fileio_write_file_block),
	    T(test_fileio_write_missing_file),
	    T(test_fileio_write_error),
	    T(test_fileio_files_dir_default_is_cwd),
	    T(test_fileio_start_missing_dir),
	    T(test_fileio_swap_round_trip),
	    T(test_fileio_swap_file_is_unlinked),
	    T(test_fileio_swap_block_out_of_range_is_fatal),
	    T(test_fileio_swap_read_error_is_fatal),
	    T(test_fileio_swap_write_error_is_fatal),
	    T(test_fileio_default_fatal_exits),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
