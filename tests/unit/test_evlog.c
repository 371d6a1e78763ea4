/* SPDX-License-Identifier: MIT */
/*
 * The event-log writer, byte for byte against lines written by hand from
 * semantics.md section 3, and against printf for numbers at their limits,
 * names and tables longer than the writer's buffer; logging off prints
 * nothing and walks nothing; a PTE with w but not r aborts after naming it.
 */
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "evlog.h"
#include "forkcheck.h"

#define BASE 0x600000000ul
#define PAGE 0x10000ul

struct memlog {
	char *buf;
	size_t len;
	FILE *f;
};

static void memlog_open(struct memlog *m)
{
	m->buf = NULL;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
	evlog_set(m->f);
}

/* Stop logging and return the text (free with memlog_close). */
static const char *memlog_text(struct memlog *m)
{
	evlog_flush();
	evlog_set(NULL);
	fflush(m->f);
	return m->buf;
}

static void memlog_close(struct memlog *m)
{
	fclose(m->f);
	free(m->buf);
}

static void test_evlog_events_byte_for_byte(void **state)
{
	struct memlog m;

	(void)state;
	memlog_open(&m);
	assert_true(evlog_on());
	evlog_started(4);
	evlog_create(1000, 1001);
	evlog_create_ret(0);
	evlog_create_ret(-1);
	evlog_switch(1001);
	evlog_map(7, 0, 0);
	evlog_map_ret(BASE);
	evlog_map(7, BASE + 0x1a, 4294967295u);
	evlog_map_ret(0);
	evlog_fault(7, 0x600070000ul, true);
	evlog_fault_ret(0);
	evlog_fault(7, 0x5ffffffffUL, false);
	evlog_fault_ret(-1);
	evlog_file_read(NULL, 7);
	evlog_file_read("papers.txt", 0);
	evlog_file_error("open: No such file or directory");
	evlog_file_write(NULL, 7);
	evlog_file_write("data1.bin", 3);
	evlog_file_error("block out of range");
	evlog_destroy(7);
	evlog_comment("shutdown: %s %d", "writing back", 3);
	assert_string_equal(memlog_text(&m), "Pager started with 4 physical memory pages\n"
	                                     "vm_create\t(1000, 1001)\n"
	                                     "vm_create returned 0\n"
	                                     "vm_create returned -1\n"
	                                     "vm_switch\t(1001)\n"
	                                     "vm_map\t\t(0x0, 0)\n"
	                                     "vm_map returned 0x600000000\n"
	                                     "vm_map\t\t(0x60000001a, 4294967295)\n"
	                                     "vm_map returned 0x0\n"
	                                     "vm_fault\t(0x600070000, write)\n"
	                                     "vm_fault returned 0\n"
	                                     "vm_fault\t(0x5ffffffff, read)\n"
	                                     "vm_fault returned -1\n"
	                                     "file_read\t(<swap>, 7)\n"
	                                     "file_read\t(papers.txt, 0)\n"
	                                     "open: No such file or directory\n"
	                                     "file_write\t(<swap>, 7)\n"
	                                     "file_write\t(data1.bin, 3)\n"
	                                     "block out of range\n"
	                                     "vm_destroy\n"
	                                     "# shutdown: writing back 3\n");
	memlog_close(&m);
}

static void test_evlog_table_lists_r_and_rw_in_index_order(void **state)
{
	struct pgd_pte ptes[6] = {
	    [0] = {.ppage = 0, .read_enable = 1},
	    [1] = {.ppage = 2, .read_enable = 1, .write_enable = 1},
	    [3] = {.ppage = 5}, /* not resident: not listed */
	    [5] = {.ppage = PGD_MAX_PPAGE, .read_enable = 1, .write_enable = 1},
	};
	struct memlog m;

	(void)state;
	memlog_open(&m);
	evlog_table(1001, ptes, 6, BASE, PAGE);
	evlog_table(1002, ptes, 0, BASE, PAGE);
	assert_string_equal(memlog_text(&m), "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                                     "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
	                                     "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
	                                     "\t\t\t\t\trw\tvpage 0x60005\tppage 0x3fffffff\n"
	                                     "\t\t\t\t\treturning to (1002) with r|w pages:\n");
	memlog_close(&m);
}

/* The pid form, semantics.md section 3: the same events as above, with the
 * pid in parentheses and the arguments after tabs where the default form has
 * them in parentheses; the other lines are the same. */
