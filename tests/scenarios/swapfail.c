/* SPDX-License-Identifier: MIT */
/*
 * Scenario: a swap write that fails (rule 15). Swap I/O never fails in normal
 * operation; when it does, pagerd reports it and stops rather than go on
 * without the page. pwrite is wrapped (--wrap) so that it fails once armed;
 * the scenario runs in a child process, which must not end cleanly, and
 * whose log must end, after the failing file_write line, with '#' lines
 * only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "unit/forkcheck.h"

/* Set in the child just before the write that must fail. */
static bool swapfail_armed;

ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off);

ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (swapfail_armed) {
		errno = EIO;
		return -1;
	}
	return __real_pwrite(fd, buf, n, off);
}

/* The child: p1's first write must evict p0 (dirty) to swap block 0. No
 * cmocka assertions here; the parent judges by the log. */
static void swapfail_child(void *arg)
{
	struct harness *h = arg;
	char path[sizeof(h->dir) + 16];

	snprintf(path, sizeof(path), "%s/log", h->dir);
	h->cfg.log = fopen(path, "w");
	if (!h->cfg.log || inproc_start(&h->cfg, LAUNCHER))
		return;
	inproc_attach();
	inproc_map(0, 0);
	inproc_map(0, 0);
	inproc_store(ARENA_PAGE(0), 'a');
	swapfail_armed = true;
	inproc_store(ARENA_PAGE(1), 'b');
}

/* Where the line after the one at i starts (len if none). */
static size_t swapfail_next_line(const char *log, size_t len, size_t i)
{
	const char *nl = memchr(log + i, '\n', len - i);

	return nl ? (size_t)(nl - log) + 1 : len;
}

/* The child's log, NUL-terminated. */
static char *swapfail_read_log(struct harness *h, size_t *len)
{
	char path[sizeof(h->dir) + 16];
	char *buf = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/log", h->dir);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = calloc((size_t)n + 1, 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/*
 * Rule 15 (swap I/O), rule 5: -m 2. The log up to the failing write is the
 * one the rules give; after it come only '#' lines (no vm_fault returned,
 * nothing else served), stderr says what failed, and the process does not
 * exit cleanly.
 */
static void test_scenario_swapfail_write_stops_pagerd(void **state)
{
	/* clang-format off */
	static const char expected[] =
		L_STARTED(2)
		L_CREATE(1000, 1001) L_CREATE_RET(0)
		L_SWITCH(1001) L_TABLE(1001)
		L_MAP(0x0, 0) L_MAP_RET(0x600000000)
		L_TABLE(1001) L_R(0x60000, 0x0)
		L_MAP(0x0, 0) L_MAP_RET(0x600010000)
		L_TABLE(1001) L_R(0x60000, 0x0) L_R(0x60001, 0x0)
		L_FAULT_W(0x600000000) L_FAULT_RET(0)
		L_TABLE(1001) L_RW(0x60000, 0x1) L_R(0x60001, 0x0)
		L_FAULT_W(0x600010000) L_WRITE(SWAP, 0);
	/* clang-format on */
	struct harness *h = *state;
	char err[4096];
	size_t len, cut = 0;
	char *log;
	int status;

	h->cfg.geom.memory_pages = 2;
	status = forkcheck_run(swapfail_child, h, err, sizeof(err));
	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(err, "swap"));
	log = swapfail_read_log(h, &len);
	while (cut < len && log[cut] != '#')
		cut = swapfail_next_line(log, len, cut);
	harness_compare(expected, log, cut);
	assert_true(cut < len);
	for (size_t i = cut; i < len; i = swapfail_next_line(log, len, i))
		assert_int_equal(log[i], '#');
	free(log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    HARNESS_TEST(test_scenario_swapfail_write_stops_pagerd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
