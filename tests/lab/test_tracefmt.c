/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab's trace readers: text, libCacheSim csv and oracleGeneral, good
 * input and bad (each message names the file and the line or offset).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tracefmt.h"

static void read_ok(const char *data, size_t len, enum tracefmt fmt, struct trace *t)
{
	char err[256] = "";

	if (tracefmt_read_mem("t", data, len, fmt, t, err, sizeof(err)))
		fail_msg("unexpected error: %s", err);
}

static void read_bad(const char *data, size_t len, enum tracefmt fmt, const char *want)
{
	struct trace t;
	char err[256] = "";

	assert_int_equal(tracefmt_read_mem("t", data, len, fmt, &t, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("message '%s' does not say '%s'", err, want);
}

static void test_text(void **state)
{
	const char *s = "# a comment\n5\n0x10 w\n\n5 R\n7\r\n";
	struct trace t;

	(void)state;
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	assert_int_equal(t.n, 4);
	assert_int_equal(t.nr_pages, 3);
	/* pages numbered in order of first appearance: 5 -> 0, 16 -> 1, 7 -> 2 */
	assert_int_equal(t.page[0], 0);
	assert_int_equal(t.page[1], 1);
	assert_int_equal(t.page[2], 0);
	assert_int_equal(t.page[3], 2);
	assert_int_equal(t.write[1], 1);
	assert_int_equal(t.write[2], 0);
	trace_free(&t);
}

static void test_text_bad(void **state)
{
	(void)state;
	read_bad("1\n2\nx3\n", 7, TRACEFMT_TEXT, "t:3: not a page number: 'x3'");
	read_bad("1 q\n", 4, TRACEFMT_TEXT, "t:1: not r or w");
	read_bad("1 w w\n", 6, TRACEFMT_TEXT, "t:1: more than a page and a mark");
	read_bad("-1\n", 3, TRACEFMT_TEXT, "t:1: not a page number");
	read_bad("1\n\0\n", 4, TRACEFMT_TEXT, "t:2: a NUL byte");
	read_bad("99999999999999999999999\n", 24, TRACEFMT_TEXT, "t:1: not a page number");
}

static void test_csv(void **state)
{
	const char *h = "time,obj_id,obj_size,op\n1,42,10,get\n2,abc,10,set\n3,42,10,GET\n";
	const char *n = "1,7\n2,8\n3,7\n";
	struct trace t;

	(void)state;
	read_ok(h, strlen(h), TRACEFMT_CSV, &t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.nr_pages, 2); /* 42 and the hash of abc */
	assert_int_equal(t.page[0], t.page[2]);
	assert_int_equal(t.write[1], 1);
	assert_int_equal(t.write[0], 0);
	trace_free(&t);
	read_ok(n, strlen(n), TRACEFMT_CSV, &t); /* no header: the id in column 2 */
	assert_int_equal(t.n, 3);
	assert_int_equal(t.nr_pages, 2);
	trace_free(&t);
}

static void test_csv_bad(void **state)
{
	(void)state;
	read_bad("time,obj_id\n1,5\n2\n", 18, TRACEFMT_CSV, "t:3: no object id in column 2");
	read_bad("1,5\n2,\n", 7, TRACEFMT_CSV, "t:2: no object id in column 2");
}

/* One oracleGeneral record, little-endian. */
static void oracle_record(unsigned char *b, uint32_t time, uint64_t id, uint32_t size,
			  int64_t next)
{
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(time >> (8 * i));
	for (int i = 0; i < 8; i++)
		b[4 + i] = (unsigned char)(id >> (8 * i));
	for (int i = 0; i < 4; i++)
		b[12 + i] = (unsigned char)(size >> (8 * i));
	for (int i = 0; i < 8; i++)
		b[16 + i] = (unsigned char)((uint64_t)next >> (8 * i));
}

static void test_oracle(void **state)
{
	unsigned char b[72];
	struct trace t;

	(void)state;
	oracle_record(b, 1, 0x1122334455667788ull, 4096, 2);
	oracle_record(b + 24, 2, 9, 4096, -1);
	oracle_record(b + 48, 3, 0x1122334455667788ull, 4096, -1);
	read_ok((const char *)b, sizeof(b), TRACEFMT_ORACLE, &t);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.nr_pages, 2);
	assert_int_equal(t.page[0], t.page[2]);
	assert_int_not_equal(t.page[0], t.page[1]);
	trace_free(&t);
}

static void test_oracle_bad(void **state)
{
	unsigned char b[48];

	(void)state;
	oracle_record(b, 1, 5, 1, -1);
	oracle_record(b + 24, 2, 6, 1, -1);
	read_bad((const char *)b, 30, TRACEFMT_ORACLE,
		 "t: offset 24: truncated oracleGeneral record (6 of 24 bytes)");
	oracle_record(b + 24, 2, 6, 1, -5);
	read_bad((const char *)b, 48, TRACEFMT_ORACLE, "t: offset 40: next access time -5");
}

static void test_format_names(void **state)
{
	struct trace t;
	char err[256];

	(void)state;
	assert_int_equal(tracefmt_parse("text"), TRACEFMT_TEXT);
	assert_int_equal(tracefmt_parse("csv"), TRACEFMT_CSV);
	assert_int_equal(tracefmt_parse("oracle"), TRACEFMT_ORACLE);
	assert_int_equal(tracefmt_parse("zstd"), -1);
	/* chosen by the name */
	assert_int_equal(tracefmt_read_mem("x.csv", "time,obj_id\n1,5\n", 16, TRACEFMT_AUTO, &t,
					   err, sizeof(err)),
			 0);
	assert_int_equal(t.n, 1);
	trace_free(&t);
	assert_int_equal(tracefmt_read_mem("x.oracleGeneral.bin", "12345", 5, TRACEFMT_AUTO, &t,
					   err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "x.oracleGeneral.bin: offset 0: truncated"));
	assert_int_equal(tracefmt_read("/nonexistent/trace", TRACEFMT_AUTO, &t, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "/nonexistent/trace: No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),	 cmocka_unit_test(test_text_bad),
	    cmocka_unit_test(test_csv),		 cmocka_unit_test(test_csv_bad),
	    cmocka_unit_test(test_oracle),	 cmocka_unit_test(test_oracle_bad),
	    cmocka_unit_test(test_format_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