static void test_evlog_pid_form_byte_for_byte(void **state)
{
	struct pgd_pte ptes[2] = {
	    [0] = {.ppage = 0, .read_enable = 1},
	    [1] = {.ppage = 2, .read_enable = 1, .write_enable = 1},
	};
	struct memlog m;

	(void)state;
	evlog_set_format(EVLOG_PID);
	memlog_open(&m);
	evlog_create(1000, 1001);
	evlog_switch(1001);
	evlog_map(1001, 0, 0);
	evlog_map_ret(BASE);
	evlog_map(1001, BASE + 0x1a, 3);
	evlog_fault(1001, 0x600000000ul, true);
	evlog_fault(1001, 0x600001000ul, false);
	evlog_file_read(NULL, 7);
	evlog_file_read("data1.bin", 0);
	evlog_file_write(NULL, 7);
	evlog_table(1001, ptes, 2, BASE, 0x1000);
	evlog_destroy(1001);
	assert_string_equal(memlog_text(&m), "vm_create\t(1000, 1001)\n"
	                                     "vm_switch\t(1001)\n"
	                                     "vm_map\t\t(1001)\t0x0\t0\n"
	                                     "vm_map returned 0x600000000\n"
	                                     "vm_map\t\t(1001)\t0x60000001a\t3\n"
	                                     "vm_fault\t(1001)\t0x600000000\twrite\n"
	                                     "vm_fault\t(1001)\t0x600001000\tread\n"
	                                     "file_read\t<swap>\t7\n"
	                                     "file_read\tdata1.bin\t0\n"
	                                     "file_write\t<swap>\t7\n"
	                                     "\t\t\t\t\treturning to (1001) with pages:\n"
	                                     "\t\t\t\t\tr\tvpage 0x600000\tppage 0x0\n"
	                                     "\t\t\t\t\trw\tvpage 0x600001\tppage 0x2\n"
	                                     "vm_destroy\t(1001)\n");
	evlog_set_format(EVLOG_ARGS);
	memlog_close(&m);
}

/* vpage is the address divided by the page size, whatever the geometry. */
static void test_evlog_table_vpage_follows_geometry(void **state)
{
	struct pgd_pte ptes[2] = {[1] = {.ppage = 0x1f, .read_enable = 1}};
	struct memlog m;

	(void)state;
	memlog_open(&m);
	evlog_table(7, ptes, 2, 0x10000000ul, 0x1000);
	assert_string_equal(memlog_text(&m), "\t\t\t\t\treturning to (7) with r|w pages:\n"
	                                     "\t\t\t\t\tr\tvpage 0x10001\tppage 0x1f\n");
	memlog_close(&m);
}

/* A growing text, for expected logs made with printf. */
struct expect {
	char *buf;
	size_t len;
	FILE *f;
};

static void expect_open(struct expect *e)
{
	e->buf = NULL;
	e->f = open_memstream(&e->buf, &e->len);
	assert_non_null(e->f);
}

static const char *expect_text(struct expect *e)
{
	fflush(e->f);
	return e->buf;
}

static void expect_close(struct expect *e)
{
	fclose(e->f);
	free(e->buf);
}

/* Numbers are formatted by hand: every digit count, both signs and the
 * extremes must come out as printf's %ld, %d, %u and %x would. */
static void test_evlog_numbers_match_printf(void **state)
{
	static const uintptr_t hex[] = {0xabc,       0x1000,          0xfffff,
	                                0x600000000, UINTPTR_MAX / 2, UINTPTR_MAX};
	static const int dec[] = {0, 9, 10, 99, 100, -1, -9, -10, 123456789, INT_MAX, INT_MIN};
	static const unsigned int blocks[] = {0, 9, 10, 1000000000u, UINT_MAX};
	struct memlog m;
	struct expect e;

	(void)state;
	memlog_open(&m);
	expect_open(&e);
	for (size_t i = 0; i < sizeof(hex) / sizeof(hex[0]); i++) {
		evlog_map_ret(hex[i]);
		evlog_fault(7, hex[i], i % 2);
		fprintf(e.f, "vm_map returned 0x%" PRIxPTR "\n", hex[i]);
		fprintf(e.f, "vm_fault\t(0x%" PRIxPTR ", %s)\n", hex[i], i % 2 ? "write" : "read");
	}
	for (uintptr_t v = 0; v < 0x200; v++) { /* every byte, leading or not */
		evlog_map_ret(v);
		fprintf(e.f, "vm_map returned 0x%" PRIxPTR "\n", v);
	}
	for (size_t i = 0; i < sizeof(dec) / sizeof(dec[0]); i++) {
		evlog_create_ret(dec[i]);
		evlog_fault_ret(dec[i]);
		evlog_switch(dec[i]);
		evlog_create(dec[i], ~dec[i]);
		fprintf(e.f, "vm_create returned %d\n", dec[i]);
		fprintf(e.f, "vm_fault returned %d\n", dec[i]);
		fprintf(e.f, "vm_switch\t(%ld)\n", (long)dec[i]);
		fprintf(e.f, "vm_create\t(%ld, %ld)\n", (long)dec[i], (long)~dec[i]);
	}
	for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		evlog_started(blocks[i]);
		evlog_map(7, hex[i], blocks[i]);
		evlog_file_read(NULL, blocks[i]);
		fprintf(e.f, "Pager started with %u physical memory pages\n", blocks[i]);
		fprintf(e.f, "vm_map\t\t(0x%" PRIxPTR ", %u)\n", hex[i], blocks[i]);
		fprintf(e.f, "file_read\t(<swap>, %u)\n", blocks[i]);
	}
	assert_string_equal(memlog_text(&m), expect_text(&e));
	expect_close(&e);
	memlog_close(&m);
}

