/* SPDX-License-Identifier: MIT */
/*
 * Attacks on the memory a client is given (docs/security.md section 3): the
 * test attaches as a raw-protocol client, keeps the physical-memory and
 * page-table descriptors of HELLO_OK, and tries to resize them, to reach
 * the zero page, and to write its page table, while a bystander holds data.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "atk.h"

/* A raw session: the connection and HELLO_OK's descriptors. */
struct raw {
	int sock;
	int physmem;
	int ptes;
	struct proto_msg ok;
};

static void raw_attach(const struct dh *d, struct raw *r)
{
	struct proto_msg m = { .type = PROTO_HELLO };
	int fds[PROTO_MAX_FDS];
	unsigned int nfds = 0;

	r->sock = dh_connect(d);
	assert_true(r->sock >= 0);
	m.hello.version = PROTO_VERSION;
	m.hello.kind = PROTO_ATTACH_NEW;
	m.hello.pid = getpid();
	dh_send(r->sock, &m);
	assert_int_equal(proto_recv(r->sock, &r->ok, fds, PROTO_MAX_FDS, &nfds), 0);
	assert_int_equal(r->ok.type, PROTO_HELLO_OK);
	assert_int_equal(nfds, 2);
	r->physmem = fds[0];
	r->ptes = fds[1];
}

/* Let the bystander go; take the CPU when it yields, and end the session. */
static void raw_end(struct atk *a, struct raw *r)
{
	struct proto_msg m;

	atk_release(a);
	assert_int_equal(dh_recv(r->sock, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	close(r->sock);
	close(r->physmem);
	close(r->ptes);
	atk_finish(a);
}

static void expect_errno(int ret, int err)
{
	assert_int_equal(ret, -1);
	assert_int_equal(errno, err);
}

/* Neither memfd can shrink or grow: a shrink would SIGBUS the daemon (and
 * every client) on its next access to a frame or an entry. */
static void test_attack_memfd_sealed(void **state)
{
	struct atk *a = *state;
	struct raw r;
	struct stat st;

	atk_start(a, NULL);
	raw_attach(&a->d, &r);
	for (int i = 0; i < 2; i++) {
		int fd = i ? r.ptes : r.physmem;

		assert_int_equal(fstat(fd, &st), 0);
		expect_errno(ftruncate(fd, 0), EPERM);
		expect_errno(ftruncate(fd, st.st_size / 2), EPERM);
		expect_errno(ftruncate(fd, st.st_size * 2), EPERM);
		expect_errno(fallocate(fd, 0, st.st_size, 65536), EPERM);
		expect_errno(fcntl(fd, F_ADD_SEALS, 0), EPERM); /* F_SEAL_SEAL */
	}
	raw_end(a, &r);
}

/* Frame 0 is not in the physical-memory memfd at all: it holds frames
 * 1..N-1, so nothing a client maps from it can be the zero page. */
static void test_attack_zero_page_private(void **state)
{
	struct atk *a = *state;
	struct raw r;
	struct stat st;

	atk_start(a, NULL);
	raw_attach(&a->d, &r);
	assert_int_equal(fstat(r.physmem, &st), 0);
	assert_int_equal(st.st_size,
			 (off_t)(r.ok.hello_ok.memory_pages - 1) * r.ok.hello_ok.page_size);
	raw_end(a, &r);
}

/* The page table can be mapped read-only only, and not written any other
 * way: an entry the daemon did not write (a frame out of range, w without
 * r) would be read back by the pager and the log. */
static void test_attack_pagetable_read_only(void **state)
{
	struct atk *a = *state;
	long host = sysconf(_SC_PAGESIZE);
	uint32_t bad = 0x80000000u | 0x3fffffffu;
	struct raw r;
	void *p;

	atk_start(a, NULL);
	raw_attach(&a->d, &r);
	assert_ptr_equal(mmap(NULL, (size_t)host, PROT_READ | PROT_WRITE, MAP_SHARED, r.ptes, 0),
			 MAP_FAILED);
	assert_int_equal(errno, EPERM);
	p = mmap(NULL, (size_t)host, PROT_READ, MAP_SHARED, r.ptes, 0);
	assert_ptr_not_equal(p, MAP_FAILED);
	expect_errno(mprotect(p, (size_t)host, PROT_READ | PROT_WRITE), EACCES);
	munmap(p, (size_t)host);
	expect_errno((int)pwrite(r.ptes, &bad, sizeof(bad), 0), EPERM);
	expect_errno(fallocate(r.ptes, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, host), EPERM);
	raw_end(a, &r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, atk_setup, atk_teardown)
		T(test_attack_memfd_sealed),
		T(test_attack_zero_page_private),
		T(test_attack_pagetable_read_only),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
