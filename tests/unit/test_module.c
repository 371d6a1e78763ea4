/* SPDX-License-Identifier: MIT */
/*
 * Loading pager modules: the symbols module_load looks up (required,
 * optional, the geometry-aware marker), clear errors for a missing file or
 * symbol, and a classic C++ FIFO pager driven through the in-process MMU:
 * its own page tables reach the machine's shared ones, and its log shows
 * its own eviction order, not the reference pager's.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inproc.h"
#include "refpager.h"

#define BASE       0x600000000ul
#define PAGE       0x10000ul
#define TABLE(pid) "\t\t\t\t\treturning to (" #pid ") with r|w pages:\n"

static struct pager_ops ops;
static char *log_buf;
static size_t log_len;
static FILE *logf;

static int setup(void **state)
{
	(void)state;
	memset(&ops, 0, sizeof(ops));
	logf = open_memstream(&log_buf, &log_len);
	return logf ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	inproc_stop();
	module_unload(&ops);
	fclose(logf);
	free(log_buf);
	return 0;
}

static const char *logged(void)
{
	fflush(logf);
	return log_buf;
}

static void start(const struct pager_ops *pager, unsigned int memory_pages)
{
	struct machine_config cfg;

	machine_config_defaults(&cfg);
	cfg.ops = pager;
	cfg.geom.memory_pages = memory_pages;
	cfg.log = logf;
	cfg.check = true;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
}

static void test_module_finds_required_and_optional_symbols(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(module_load(SYMBOLS_PAGER, &ops, err, sizeof(err)), 0);
	assert_non_null(ops.init);
	assert_non_null(ops.create);
	assert_non_null(ops.switch_to);
	assert_non_null(ops.fault);
	assert_non_null(ops.destroy);
	assert_non_null(ops.map);
	assert_non_null(ops.check);
	assert_non_null(ops.sync);
	assert_non_null(ops.fini);
	assert_non_null(ops.stats);
	assert_true(ops.geometry_aware);
	assert_non_null(strstr(ops.name, "symbols_pager"));
	/* the module's own vm_create is the one called: it refuses */
	start(&ops, 4);
	assert_int_equal(inproc_attach(), -1);
	assert_non_null(strstr(logged(), "vm_create\t(1000, 1001)\nvm_create returned -1\n"));
}

static void test_module_optional_symbols_absent(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(module_load(FIFO_PAGER, &ops, err, sizeof(err)), 0);
	assert_null(ops.check);
	assert_null(ops.sync);
	assert_null(ops.stats);
	assert_non_null(ops.fini);
	assert_false(ops.geometry_aware);
}

static void test_module_missing_symbol_is_named(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(module_load(NOMAP_PAGER, &ops, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "vm_map"));
	assert_non_null(strstr(err, NOMAP_PAGER));
	assert_null(ops.init);
}

static void test_module_missing_file_is_named(void **state)
{
	char err[256] = "";

	(void)state;
	assert_int_equal(module_load("/nonexistent/pager.so", &ops, err, sizeof(err)), -ENOEXEC);
	assert_non_null(strstr(err, "/nonexistent/pager.so"));
}

/* A bare file name is looked for in the current directory, like any
 * other path on the command line, not in the library search path. */
static void test_module_bare_name_is_in_cwd(void **state)
{
	char err[256] = "", *old = getcwd(NULL, 0);
	const char *slash = strrchr(FIFO_PAGER, '/');
	char dir[512];

	(void)state;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - FIFO_PAGER), FIFO_PAGER);
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(module_load(slash + 1, &ops, err, sizeof(err)), 0);
	assert_int_equal(chdir(old), 0);
	free(old);
	assert_non_null(ops.init);
	module_unload(&ops);
	assert_int_equal(module_load("libc.so.6", &ops, err, sizeof(err)), -ENOEXEC);
}

/* The program both pagers run: three swap-backed pages, two frames for
 * them (both pagers leave frame 0 alone: it is the zero page). */
static void run_program(void)
{
	uintptr_t p[3];
	uint8_t byte;

	assert_int_equal(inproc_attach(), 1001);
	for (int i = 0; i < 3; i++)
		p[i] = inproc_map(0, 0);
	assert_int_equal(inproc_store(p[0], 'A'), 0);
	assert_int_equal(inproc_store(p[1], 'B'), 0);
	assert_int_equal(inproc_load(p[0], &byte), 0);
	assert_int_equal(inproc_store(p[2], 'C'), 0);
	assert_int_equal(inproc_load(p[1], &byte), 0);
	assert_int_equal(byte, 'B');
	assert_int_equal(inproc_load(p[0], &byte), 0);
	assert_int_equal(byte, 'A');
}

