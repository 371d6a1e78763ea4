/* SPDX-License-Identifier: MIT */
/*
 * The machine: geometry validation, start and stop (many times in one
 * process), and what each wrapper logs around a pager call, in order, with
 * the test pager. Also the copy of a classic pager's own table into the
 * shared one, with and without logging, and vm_check after every call.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "forkcheck.h"
#include "machine.h"
#include "pagetable.h"
#include "testpager.h"

#define BASE 0x600000000ul
#define PAGE 0x10000ul

static struct machine_config cfg;
static char *log_buf;
static size_t log_len;

static int setup(void **state)
{
	(void)state;
	memset(&testpager, 0, sizeof(testpager));
	machine_config_defaults(&cfg);
	cfg.ops = &testpager_ops;
	cfg.check = true;
	cfg.log = open_memstream(&log_buf, &log_len);
	return cfg.log ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	machine_stop();
	fclose(cfg.log);
	free(log_buf);
	return 0;
}

static const char *logged(void)
{
	fflush(cfg.log);
	return log_buf;
}

/* ---- geometry ---- */
static void expect_invalid(const struct pgd_geometry *g, const char *needle)
{
	char err[256] = "";

	assert_int_equal(machine_geometry_validate(g, err, sizeof(err)), -EINVAL);
	if (!strstr(err, needle))
		fail_msg("\"%s\" does not name \"%s\"", err, needle);
}

static void test_machine_geometry_validation(void **state)
{
	struct pgd_geometry g = cfg.geom;
	char err[256];

	(void)state;
	assert_int_equal(machine_geometry_validate(&g, err, sizeof(err)), 0);
	g.page_size = 0x3000;
	expect_invalid(&g, "page size 12288");
	g.page_size = (size_t)sysconf(_SC_PAGESIZE) / 2;
	expect_invalid(&g, "page size");
	g = cfg.geom;
	g.memory_pages = 1;
	expect_invalid(&g, "memory pages 1");
	g.memory_pages = (1u << 30) + 1;
	expect_invalid(&g, "memory pages 1073741825");
	g = cfg.geom;
	g.swap_blocks = 0;
	expect_invalid(&g, "swap blocks 0");
	g = cfg.geom;
	g.arena_pages = 0;
	expect_invalid(&g, "arena of 0 pages");
	g = cfg.geom;
	g.arena_base += 0x1000;
	expect_invalid(&g, "arena base 0x600001000");
	g = cfg.geom;
	g.arena_base = UINTPTR_MAX - PAGE + 1;
	expect_invalid(&g, "wraps");
	/* a bigger geometry is fine */
	g = cfg.geom;
	g.page_size = 0x1000;
	g.arena_pages = 1u << 16;
	g.memory_pages = 1u << 30;
	assert_int_equal(machine_geometry_validate(&g, err, sizeof(err)), 0);
}

static void test_machine_start_refuses_bad_geometry(void **state)
{
	(void)state;
	cfg.geom.memory_pages = 1;
	assert_int_equal(machine_start(&cfg), -EINVAL);
	assert_int_equal(testpager.nr_init, 0);
	assert_null(machine_geometry());
}

/* The machine knows no pager of its own: the caller must name one. */
static void test_machine_start_needs_a_pager(void **state)
{
	struct machine_config defaults;

	(void)state;
	machine_config_defaults(&defaults);
	assert_null(defaults.ops);
	cfg.ops = NULL;
	assert_int_equal(machine_start(&cfg), -EINVAL);
	assert_null(machine_geometry());
}

/* A classic pager has the default geometry compiled in. */
static void test_machine_classic_pager_needs_default_geometry(void **state)
{
	(void)state;
	cfg.ops = &testpager_classic_ops;
	cfg.geom.page_size = 0x1000;
	cfg.geom.arena_pages = 0x1000;
	assert_int_equal(machine_start(&cfg), -EINVAL);
	cfg.geom.page_size = PAGE;
	cfg.geom.arena_pages = 512;
	assert_int_equal(machine_start(&cfg), -EINVAL);
	cfg.geom.arena_pages = 256;
	cfg.geom.memory_pages = 64; /* only memory and swap may change */
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(testpager.nr_init, 1);
	machine_stop();
	/* a geometry-aware pager takes any valid geometry */
	cfg.ops = &testpager_ops;
	cfg.geom.page_size = 0x1000;
	cfg.geom.arena_pages = 0x1000;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(pgd_geometry()->page_size, 0x1000);
}

/* ---- start and stop ---- */
static void test_machine_start_logs_and_inits(void **state)
{
	(void)state;
	cfg.geom.memory_pages = 7;
	cfg.geom.swap_blocks = 9;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(testpager.nr_init, 1);
	assert_int_equal(testpager.memory_pages, 7);
	assert_int_equal(testpager.swap_blocks, 9);
	assert_string_equal(logged(), "Pager started with 7 physical memory pages\n");
	assert_int_equal(pgd_geometry()->memory_pages, 7);
	assert_int_equal(pgd_geometry()->arena_base, BASE);
	assert_ptr_equal(pgd_geometry(), machine_geometry());
	assert_true(machine_physmem_fd() >= 0);
	assert_ptr_equal(machine_physmem(), vm_physmem);
	assert_ptr_equal(machine_log(), cfg.log);
	assert_null(page_table_base_register);
	assert_int_equal(machine_current(), 0);
	assert_int_equal(machine_start(&cfg), -EBUSY);
}

