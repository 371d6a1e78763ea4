/* SPDX-License-Identifier: MIT */
/*
 * Page tables: found by pid, all entries zero at creation, shared with a
 * client through the fd, and created without touching the entries (O(1) in
 * the arena size: a big table has no resident pages after creation).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "pagetable.h"

static int teardown(void **state)
{
	(void)state;
	pagetable_destroy_all();
	return 0;
}

static void test_pagetable_fresh_table_is_zero(void **state)
{
	struct pagetable *pt;
	struct stat st;

	(void)state;
	pagetable_setup(256);
	assert_int_equal(pagetable_create(1001, &pt), 0);
	assert_ptr_equal(pagetable_find(1001), pt);
	assert_int_equal(fstat(pagetable_fd(pt), &st), 0);
	assert_true((size_t)st.st_size >= 256 * sizeof(struct pgd_pte));
	assert_int_equal(st.st_size % sysconf(_SC_PAGESIZE), 0);
	for (int i = 0; i < 256; i++) {
		struct pgd_pte pte = pagetable_ptes(pt)[i];

		assert_int_equal(pte.ppage | pte.read_enable | pte.write_enable, 0);
	}
}

static void test_pagetable_lookup_by_pid(void **state)
{
	struct pagetable *a, *b, *dup = NULL;

	(void)state;
	pagetable_setup(256);
	assert_int_equal(pagetable_create(7, &a), 0);
	assert_int_equal(pagetable_create(8, &b), 0);
	assert_int_equal(pagetable_create(7, &dup), -EEXIST);
	assert_null(dup);
	assert_ptr_equal(pagetable_find(7), a);
	assert_ptr_equal(pagetable_find(8), b);
	assert_null(pagetable_find(9));
	assert_ptr_not_equal(pagetable_ptes(a), pagetable_ptes(b));
	pagetable_destroy(a);
	assert_null(pagetable_find(7));
	assert_ptr_equal(pagetable_find(8), b);
}

/* The client maps the fd read-only, and only so (the table is sealed), and
 * sees what the pager writes. */
static void test_pagetable_shared_through_fd(void **state)
{
	const struct pgd_pte *client;
	struct pagetable *pt;

	(void)state;
	pagetable_setup(256);
	assert_int_equal(pagetable_create(42, &pt), 0);
	assert_ptr_equal(mmap(NULL, 256 * sizeof(*client), PROT_READ | PROT_WRITE, MAP_SHARED,
			      pagetable_fd(pt), 0),
			 MAP_FAILED);
	assert_int_equal(errno, EPERM);
	client = mmap(NULL, 256 * sizeof(*client), PROT_READ, MAP_SHARED, pagetable_fd(pt), 0);
	assert_true(client != MAP_FAILED);
	pagetable_ptes(pt)[200] = (struct pgd_pte){.ppage = 3, .read_enable = 1, .write_enable = 1};
	assert_int_equal(client[200].ppage, 3);
	assert_int_equal(client[200].read_enable, 1);
	assert_int_equal(client[200].write_enable, 1);
	munmap((void *)client, 256 * sizeof(*client));
}

/* 2^20 arena pages: 4 MiB of entries per table. Creating one must not
 * write them (a fresh memfd is zero), so none of its pages is resident. */
static void test_pagetable_creation_touches_no_entry(void **state)
{
	const size_t nr_pages = (size_t)1 << 20;
	size_t host_page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = nr_pages * sizeof(struct pgd_pte);
	unsigned char *vec = malloc(len / host_page);
	struct pagetable *pt;

	(void)state;
	assert_non_null(vec);
	pagetable_setup(nr_pages);
	for (pid_t pid = 1; pid <= 16; pid++) {
		assert_int_equal(pagetable_create(pid, &pt), 0);
		assert_int_equal(mincore(pagetable_ptes(pt), len, vec), 0);
		for (size_t i = 0; i < len / host_page; i++)
			if (vec[i] & 1)
				fail_msg("page %zu of pid %d's new table is resident", i, pid);
	}
	assert_int_equal(pagetable_ptes(pt)[nr_pages - 1].read_enable, 0);
	free(vec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_pagetable_fresh_table_is_zero, teardown),
	    cmocka_unit_test_teardown(test_pagetable_lookup_by_pid, teardown),
	    cmocka_unit_test_teardown(test_pagetable_shared_through_fd, teardown),
	    cmocka_unit_test_teardown(test_pagetable_creation_touches_no_entry, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
