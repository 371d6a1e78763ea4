/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: the memfd has the right size, reads as zeros (frame 0 is
 * the zero page), is shared with anyone who maps the fd, and is refused when
 * its size would overflow.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "pagerd/pager.h"
#include "physmem.h"

#define PAGE 0x10000u

static void test_physmem_fresh_memory_is_zero_and_sized(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(physmem_create(4, PAGE), 0);
	assert_non_null(vm_physmem);
	assert_true(physmem_fd() >= 0);
	assert_int_equal(fstat(physmem_fd(), &st), 0);
	assert_int_equal(st.st_size, 4 * PAGE);
	for (size_t i = 0; i < 4 * PAGE; i++)
		if (((const unsigned char *)vm_physmem)[i])
			fail_msg("byte %zu of fresh physical memory is not zero", i);
	physmem_destroy();
	assert_null(vm_physmem);
	assert_int_equal(physmem_fd(), -1);
}

/* A client maps the same fd: what the daemon writes, the client reads. */
static void test_physmem_shared_through_fd(void **state)
{
	unsigned char *client;

	(void)state;
	assert_int_equal(physmem_create(2, PAGE), 0);
	client = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, physmem_fd(), 0);
	assert_true(client != MAP_FAILED);
	((unsigned char *)vm_physmem)[PAGE + 7] = 0xa5;
	assert_int_equal(client[PAGE + 7], 0xa5);
	munmap(client, 2 * PAGE);
	physmem_destroy();
}

static void test_physmem_refuses_second_and_overflow(void **state)
{
	(void)state;
	assert_int_equal(physmem_create(2, PAGE), 0);
	assert_int_equal(physmem_create(2, PAGE), -EBUSY);
	physmem_destroy();
	assert_int_equal(physmem_create(UINT32_MAX, (size_t)1 << 40), -EOVERFLOW);
	assert_null(vm_physmem);
	assert_int_equal(physmem_create(2, PAGE), 0);
	physmem_destroy();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_physmem_fresh_memory_is_zero_and_sized),
	    cmocka_unit_test(test_physmem_shared_through_fd),
	    cmocka_unit_test(test_physmem_refuses_second_and_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