static void test_machine_restarts(void **state)
{
	(void)state;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(machine_start(&cfg), 0);
		assert_int_equal(machine_create(1000, 1001), 0);
		machine_switch(1001);
		assert_int_equal(machine_map(0, 0), BASE);
		assert_int_equal(machine_fault(BASE, true), 0);
		machine_stop();
		assert_null(page_table_base_register);
		assert_null(vm_physmem);
		assert_null(machine_page_table(1001));
		assert_int_equal(machine_current(), 0);
	}
	assert_int_equal(testpager.nr_init, 3);
	assert_int_equal(testpager.nr_fini, 3);
}

static void test_machine_bad_files_dir_fails_cleanly(void **state)
{
	(void)state;
	cfg.files_dir = "/nonexistent-pgd-files";
	assert_int_equal(machine_start(&cfg), -ENOENT);
	assert_null(vm_physmem);
	cfg.files_dir = NULL;
	assert_int_equal(machine_start(&cfg), 0);
}

/* ---- the wrappers ---- */
static void test_machine_wrappers_log_in_order(void **state)
{
	(void)state;
	assert_int_equal(machine_start(&cfg), 0);
	/* no current process yet: no table after vm_create */
	assert_int_equal(machine_create(1000, 1001), 0);
	assert_non_null(machine_page_table(1001));
	assert_true(machine_page_table_fd(1001) >= 0);
	machine_switch(1001);
	assert_int_equal(machine_current(), 1001);
	assert_ptr_equal(page_table_base_register, machine_page_table(1001));
	assert_int_equal(machine_map(0, 0), BASE);
	assert_int_equal(machine_map(BASE + 0x10, 3), BASE + PAGE);
	assert_int_equal(testpager.last_map_filename, BASE + 0x10);
	assert_int_equal(testpager.last_map_block, 3);
	assert_int_equal(machine_fault(BASE + 0x10, false), 0);
	assert_int_equal(machine_fault(BASE + PAGE + 5, true), 0);
	assert_int_equal(machine_fault(BASE + 2 * PAGE, true), -1);
	assert_int_equal(machine_create(1001, 1002), 0);
	testpager.refuse_create = true;
	assert_int_equal(machine_create(1001, 1003), -1);
	assert_null(machine_page_table(1003));
	assert_int_equal(machine_page_table_fd(1003), -1);
	machine_destroy();
	assert_int_equal(machine_current(), 0);
	assert_null(machine_page_table(1001));
	assert_null(page_table_base_register);
	machine_switch(1002);
	machine_stop();
	assert_string_equal(logged(), "Pager started with 4 physical memory pages\n"
	                              "vm_create\t(1000, 1001)\n"
	                              "vm_create returned 0\n"
	                              "vm_switch\t(1001)\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "vm_map\t\t(0x0, 0)\n"
	                              "vm_map returned 0x600000000\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "vm_map\t\t(0x600000010, 3)\n"
	                              "vm_map returned 0x600010000\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "vm_fault\t(0x600000010, read)\n"
	                              "vm_fault returned 0\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "vm_fault\t(0x600010005, write)\n"
	                              "vm_fault returned 0\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
	                              "vm_fault\t(0x600020000, write)\n"
	                              "vm_fault returned -1\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
	                              "vm_create\t(1001, 1002)\n"
	                              "vm_create returned 0\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
	                              "vm_create\t(1001, 1003)\n"
	                              "vm_create returned -1\n"
	                              "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                              "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
	                              "vm_destroy\n"
	                              "vm_switch\t(1002)\n"
	                              "\t\t\t\t\treturning to (1002) with r|w pages:\n"
	                              "# shutdown: writing back dirty file-backed pages\n"
	                              "# file_write\t(<swap>, 0)\n");
	assert_int_equal(testpager.nr_sync, 1);
	assert_int_equal(testpager.nr_fini, 1);
}

/* A pid that already has a table is not created twice. */
static void test_machine_create_existing_pid_fails(void **state)
{
	(void)state;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(machine_create(1000, 1001), 0);
	assert_int_equal(machine_create(1000, 1001), -1);
	assert_int_equal(testpager.nr_create, 1);
	assert_non_null(machine_page_table(1001));
}

/* vm_check runs after every pager call when asked, and never otherwise. */
static void test_machine_check_after_every_call(void **state)
{
	(void)state;
	for (int on = 1; on >= 0; on--) {
		memset(&testpager, 0, sizeof(testpager));
		cfg.check = on;
		assert_int_equal(machine_start(&cfg), 0);
		assert_int_equal(machine_create(1000, 1001), 0);
		machine_switch(1001);
		machine_map(0, 0);
		machine_fault(BASE, true);
		machine_destroy();
		machine_stop();
		assert_int_equal(testpager.nr_check, on ? 6 : 0);
	}
}