/* A file name or message of any length is written whole, in its line,
 * whether it fits the writer's buffer, nearly fills it, or is larger. */
static void test_evlog_long_names_are_whole(void **state)
{
	static const size_t lens[] = {1, 3960, 3980, 4095, 4096, 10000};
	struct memlog m;
	struct expect e;

	(void)state;
	memlog_open(&m);
	expect_open(&e);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		char *name = malloc(lens[i] + 1);

		assert_non_null(name);
		for (size_t j = 0; j < lens[i]; j++)
			name[j] = (char)('a' + (i + j) % 26);
		name[lens[i]] = '\0';
		evlog_file_read(name, (unsigned int)i);
		evlog_file_write(name, 7);
		evlog_file_error(name);
		fprintf(e.f, "file_read\t(%s, %zu)\nfile_write\t(%s, 7)\n%s\n", name, i, name,
		        name);
		free(name);
	}
	assert_string_equal(memlog_text(&m), expect_text(&e));
	expect_close(&e);
	memlog_close(&m);
}

/* A table whose block is several times the writer's buffer comes out
 * whole and in order: every enabled entry, and nothing else. */
static void test_evlog_large_table_is_whole(void **state)
{
	enum { NR = 3000 };
	struct pgd_pte *ptes = calloc(NR, sizeof(*ptes));
	struct memlog m;
	struct expect e;

	(void)state;
	assert_non_null(ptes);
	memlog_open(&m);
	expect_open(&e);
	fprintf(e.f, "\t\t\t\t\treturning to (%d) with r|w pages:\n", 2147483647);
	for (unsigned int i = 0; i < NR; i++) {
		if (i % 7 == 3)
			continue; /* not resident: not listed */
		ptes[i].ppage = (i * 2654435761u) & PGD_MAX_PPAGE;
		ptes[i].read_enable = 1;
		ptes[i].write_enable = i % 3 == 0;
		fprintf(e.f, "\t\t\t\t\t%s\tvpage 0x%" PRIxPTR "\tppage 0x%x\n",
		        i % 3 == 0 ? "rw" : "r", (uintptr_t)0x1000 + i,
		        (unsigned int)ptes[i].ppage);
	}
	evlog_table(2147483647, ptes, NR, 0x1000000, 0x1000);
	assert_string_equal(memlog_text(&m), expect_text(&e));
	expect_close(&e);
	memlog_close(&m);
	free(ptes);
}

/* With logging off nothing is written, and the table is not even looked at:
 * an illegal entry that would abort when logging is on goes unnoticed. */
static void test_evlog_off_prints_nothing(void **state)
{
	struct pgd_pte bad[1] = {{.ppage = 1, .write_enable = 1}};
	struct memlog m;

	(void)state;
	memlog_open(&m);
	evlog_set(NULL);
	assert_false(evlog_on());
	evlog_started(4);
	evlog_create(1, 2);
	evlog_create_ret(0);
	evlog_switch(2);
	evlog_map(7, 0, 0);
	evlog_map_ret(BASE);
	evlog_fault(7, BASE, true);
	evlog_fault_ret(0);
	evlog_file_read(NULL, 1);
	evlog_file_write("f", 1);
	evlog_file_error("block out of range");
	evlog_destroy(7);
	evlog_comment("x");
	evlog_table(2, bad, 1, BASE, PAGE);
	evlog_flush();
	fflush(m.f);
	assert_int_equal(m.len, 0);
	memlog_close(&m);
}

static void evlog_bad_table(void *arg)
{
	struct pgd_pte ptes[3] = {
	    [0] = {.ppage = 1, .read_enable = 1},
	    [2] = {.ppage = 3, .write_enable = 1},
	};

	evlog_set(arg);
	evlog_table(1001, ptes, 3, BASE, PAGE);
}

static void test_evlog_write_without_read_aborts(void **state)
{
	char err[4096], text[4096];
	FILE *f = tmpfile();
	size_t n;
	int status;

	(void)state;
	assert_non_null(f);
	status = forkcheck_run(evlog_bad_table, f, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	assert_non_null(strstr(err, "pager bug: pid 1001 vpage 0x60002 has write_enable without "
	                            "read_enable"));
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	assert_string_equal(text, "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                          "\t\t\t\t\tr\tvpage 0x60000\tppage 0x1\n"
	                          "# pager bug: pid 1001 vpage 0x60002 has write_enable without "
	                          "read_enable\n");
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_evlog_events_byte_for_byte),
	    cmocka_unit_test(test_evlog_table_lists_r_and_rw_in_index_order),
	    cmocka_unit_test(test_evlog_pid_form_byte_for_byte),
	    cmocka_unit_test(test_evlog_table_vpage_follows_geometry),
	    cmocka_unit_test(test_evlog_numbers_match_printf),
	    cmocka_unit_test(test_evlog_long_names_are_whole),
	    cmocka_unit_test(test_evlog_large_table_is_whole),
	    cmocka_unit_test(test_evlog_off_prints_nothing),
	    cmocka_unit_test(test_evlog_write_without_read_aborts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
