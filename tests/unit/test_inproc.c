/* SPDX-License-Identifier: MIT */
/*
 * The in-process MMU: loads and stores go through the running process's
 * page table and fault when it does not allow them; a refused fault kills
 * the process; attach, fork, yield and exit make the pager calls a real
 * client would, in the same order. Mostly with the test pager; one test runs
 * the reference pager through eviction and swap to check the bytes.
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

#include <cmocka.h>

#include "forkcheck.h"
#include "inproc.h"
#include "refpager.h"
#include "testpager.h"

#define BASE       0x600000000ul
#define PAGE       0x10000ul
#define TABLE(pid) "\t\t\t\t\treturning to (" #pid ") with r|w pages:\n"

static struct machine_config cfg;
static char *log_buf;
static size_t log_len;
static size_t log_mark; /* since_mark() shows the log from here on */

static int setup(void **state)
{
	(void)state;
	memset(&testpager, 0, sizeof(testpager));
	machine_config_defaults(&cfg);
	cfg.ops = &testpager_ops;
	cfg.check = true;
	cfg.log = open_memstream(&log_buf, &log_len);
	log_mark = 0;
	return cfg.log ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	inproc_stop();
	fclose(cfg.log);
	free(log_buf);
	return 0;
}

static void mark(void)
{
	fflush(cfg.log);
	log_mark = log_len;
}

static const char *since_mark(void)
{
	fflush(cfg.log);
	return log_buf + log_mark;
}

static void test_inproc_attach_creates_and_switches(void **state)
{
	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	mark();
	assert_int_equal(inproc_attach(), 1001);
	assert_int_equal(inproc_running(), 1001);
	assert_int_equal(machine_current(), 1001);
	/* a second program waits for the CPU: no vm_switch */
	assert_int_equal(inproc_attach(), 1002);
	assert_int_equal(inproc_running(), 1001);
	assert_string_equal(since_mark(),
	                    "vm_create\t(1000, 1001)\n"
	                    "vm_create returned 0\n"
	                    "vm_switch\t(1001)\n" TABLE(1001) "vm_create\t(1000, 1002)\n"
	                                                      "vm_create returned 0\n" TABLE(1001));
}

static void test_inproc_refused_attach_makes_no_process(void **state)
{
	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	testpager.refuse_create = true;
	assert_int_equal(inproc_attach(), -1);
	assert_int_equal(inproc_running(), 0);
	testpager.refuse_create = false;
	assert_int_equal(inproc_attach(), 1002); /* pids are not reused */
	assert_int_equal(inproc_running(), 1002);
}

static void test_inproc_store_faults_once_then_hits(void **state)
{
	uint8_t byte = 0;

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	assert_int_equal(inproc_map(0, 0), BASE);
	mark();
	assert_int_equal(inproc_store(BASE + 3, 0x42), 0);
	assert_int_equal(inproc_store(BASE + 4, 0x43), 0); /* allowed now: no fault */
	assert_int_equal(inproc_load(BASE + 3, &byte), 0);
	assert_int_equal(byte, 0x42);
	assert_int_equal(testpager.nr_fault, 1);
	/* the byte is in the frame the PTE names: page 0 is frame 1 */
	assert_int_equal(((uint8_t *)machine_physmem())[PAGE + 4], 0x43);
	assert_string_equal(since_mark(), "vm_fault\t(0x600000003, write)\n"
	                                  "vm_fault returned 0\n" TABLE(
	                                      1001) "\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n");
}

/* A load needs r, a store needs w: a store to a readable page faults. */
static void test_inproc_store_to_readable_page_faults(void **state)
{
	uint8_t byte;

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_map(0, 0);
	mark();
	assert_int_equal(inproc_load(BASE, &byte), 0);
	assert_int_equal(byte, 0);
	assert_int_equal(inproc_store(BASE + 1, 9), 0);
	assert_int_equal(testpager.nr_fault, 2);
	assert_string_equal(since_mark(),
	                    "vm_fault\t(0x600000000, read)\n"
	                    "vm_fault returned 0\n" TABLE(
	                        1001) "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                              "vm_fault\t(0x600000001, write)\n"
	                              "vm_fault returned 0\n" TABLE(
	                                  1001) "\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n");
}

/* A refused fault is SIGSEGV: vm_destroy, and the next process runs. */
static void test_inproc_refused_fault_kills(void **state)
{
	uint8_t byte = 0x77;

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_attach();
	mark();
	assert_int_equal(inproc_load(BASE, &byte), -EFAULT); /* not mapped */
	assert_int_equal(byte, 0x77);
	assert_int_equal(inproc_running(), 1002);
	assert_null(machine_page_table(1001));
	assert_int_equal(inproc_load(BASE, &byte), -EFAULT);
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(inproc_load(BASE, &byte), -ESRCH); /* nobody runs */
	                                                    /* clang-format off */
	assert_string_equal(since_mark(),
		"vm_fault\t(0x600000000, read)\n"
		"vm_fault returned -1\n"
		TABLE(1001)
		"vm_destroy\n"
		"vm_switch\t(1002)\n"
		TABLE(1002)
		"vm_fault\t(0x600000000, read)\n"
		"vm_fault returned -1\n"
		TABLE(1002)
		"vm_destroy\n");
	                                                    /* clang-format on */
}

