/* SPDX-License-Identifier: MIT */
/*
 * Physical memory: reads as zeros (frame 0 is the zero page); the memfd
 * holds frames 1..N-1 only, is shared with anyone who maps the fd, and is
 * sealed against resizing; a size that would overflow is refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
	assert_int_equal(st.st_size, 3 * PAGE);
	for (size_t i = 0; i < 4 * PAGE; i++)
		if (((const unsigned char *)vm_physmem)[i])
			fail_msg("byte %zu of fresh physical memory is not zero", i);
	physmem_destroy();
	assert_null(vm_physmem);
	assert_int_equal(physmem_fd(), -1);
}

/* A client maps the same fd, frame p at (p - 1) pages: what the daemon
 * writes, the client reads. The zero page is not in it. */
static void test_physmem_shared_through_fd(void **state)
{
	unsigned char *client;

	(void)state;
	assert_int_equal(physmem_create(3, PAGE), 0);
	client = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, physmem_fd(), 0);
	assert_true(client != MAP_FAILED);
	((unsigned char *)vm_physmem)[PAGE + 7] = 0xa5;
	((unsigned char *)vm_physmem)[2 * PAGE + 9] = 0x5a;
	((unsigned char *)vm_physmem)[11] = 0x11; /* frame 0: the daemon's own */
	assert_int_equal(client[7], 0xa5);
	assert_int_equal(client[PAGE + 9], 0x5a);
	for (size_t i = 0; i < 2 * PAGE; i++)
		if (client[i] == 0x11)
			fail_msg("byte %zu of the fd shows frame 0", i);
	munmap(client, 2 * PAGE);
	physmem_destroy();
}

/* No one holding the fd can shrink it, grow it, or change its seals. */
static void test_physmem_sealed(void **state)
{
	(void)state;
	assert_int_equal(physmem_create(2, PAGE), 0);
	assert_int_equal(ftruncate(physmem_fd(), 0), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(ftruncate(physmem_fd(), 4 * PAGE), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(fcntl(physmem_fd(), F_GET_SEALS),
			 F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
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
	assert_int_equal(physmem_create(1, PAGE), -EOVERFLOW);
	assert_int_equal(physmem_create(2, PAGE), 0);
	physmem_destroy();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_physmem_fresh_memory_is_zero_and_sized),
	    cmocka_unit_test(test_physmem_shared_through_fd),
	    cmocka_unit_test(test_physmem_sealed),
	    cmocka_unit_test(test_physmem_refuses_second_and_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
