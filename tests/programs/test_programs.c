/* SPDX-License-Identifier: MIT */
/*
 * Real client programs, in C and C++, run under `pagerd -- PROGRAM`. Each
 * checks its own data; the test checks its exit status and compares the
 * daemon's log (pids normalized in order of appearance, '#' lines dropped)
 * with the log of the same accesses replayed through the in-process MMU, or
 * with another run that must match.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"
#include "inproc.h"
#include "logpids.h"
#include "logshape.h"
#include "refpager.h"

/* A private directory with data1.bin (a page of 'F'). */
static int setup(void **state)
{
	int err = dh_setup(state);

	if (!err)
		dh_file(*state, "data1.bin", 0x10000, 'F');
	return err;
}

/* pagerd --log --files-dir --check [extra] -- prog: its exit status. */
static int run(const struct dh *d, const char *extra, const char *prog)
{
	char cmd[1024];
	int status;

	snprintf(cmd, sizeof(cmd), "cd %s && %s --log %s --files-dir %s --check %s -- %s 2>%s/err",
		 d->dir, PAGERD_BIN, d->log, d->dir, extra ? extra : "", prog, d->dir);
	status = system(cmd);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static char *normalized_log(const struct dh *d)
{
	char *log = dh_log(d), *norm = logpids_normalize(log);

	free(log);
	return norm;
}

static void assert_same(const char *want, const char *got)
{
	if (strcmp(want, got))
		fail_msg("logs differ.\n--- expected\n%s--- actual\n%s", want, got);
}

/* The in-process MMU, logging to a memory stream. */
static FILE *inproc_begin(const struct dh *d, char **buf, size_t *len)
{
	struct machine_config cfg;
	FILE *log = open_memstream(buf, len);

	assert_non_null(log);
	machine_config_defaults(&cfg);
	cfg.ops = &refpager_ops;
	cfg.files_dir = d->dir;
	cfg.log = log;
	cfg.check = true;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	return log;
}

static char *inproc_end(FILE *log, char **buf)
{
	char *norm;

	inproc_stop();
	fclose(log);
	norm = logpids_normalize(*buf);
	free(*buf);
	return norm;
}

static uint8_t load(uintptr_t addr)
{
	uint8_t c;

	assert_int_equal(inproc_load(addr, &c), 0);
	return c;
}

/* cow.c's accesses, one by one. */
static char *inproc_cow(const struct dh *d)
{
	char *buf;
	size_t len;
	FILE *log = inproc_begin(d, &buf, &len);
	uintptr_t p, name, f;

	assert_true(inproc_attach() > 0);
	p = inproc_map(0, 0);
	name = inproc_map(0, 0);
	assert_int_equal(inproc_store(p, 'a'), 0);
	assert_int_equal(inproc_store_str(name, "data1.bin"), 0);
	f = inproc_map(name, 0);
	assert_int_equal(load(f), 'F');
	assert_true(inproc_fork() > 0);
	inproc_yield(); /* the child runs */
	assert_int_equal(inproc_store(p, 'c'), 0);
	assert_int_equal(load(p), 'c');
	assert_int_equal(inproc_store(f + 1, 'x'), 0);
	inproc_exit(); /* the parent runs */
	assert_int_equal(load(p), 'a');
	assert_int_equal(load(f + 1), 'x');
	inproc_exit();
	return inproc_end(log, &buf);
}

static void test_programs_cow_matches_inproc(void **state)
{
	struct dh *d = *state;
	char *want = inproc_cow(d), *got;

	dh_file(d, "data1.bin", 0x10000, 'F');
	assert_int_equal(run(d, NULL, PROG_COW), 0);
	got = normalized_log(d);
	assert_same(want, got);
	free(want);
	free(got);
	/* The child's store reached the file at shutdown, written back on a
	 * '#' line, as every line beyond semantics.md section 3 is. */
	got = dh_log(d);
	assert_non_null(strstr(got, "\n# shutdown: writing back dirty file-backed pages\n"
	                            "# file_write\t(data1.bin, 0)\n"));
	assert_null(logshape_foreign(got));
	free(got);
}

static void test_programs_cxx_same_log_as_c(void **state)
{
	struct dh *d = *state;
	char *c, *cxx;

	assert_int_equal(run(d, NULL, PROG_COW), 0);
	c = normalized_log(d);
	dh_file(d, "data1.bin", 0x10000, 'F');
	assert_int_equal(run(d, NULL, PROG_COW_CXX), 0);
	cxx = normalized_log(d);
	assert_same(c, cxx);
	free(c);
	free(cxx);
}

static char *inproc_evict(const struct dh *d)
{
	char *buf;
	size_t len;
	FILE *log = inproc_begin(d, &buf, &len);
	uintptr_t page[5];

	assert_true(inproc_attach() > 0);
	for (int i = 0; i < 5; i++)
		page[i] = inproc_map(0, 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(inproc_store(page[i] + (uintptr_t)i, (uint8_t)('A' + i)), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(load(page[i] + (uintptr_t)i), 'A' + i);
	inproc_exit();
	return inproc_end(log, &buf);
}

static void test_programs_evict_matches_inproc(void **state)
{
	struct dh *d = *state;
	char *want = inproc_evict(d), *got;

	assert_int_equal(run(d, NULL, PROG_EVICT), 0);
	got = normalized_log(d);
	assert_same(want, got);
	assert_non_null(strstr(got, "file_write\t(<swap>, "));
	free(want);
	free(got);
}

/*
 * forkfirst.c, derived by hand from semantics.md section 3 (pids as logpids
 * numbers them: pagerd 1000, the program 1001, its children 1002, 1003).
 * The first fork attaches the program (vm_create, vm_switch); each fork is
 * then vm_create(1001, child) with 1001 running (its empty table follows).
 * vm_yield runs 1002: its vm_map gives the zero page, its store a
 * zero-fill into frame 1; it exits, then 1003 (no call of its own) and
 * last 1001.
 */
static const char forkfirst_log[] = "Pager started with 4 physical memory pages\n"
                                    "vm_create\t(1000, 1001)\n"
                                    "vm_create returned 0\n"
                                    "vm_switch\t(1001)\n"
                                    "\t\t\t\t\treturning to (1001) with r|w pages:\n"
                                    "vm_create\t(1001, 1002)\n"
                                    "vm_create returned 0\n"
                                    "\t\t\t\t\treturning to (1001) with r|w pages:\n"
                                    "vm_create\t(1001, 1003)\n"
                                    "vm_create returned 0\n"
                                    "\t\t\t\t\treturning to (1001) with r|w pages:\n"
                                    "vm_switch\t(1002)\n"
                                    "\t\t\t\t\treturning to (1002) with r|w pages:\n"
                                    "vm_map\t\t(0x0, 0)\n"
                                    "vm_map returned 0x600000000\n"
                                    "\t\t\t\t\treturning to (1002) with r|w pages:\n"
                                    "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
                                    "vm_fault\t(0x600000000, write)\n"
                                    "vm_fault returned 0\n"
                                    "\t\t\t\t\treturning to (1002) with r|w pages:\n"
                                    "\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n"
                                    "vm_destroy\n"
                                    "vm_switch\t(1003)\n"
                                    "\t\t\t\t\treturning to (1003) with r|w pages:\n"
                                    "vm_destroy\n"
                                    "vm_switch\t(1001)\n"
                                    "\t\t\t\t\treturning to (1001) with r|w pages:\n"
                                    "vm_destroy\n";

/* forkfirst.c's calls through the in-process MMU give the same log. */
static void test_programs_fork_first_inproc(void **state)
{
	char *buf, *got;
	size_t len;
	FILE *log = inproc_begin(*state, &buf, &len);
	uintptr_t p;

	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_fork(), 1003);
	inproc_yield();
	p = inproc_map(0, 0);
	assert_int_equal(inproc_store(p, 'c'), 0);
	assert_int_equal(load(p), 'c');
	inproc_exit();
	inproc_exit();
	inproc_exit();
	got = inproc_end(log, &buf);
	assert_same(forkfirst_log, got);
	free(got);
}

/* A program whose first call is fork() is managed from its start (issue 8):
 * before, it forked unmanaged and both processes attached as new programs,
 * vm_create(1001, 1002) coming before vm_switch(1001). */
static void test_programs_fork_first(void **state)
{
	struct dh *d = *state;
	char *got;

	assert_int_equal(run(d, NULL, PROG_FORKFIRST), 0);
	got = normalized_log(d);
	assert_same(forkfirst_log, got);
	free(got);
}

/* A refused fault kills the program with SIGSEGV: pagerd exits 128+11. */
static void test_programs_refused_fault_kills(void **state)
{
	struct dh *d = *state;
	char *log;

	assert_int_equal(run(d, NULL, PROG_SEGV), 128 + 11);
	log = normalized_log(d);
	assert_non_null(strstr(log, "vm_fault\t(0x600010000, read)\nvm_fault returned -1\n"));
	assert_non_null(strstr(log, "vm_destroy\n"));
	free(log);
}

/* With no daemon, a program says so on stderr and exits 1, whether its first
 * call is vm_map (cow) or fork (forkfirst: no child is made). */
static void test_programs_no_daemon(void **state)
{
	const char *const progs[] = {PROG_COW, PROG_FORKFIRST};
	struct dh *d = *state;
	char cmd[512];
	int status;

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		snprintf(cmd, sizeof(cmd), "PAGERD_SOCKET=%s/none %s >%s/out 2>%s/err", d->dir,
			 progs[i], d->dir, d->dir);
		status = system(cmd);
		assert_int_equal(WEXITSTATUS(status), 1);
		/* one message, nothing on stdout */
		snprintf(cmd, sizeof(cmd),
			 "grep -q '^pagerd-client: no pagerd at %s/none' %s/err && "
			 "test $(wc -l <%s/err) -eq 1 && test ! -s %s/out",
			 d->dir, d->dir, d->dir, d->dir);
		assert_int_equal(system(cmd), 0);
	}
}

/* --no-log: the program runs as it does with a log (its store reaches the
 * file at shutdown), pagerd prints nothing at all, and --help lists it. */
static void test_programs_no_log(void **state)
{
	struct dh *d = *state;
	char cmd[1024], path[160], *data;
	int status;

	snprintf(cmd, sizeof(cmd), "cd %s && %s --no-log --files-dir %s --check -- %s >%s/out 2>%s/err",
		 d->dir, PAGERD_BIN, d->dir, PROG_COW, d->dir, d->dir);
	status = system(cmd);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	snprintf(path, sizeof(path), "%s/data1.bin", d->dir);
	data = dh_read(path);
	assert_memory_equal(data, "FxFF", 4);
	free(data);
	snprintf(cmd, sizeof(cmd), "test ! -s %s/out && test ! -s %s/err", d->dir, d->dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof(cmd), "%s --help | grep -q -- '--no-log '", PAGERD_BIN);
	assert_int_equal(system(cmd), 0);
}

/* --pager: the reference pager built as a module gives the built-in's log;
 * a FIFO pager gives another log, and the program still works. */
static void test_programs_pager_module(void **state)
{
	struct dh *d = *state;
	char *builtin, *module, *fifo;

	assert_int_equal(run(d, NULL, PROG_EVICT), 0);
	builtin = normalized_log(d);
	assert_int_equal(run(d, "--pager " REF_PAGER, PROG_EVICT), 0);
	module = normalized_log(d);
	assert_same(builtin, module);
	assert_int_equal(run(d, "--pager " FIFO_PAGER, PROG_EVICT), 0);
	fifo = normalized_log(d);
	assert_true(strncmp(fifo, "Pager started with 4 physical memory pages\n", 43) == 0);
	assert_true(strcmp(fifo, builtin) != 0);
	free(builtin);
	free(module);
	free(fifo);
}

static void test_programs_bad_pager_module(void **state)
{
	struct dh *d = *state;

	assert_int_equal(run(d, "--pager /nonexistent.so", PROG_EVICT), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_programs_cow_matches_inproc, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_cxx_same_log_as_c, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_fork_first_inproc, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_fork_first, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_evict_matches_inproc, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_refused_fault_kills, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_no_daemon, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_no_log, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_pager_module, setup, dh_teardown),
		cmocka_unit_test_setup_teardown(test_programs_bad_pager_module, setup, dh_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