/* Outside the arena the real client dies of its SIGSEGV without asking the
 * pager, so the in-process MMU does not call vm_fault either. */
static void test_inproc_outside_arena_kills_without_fault(void **state)
{
	uint8_t byte;

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_attach();
	inproc_map(0, 0);
	mark();
	assert_int_equal(inproc_store(BASE - 1, 1), -EFAULT);
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_load(BASE + 256 * PAGE, &byte), -EFAULT);
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(testpager.nr_fault, 0);
	assert_string_equal(since_mark(), "vm_destroy\n"
	                                  "vm_switch\t(1002)\n" TABLE(1002) "vm_destroy\n");
}

/* Byte helpers stop at the first killing fault. */
static void test_inproc_write_stops_at_kill(void **state)
{
	char buf[8];

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_map(0, 0);
	assert_int_equal(inproc_store_str(BASE + PAGE - 3, "ab"), 0);
	assert_int_equal(inproc_read(BASE + PAGE - 3, buf, 3), 0);
	assert_string_equal(buf, "ab");
	assert_int_equal(inproc_write(BASE + PAGE - 2, "xyz", 3), -EFAULT); /* page 1 unmapped */
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(testpager.nr_destroy, 1);
}

static void test_inproc_fork_yield_exit(void **state)
{
	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	mark();
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_running(), 1001); /* the child waits */
	inproc_yield();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_fork(), 1003);
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	inproc_exit();
	assert_int_equal(inproc_running(), 1003);
	testpager.refuse_create = true;
	assert_int_equal(inproc_fork(), -1);
	assert_int_equal(inproc_running(), 1003);
	inproc_stop(); /* 1003 then 1002, in run-queue order */
	               /* clang-format off */
	assert_string_equal(since_mark(),
		"vm_create\t(1001, 1002)\n"
		"vm_create returned 0\n"
		TABLE(1001)
		"vm_switch\t(1002)\n"
		TABLE(1002)
		"vm_create\t(1002, 1003)\n"
		"vm_create returned 0\n"
		TABLE(1002)
		"vm_switch\t(1001)\n"
		TABLE(1001)
		"vm_destroy\n"
		"vm_switch\t(1003)\n"
		TABLE(1003)
		"vm_create\t(1003, 1004)\n"
		"vm_create returned -1\n"
		TABLE(1003)
		"vm_destroy\n"
		"vm_switch\t(1002)\n"
		TABLE(1002)
		"vm_destroy\n"
		"# shutdown: writing back dirty file-backed pages\n"
		"# file_write\t(<swap>, 0)\n");
	               /* clang-format on */
}

/* Each process's accesses go through its own table, whichever way it came
 * to run (switch by yield, by the exit of the one before, by attaching when
 * nothing ran): the test pager gives every process the same frames, so only
 * the faults tell the tables apart. */
static void test_inproc_access_uses_running_process_table(void **state)
{
	uint8_t byte = 0;

	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_attach();
	inproc_map(0, 0);
	assert_int_equal(inproc_store(BASE, 0x11), 0);
	assert_int_equal(testpager.nr_fault, 1);
	inproc_yield();
	assert_int_equal(inproc_running(), 1002);
	inproc_map(0, 0);
	assert_int_equal(inproc_store(BASE + 1, 0x22), 0); /* 1002's PTE: faults */
	assert_int_equal(testpager.nr_fault, 2);
	inproc_yield();
	assert_int_equal(inproc_store(BASE + 2, 0x33), 0); /* 1001's PTE allows it */
	assert_int_equal(testpager.nr_fault, 2);
	inproc_exit();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_load(BASE + 2, &byte), 0); /* 1002's PTE allows it */
	assert_int_equal(byte, 0x33);
	assert_int_equal(testpager.nr_fault, 2);
	inproc_exit();
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(inproc_attach(), 1003);
	inproc_map(0, 0);
	assert_int_equal(inproc_load(BASE + 1, &byte), 0); /* a fresh table: faults */
	assert_int_equal(byte, 0x22);
	assert_int_equal(testpager.nr_fault, 3);
}

/* Another geometry: 4 KiB pages, 8 of them at another base. A byte lands
 * at its offset in the frame its PTE names; the arena ends after page 7. */