/* A classic pager keeps its own tables; the machine copies the current one
 * into the shared table after every call, so the client sees it. */
static void test_machine_copies_classic_table(void **state)
{
	struct pgd_pte *shared;

	(void)state;
	cfg.ops = &testpager_classic_ops;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(machine_create(1000, 1001), 0);
	machine_switch(1001);
	shared = machine_page_table(1001);
	assert_ptr_not_equal(page_table_base_register, shared);
	machine_map(0, 0);
	machine_map(0, 0);
	assert_int_equal(machine_fault(BASE + PAGE, true), 0);
	assert_int_equal(shared[1].ppage, 2);
	assert_int_equal(shared[1].read_enable, 1);
	assert_int_equal(shared[1].write_enable, 1);
	assert_int_equal(shared[0].read_enable, 0);
	assert_non_null(strstr(logged(), "vm_fault returned 0\n"
	                                 "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                                 "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"));
	/* no sync in the classic variant: no shutdown line */
	machine_stop();
	assert_null(strstr(logged(), "# shutdown"));
}

static void test_machine_copies_classic_table_without_log(void **state)
{
	struct pgd_pte *shared;

	(void)state;
	cfg.ops = &testpager_classic_ops;
	fclose(cfg.log);
	free(log_buf);
	cfg.log = NULL;
	assert_int_equal(machine_start(&cfg), 0);
	assert_null(machine_log());
	assert_int_equal(machine_create(1000, 1001), 0);
	machine_switch(1001);
	shared = machine_page_table(1001);
	machine_map(0, 0);
	assert_int_equal(machine_fault(BASE + 9, false), 0);
	assert_int_equal(shared[0].ppage, 1);
	assert_int_equal(shared[0].read_enable, 1);
	assert_int_equal(shared[0].write_enable, 0);
	machine_stop();
	cfg.log = open_memstream(&log_buf, &log_len); /* for teardown */
}

/* The valid part of a table is what vm_map handed out, and a child starts
 * with its parent's: that is all the machine copies, logs and clients scan,
 * so the cost of a call never depends on the arena's size. */
static void test_machine_tracks_valid_part(void **state)
{
	(void)state;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(machine_create(1000, 1001), 0);
	assert_int_equal(pagetable_nr_valid(pagetable_find(1001)), 0);
	machine_switch(1001);
	assert_int_equal(machine_map(0, 0), BASE);
	assert_int_equal(machine_map(0, 0), BASE + PAGE);
	assert_int_equal(pagetable_nr_valid(pagetable_find(1001)), 2);
	assert_int_equal(machine_create(1001, 1002), 0);
	assert_int_equal(pagetable_nr_valid(pagetable_find(1002)), 2);
	assert_int_equal(machine_create(1000, 1003), 0);
	assert_int_equal(pagetable_nr_valid(pagetable_find(1003)), 0);
}

/* With logging off the table is not walked: an illegal entry goes
 * unnoticed here (the MMU refuses it); with logging on it aborts. */
static void test_machine_log_off_does_not_walk_table(void **state)
{
	(void)state;
	fclose(cfg.log);
	free(log_buf);
	cfg.log = NULL;
	testpager.bad_pte = true;
	assert_int_equal(machine_start(&cfg), 0);
	assert_int_equal(machine_create(1000, 1001), 0);
	machine_switch(1001);
	machine_map(0, 0);
	assert_int_equal(machine_fault(BASE, true), 0);
	machine_stop();
	cfg.log = open_memstream(&log_buf, &log_len);
}

static void fault_with_bad_pte(void *arg)
{
	(void)arg;
	testpager.bad_pte = true;
	if (machine_start(&cfg))
		return;
	machine_create(1000, 1001);
	machine_switch(1001);
	machine_map(0, 0);
	machine_fault(BASE, true);
}

static void test_machine_bad_pte_aborts_when_logging(void **state)
{
	char err[4096];
	int status;

	(void)state;
	status = forkcheck_run(fault_with_bad_pte, NULL, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "pager bug: pid 1001 vpage 0x60000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_machine_geometry_validation),
	    T(test_machine_start_refuses_bad_geometry),
	    T(test_machine_start_needs_a_pager),
	    T(test_machine_classic_pager_needs_default_geometry),
	    T(test_machine_start_logs_and_inits),
	    T(test_machine_restarts),
	    T(test_machine_bad_files_dir_fails_cleanly),
	    T(test_machine_wrappers_log_in_order),
	    T(test_machine_create_existing_pid_fails),
	    T(test_machine_check_after_every_call),
	    T(test_machine_copies_classic_table),
	    T(test_machine_copies_classic_table_without_log),
	    T(test_machine_tracks_valid_part),
	    T(test_machine_log_off_does_not_walk_table),
	    T(test_machine_bad_pte_aborts_when_logging),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
