/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's process limit: vpage ids are 32 bits, the process
 * slot above the vpn, so an arena of 2^30 pages leaves room for three
 * processes (docs/design.md section 2). The fourth vm_create fails like any
 * other (-1, nothing changed), and a slot freed by vm_destroy is reused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "inproc.h"
#include "refpager.h"

static void test_refpager_slots_bound_processes_and_are_reused(void **state)
{
	struct machine_config cfg;
	uintptr_t page;

	(void)state;
	machine_config_defaults(&cfg);
	cfg.ops = &refpager_ops;
	cfg.geom.page_size = 4096;
	cfg.geom.arena_pages = (size_t)1 << 30; /* 4 TiB of address space, sparse */
	cfg.check = false; /* vm_check would walk 2^30 entries a call */
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	assert_int_equal(inproc_attach(), 1001);
	page = inproc_map(0, 0);
	assert_int_equal(page, cfg.geom.arena_base);
	assert_int_equal(inproc_store(page, 7), 0);
	assert_int_equal(inproc_fork(), 1002);
	assert_int_equal(inproc_attach(), 1003);
	/* A fourth process has no slot: vm_create returns -1. */
	assert_int_equal(inproc_fork(), -1);
	/* 1001 exits; its slot serves the next process. */
	inproc_exit();
	assert_int_equal(inproc_running(), 1002);
	assert_int_equal(inproc_fork(), 1005);
	inproc_yield(); /* 1003 */
	inproc_yield(); /* 1005 */
	assert_int_equal(inproc_running(), 1005);
	{
		uint8_t b = 0;

		assert_int_equal(inproc_load(page, &b), 0);
		assert_int_equal(b, 7); /* the child's copy-on-write view */
	}
	inproc_stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refpager_slots_bound_processes_and_are_reused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