/* First in, first out: the oldest page goes even if it was just used, and
 * pages are not unmapped to watch their use, so the load of p1 does not
 * fault. Expected log written from those two rules. */
static void test_module_classic_fifo_pager_runs(void **state)
{
	char err[256] = "";
	struct pgd_pte *shared;

	(void)state;
	assert_int_equal(module_load(FIFO_PAGER, &ops, err, sizeof(err)), 0);
	start(&ops, 3);
	run_program();
	/* its PTEs reach the shared table the client maps */
	shared = machine_page_table(1001);
	assert_ptr_not_equal(page_table_base_register, shared);
	assert_int_equal(shared[0].ppage, 2);
	assert_int_equal(shared[0].read_enable, 1);
	assert_int_equal(shared[0].write_enable, 0);
	assert_int_equal(shared[2].ppage, 1);
	assert_int_equal(shared[2].write_enable, 1);
	assert_int_equal(shared[1].read_enable, 0);
	/* it does not fork managed processes */
	assert_int_equal(inproc_fork(), -1);
	inproc_stop();
	/* clang-format off */
	assert_string_equal(logged(),
		"Pager started with 3 physical memory pages\n"
		"vm_create\t(1000, 1001)\n"
		"vm_create returned 0\n"
		"vm_switch\t(1001)\n"
		TABLE(1001)
		"vm_map\t\t(0x0, 0)\n"
		"vm_map returned 0x600000000\n"
		TABLE(1001)
		"vm_map\t\t(0x0, 0)\n"
		"vm_map returned 0x600010000\n"
		TABLE(1001)
		"vm_map\t\t(0x0, 0)\n"
		"vm_map returned 0x600020000\n"
		TABLE(1001)
		"vm_fault\t(0x600000000, write)\n"
		"vm_fault returned 0\n"
		TABLE(1001)
		"\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n"
		"vm_fault\t(0x600010000, write)\n"
		"vm_fault returned 0\n"
		TABLE(1001)
		"\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n"
		"\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
		"vm_fault\t(0x600020000, write)\n"
		"file_write\t(<swap>, 0)\n"
		"vm_fault returned 0\n"
		TABLE(1001)
		"\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
		"\t\t\t\t\trw\tvpage 0x60002\tppage 0x1\n"
		"vm_fault\t(0x600000000, read)\n"
		"file_write\t(<swap>, 1)\n"
		"file_read\t(<swap>, 0)\n"
		"vm_fault returned 0\n"
		TABLE(1001)
		"\t\t\t\t\tr\tvpage 0x60000\tppage 0x2\n"
		"\t\t\t\t\trw\tvpage 0x60002\tppage 0x1\n"
		"vm_create\t(1001, 1002)\n"
		"vm_create returned -1\n"
		TABLE(1001)
		"\t\t\t\t\tr\tvpage 0x60000\tppage 0x2\n"
		"\t\t\t\t\trw\tvpage 0x60002\tppage 0x1\n"
		"vm_destroy\n");
	/* clang-format on */
}

/* The same program under the reference pager: its clock sweep clears the
 * bits of p1, so the load of p1 faults. The FIFO log above has no such
 * fault, so the logs differ where the replacement policies do. */
static void test_module_fifo_differs_from_reference(void **state)
{
	(void)state;
	start(&refpager_ops, 3);
	run_program();
	assert_non_null(strstr(logged(), "vm_fault\t(0x600010000, read)\n"));
}

/* A module can be loaded, run, unloaded and loaded again. */
static void test_module_reload(void **state)
{
	char err[256] = "";

	(void)state;
	for (int i = 0; i < 2; i++) {
		assert_int_equal(module_load(FIFO_PAGER, &ops, err, sizeof(err)), 0);
		start(&ops, 3);
		run_program();
		inproc_stop();
		module_unload(&ops);
		assert_null(ops.dl_handle);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_module_finds_required_and_optional_symbols),
	    T(test_module_optional_symbols_absent),
	    T(test_module_missing_symbol_is_named),
	    T(test_module_missing_file_is_named),
	    T(test_module_bare_name_is_in_cwd),
	    T(test_module_classic_fifo_pager_runs),
	    T(test_module_fifo_differs_from_reference),
	    T(test_module_reload),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
