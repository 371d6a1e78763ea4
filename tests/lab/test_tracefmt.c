/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab's trace readers and writers: text, libCacheSim csv,
 * oracleGeneral and OSTEP address lists, zstd-compressed or not, good
 * input and bad (each message names the file and the line or offset).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include <cmocka.h>
#include <zstd.h>

#include "tracefmt.h"

static void read_ok(const char *data, size_t len, enum tracefmt fmt, struct trace *t)
{
	char err[256] = "";

	if (tracefmt_read_mem("t", data, len, fmt, NULL, t, err, sizeof(err)))
		fail_msg("unexpected error: %s", err);
}

static void read_bad(const char *data, size_t len, enum tracefmt fmt, const char *want)
{
	struct trace t;
	char err[256] = "";

	assert_int_equal(tracefmt_read_mem("t", data, len, fmt, NULL, &t, err, sizeof(err)), -1);
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
	assert_int_equal(tracefmt_parse("ostep"), TRACEFMT_OSTEP);
	assert_int_equal(tracefmt_parse("pgd"), TRACEFMT_PGD);
	assert_int_equal(tracefmt_parse("zstd"), -1);
	/* chosen by the name */
	assert_int_equal(tracefmt_read_mem("x.csv", "time,obj_id\n1,5\n", 16, TRACEFMT_AUTO, NULL, &t,
					   err, sizeof(err)),
			 0);
	assert_int_equal(t.n, 1);
	trace_free(&t);
	assert_int_equal(tracefmt_read_mem("x.oracleGeneral.bin", "12345", 5, TRACEFMT_AUTO, NULL, &t,
					   err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "x.oracleGeneral.bin: offset 0: truncated"));
	assert_int_equal(tracefmt_read("/nonexistent/trace", TRACEFMT_AUTO, NULL, &t, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "/nonexistent/trace: No such file"));
}

static void test_ostep(void **state)
{
	const char *s = "0,4096,8191\n0x2000\n[12288, 5]\n";
	struct tracefmt_opts o = {.page_size = 4096};
	struct trace t;
	char err[256] = "";

	(void)state;
	/* address / 4096: pages 0 1 1 2 3 0, 4 distinct, numbered 0 1 1 2 3 0 */
	assert_int_equal(tracefmt_read_mem("t", s, strlen(s), TRACEFMT_OSTEP, &o, &t, err,
					   sizeof(err)),
			 0);
	assert_int_equal(t.n, 6);
	assert_int_equal(t.nr_pages, 4);
	assert_int_equal(t.page[1], 1);
	assert_int_equal(t.page[2], 1);
	assert_int_equal(t.page[3], 2);
	assert_int_equal(t.page[4], 3);
	assert_int_equal(t.page[5], 0);
	trace_free(&t);
	read_ok(s, strlen(s), TRACEFMT_OSTEP, &t); /* page size 1: 6 distinct addresses */
	assert_int_equal(t.nr_pages, 6);
	trace_free(&t);
	read_bad("1,2\n3,x\n", 8, TRACEFMT_OSTEP, "t:2: not an address: 'x'");
	read_bad("1,-2\n", 5, TRACEFMT_OSTEP, "t:1: not an address: '-2'");
}

/* Write t in fmt (with o) to memory; the bytes, NUL-terminated. */
static char *write_mem(const struct trace *t, enum tracefmt fmt, const struct tracefmt_opts *o,
		       size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(tracefmt_write_stream(f, fmt, o, t), 0);
	fclose(f);
	return buf;
}

static void test_write_lines(void **state)
{
	const char *s = "7\n9 w\n7\n";
	struct tracefmt_opts o = {.page_size = 4096};
	struct trace t;
	size_t len;
	char *out;

	(void)state;
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	out = write_mem(&t, TRACEFMT_TEXT, NULL, &len);
	assert_string_equal(out, s); /* the page numbers as read, not the dense ones */
	free(out);
	out = write_mem(&t, TRACEFMT_CSV, NULL, &len);
	assert_string_equal(out, "time,obj_id,obj_size,op\n0,7,4096,read\n1,9,4096,write\n"
				 "2,7,4096,read\n");
	free(out);
	out = write_mem(&t, TRACEFMT_OSTEP, &o, &len); /* 7 * 4096, 9 * 4096 */
	assert_string_equal(out, "28672\n36864\n28672\n");
	free(out);
	trace_free(&t);
	read_ok("18446744073709551615\n", 21, TRACEFMT_TEXT, &t);
	{
		char *buf = NULL;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		assert_int_equal(tracefmt_write_stream(f, TRACEFMT_OSTEP, &o, &t), -ERANGE);
		fclose(f);
		free(buf);
	}
	trace_free(&t);
}

static uint64_t le(const unsigned char *b, int n)
{
	uint64_t v = 0;

	for (int i = n; i-- > 0;)
		v = v << 8 | b[i];
	return v;
}

static void test_write_oracle(void **state)
{
	const char *s = "5\n6\n5\n8\n6\n";
	/* next access of each reference, by position from 0: 5 at 0 -> 2,
	 * 6 at 1 -> 4, 5 at 2 -> none, 8 -> none, 6 at 4 -> none */
	const int64_t next[] = {2, 4, -1, -1, -1};
	const uint64_t ids[] = {5, 6, 5, 8, 6};
	struct trace t, back;
	unsigned char *b;
	size_t len;

	(void)state;
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	b = (unsigned char *)write_mem(&t, TRACEFMT_ORACLE, NULL, &len);
	assert_int_equal(len, 5 * 24);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(le(b + 24 * i, 4), i);
		assert_int_equal(le(b + 24 * i + 4, 8), ids[i]);
		assert_int_equal(le(b + 24 * i + 12, 4), 4096);
		assert_int_equal((int64_t)le(b + 24 * i + 16, 8), next[i]);
	}
	read_ok((const char *)b, len, TRACEFMT_ORACLE, &back);
	assert_int_equal(back.n, 5);
	assert_memory_equal(back.page, t.page, 5 * sizeof(*t.page));
	trace_free(&back);
	free(b);
	trace_free(&t);
}