static void test_inproc_geometry_places_bytes(void **state)
{
	const uintptr_t base = 0x10000000, page = 0x1000;
	uint8_t byte = 0;

	(void)state;
	cfg.geom.page_size = page;
	cfg.geom.arena_base = base;
	cfg.geom.arena_pages = 8;
	cfg.geom.memory_pages = 16;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	inproc_attach();
	for (int i = 0; i < 8; i++)
		assert_int_equal(inproc_map(0, 0), base + (uintptr_t)i * page);
	assert_int_equal(inproc_store(base + 7 * page + page - 1, 0x5a), 0);
	assert_int_equal(inproc_store(base + 2 * page + 0x123, 0xa5), 0);
	/* page i is frame i + 1 */
	assert_int_equal(((uint8_t *)machine_physmem())[8 * page + page - 1], 0x5a);
	assert_int_equal(((uint8_t *)machine_physmem())[3 * page + 0x123], 0xa5);
	assert_int_equal(inproc_load(base + 2 * page + 0x123, &byte), 0);
	assert_int_equal(byte, 0xa5);
	assert_int_equal(testpager.nr_fault, 2);
	assert_int_equal(inproc_load(base + 8 * page, &byte), -EFAULT); /* past the end */
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_store(base - 1, 1), -EFAULT); /* below the base */
	assert_int_equal(inproc_running(), 0);
	assert_int_equal(testpager.nr_fault, 2);
}

/* Yielding alone changes nothing and logs nothing. */
static void test_inproc_lone_yield_is_silent(void **state)
{
	(void)state;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	mark();
	inproc_yield();
	inproc_yield();
	assert_int_equal(inproc_running(), 1001);
	assert_string_equal(since_mark(), "");
}

static void run_lazy_pager(void *arg)
{
	uint8_t byte;

	(void)arg;
	cfg.log = NULL;
	testpager.lazy = true;
	if (inproc_start(&cfg, 1000))
		return;
	inproc_attach();
	inproc_map(0, 0);
	inproc_load(BASE, &byte);
}

/* vm_fault answering 0 without granting access would loop for ever. */
static void test_inproc_fault_that_grants_nothing_aborts(void **state)
{
	char err[4096];
	int status;

	(void)state;
	status = forkcheck_run(run_lazy_pager, NULL, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "pager bug: vm_fault keeps returning 0"));
}

static void run_bad_pte(void *arg)
{
	(void)arg;
	cfg.log = NULL; /* the MMU itself refuses r=0,w=1, logging or not */
	testpager.bad_pte = true;
	if (inproc_start(&cfg, 1000))
		return;
	inproc_attach();
	inproc_map(0, 0);
	inproc_store(BASE, 1);
}

static void test_inproc_write_only_pte_aborts(void **state)
{
	char err[4096];
	int status;

	(void)state;
	status = forkcheck_run(run_bad_pte, NULL, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "pager bug: PTE with write_enable but not read_enable"));
}

/* With the reference pager and 3 frames, 5 pages of distinct bytes force
 * eviction to swap and back; every byte must survive. */
static void test_inproc_bytes_survive_swap_with_refpager(void **state)
{
	uintptr_t pages[5];
	uint8_t byte;

	(void)state;
	cfg.ops = &refpager_ops;
	cfg.geom.memory_pages = 3;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	inproc_attach();
	for (int i = 0; i < 5; i++) {
		pages[i] = inproc_map(0, 0);
		assert_int_equal(pages[i], BASE + (uintptr_t)i * PAGE);
	}
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 5; i++)
			for (uintptr_t off = 0; off < PAGE; off += PAGE / 4)
				assert_int_equal(
				    inproc_store(pages[i] + off, (uint8_t)(i * 16 + off / 4096)),
				    0);
	for (int i = 4; i >= 0; i--)
		for (uintptr_t off = 0; off < PAGE; off += PAGE / 4) {
			assert_int_equal(inproc_load(pages[i] + off, &byte), 0);
			assert_int_equal(byte, (uint8_t)(i * 16 + off / 4096));
		}
	assert_non_null(strstr(since_mark(), "file_write\t(<swap>, 0)\n"));
	assert_non_null(strstr(since_mark(), "file_read\t(<swap>, 0)\n"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	    T(test_inproc_attach_creates_and_switches),
	    T(test_inproc_refused_attach_makes_no_process),
	    T(test_inproc_store_faults_once_then_hits),
	    T(test_inproc_store_to_readable_page_faults),
	    T(test_inproc_refused_fault_kills),
	    T(test_inproc_outside_arena_kills_without_fault),
	    T(test_inproc_write_stops_at_kill),
	    T(test_inproc_fork_yield_exit),
	    T(test_inproc_access_uses_running_process_table),
	    T(test_inproc_geometry_places_bytes),
	    T(test_inproc_lone_yield_is_silent),
	    T(test_inproc_fault_that_grants_nothing_aborts),
	    T(test_inproc_write_only_pte_aborts),
	    T(test_inproc_bytes_survive_swap_with_refpager),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