static void test_zst(void **state)
{
	const char *s = "1\n2 w\n1\n";
	char z[256], err[256] = "";
	size_t n = ZSTD_compress(z, sizeof(z), s, strlen(s), 3);
	struct trace t;

	(void)state;
	assert_false(ZSTD_isError(n));
	assert_int_equal(tracefmt_read_mem("x.txt.zst", z, n, TRACEFMT_AUTO, NULL, &t, err,
					   sizeof(err)),
			 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.write[1], 1);
	trace_free(&t);
	/* cut short: the frame is truncated */
	assert_int_equal(tracefmt_read_mem("x.zst", z, n - 3, TRACEFMT_TEXT, NULL, &t, err,
					   sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "x.zst: offset"));
	assert_non_null(strstr(err, "truncated zstd frame"));
	/* not zstd at all */
	assert_int_equal(tracefmt_read_mem("y.zst", s, strlen(s), TRACEFMT_TEXT, NULL, &t, err,
					   sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "y.zst: offset 0: not zstd data or corrupt"));
}

/* convert --to pgd: pages 1 2 3 4 of the trace become arena pages 0 1 2 3
 * in order of first reference; each first reference maps its page and
 * writes value 1 (read or not in the trace); a later read checks the last
 * value, a later write stores the next (page 0: 2); memory is frames + 1 and
 * arena and swap hold every page. */
static void test_write_pgd(void **state)
{
	const char *s = "1\n2 w\n3\n1\n4\n2\n1 w\n";
	struct tracefmt_opts o = {.frames = 2};
	struct trace t;
	char err[256];
	size_t len;
	char *out;

	(void)state;
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	out = write_mem(&t, TRACEFMT_PGD, &o, &len);
	assert_non_null(strstr(out, "\n# 7 references to 4 pages."));
	assert_non_null(strstr(out, "\npage-size 4096\nmemory 3\narena 4\nswap 4\n\n"
				    "process drive\n"
				    "\tmap v swap\n\twrite arena+0p 1\n"
				    "\tmap v swap\n\twrite arena+1p 1\n"
				    "\tmap v swap\n\twrite arena+2p 1\n"
				    "\tread arena+0p 1\n"
				    "\tmap v swap\n\twrite arena+3p 1\n"
				    "\tread arena+1p 1\n"
				    "\twrite arena+0p 2\n"
				    "end\n"));
	free(out);
	o.page_size = 8192;
	out = write_mem(&t, TRACEFMT_PGD, &o, &len);
	assert_non_null(strstr(out, "\npage-size 8192\n"));
	free(out);
	trace_free(&t);
	/* 256 writes to one page: the values cycle through 1..255, never 0 */
	{
		char many[256 * 4 + 1] = "";

		for (int i = 0; i < 256; i++)
			strcat(many, "5 w\n");
		read_ok(many, strlen(many), TRACEFMT_TEXT, &t);
		out = write_mem(&t, TRACEFMT_PGD, &o, &len);
		assert_non_null(strstr(out, "\twrite arena+0p 255\n\twrite arena+0p 1\nend\n"));
		free(out);
		trace_free(&t);
	}
	/* a script is not a trace, and is not compressed */
	assert_int_equal(tracefmt_read_mem("w.pgd", "memory 4\n", 9, TRACEFMT_AUTO, NULL, &t, err,
					   sizeof(err)),
			 -1);
	assert_string_equal(err, "w.pgd: pgd-lab cannot read pgd files as traces");
	assert_int_equal(tracefmt_by_name("x.pgd"), TRACEFMT_PGD);
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	assert_int_equal(tracefmt_write("/tmp/x.pgd.zst", TRACEFMT_AUTO, &o, &t, err, sizeof(err)), -1);
	assert_string_equal(err, "/tmp/x.pgd.zst: pgd-run reads no compressed scripts");
	trace_free(&t);
}

static void test_write_file(void **state)
{
	const char *s = "3\n4 w\n3\n";
	char path[] = "/tmp/test_tracefmt_XXXXXX.oracleGeneral.zst", err[256] = "";
	struct trace t, back;
	int fd = mkstemps(path, 18);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	read_ok(s, strlen(s), TRACEFMT_TEXT, &t);
	/* oracle by the name, compressed by the name */
	assert_int_equal(tracefmt_write(path, TRACEFMT_AUTO, NULL, &t, err, sizeof(err)), 0);
	assert_int_equal(tracefmt_read(path, TRACEFMT_AUTO, NULL, &back, err, sizeof(err)), 0);
	assert_int_equal(back.n, 3);
	assert_memory_equal(back.page, t.page, 3 * sizeof(*t.page));
	trace_free(&back);
	unlink(path);
	assert_int_equal(tracefmt_write("/nonexistent/dir/x", TRACEFMT_TEXT, NULL, &t, err,
					sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "/nonexistent/dir/x: No such file"));
	trace_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),	 cmocka_unit_test(test_text_bad),
	    cmocka_unit_test(test_csv),		 cmocka_unit_test(test_csv_bad),
	    cmocka_unit_test(test_oracle),	 cmocka_unit_test(test_oracle_bad),
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_ostep),	 cmocka_unit_test(test_write_lines),
	    cmocka_unit_test(test_write_oracle), cmocka_unit_test(test_zst),
	    cmocka_unit_test(test_write_file),	 cmocka_unit_test(test_write_pgd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
