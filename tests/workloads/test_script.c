/* SPDX-License-Identifier: MIT */
/*
 * The workload-script parser (tools/pgd-run/script.h): what a valid script
 * becomes, that every error names the file, the line and the problem, the
 * checks made before running, address and size arithmetic, and that no
 * input makes it crash or leak (random mutations of a valid script, run
 * under valgrind and ASan by the test suite).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "script.h"

static struct script *parse_ok(const char *text)
{
	struct script *s = NULL;
	char err[256] = "";
	int ret = script_parse("t.pgd", text, strlen(text), &s, err, sizeof(err));

	if (ret)
		fprintf(stderr, "unexpected error: %s\n", err);
	assert_int_equal(ret, 0);
	return s;
}

/* Parsing text fails with exactly the message want. */
static void parse_fails(const char *text, const char *want)
{
	struct script *s = (struct script *)1;
	char err[256] = "";

	assert_int_equal(script_parse("t.pgd", text, strlen(text), &s, err, sizeof(err)), -EINVAL);
	assert_null(s);
	assert_string_equal(err, want);
}

static void test_script_parses_header_and_steps(void **state)
{
	struct script *s = parse_ok("# demo\n"
	                            "memory 5\nswap 0x10\narena 512\npage-size 8192\nfile data.bin 2p+100\n"
	                            "process A\n"
	                            "  map buf swap   # a comment\n"
	                            "  write buf \"ab\\x00\"\n"
	                            "  map f file buf+1 4294967295\n"
	                            "  read f 'B'*1p\n"
	                            "  fill buf+3 7\n"
	                            "  fork kid\n"
	                            "    read buf\n"
	                            "  end\n"
	                            "  yield\n"
	                            "  expect kill\n"
	                            "  write arena-1 '#'\n"
	                            "end\n"
	                            "process\n  exit\nend\n");
	const struct script_proc *a;
	const struct script_step *st;

	(void)state;
	assert_int_equal(s->memory_pages, 5);
	assert_int_equal(s->swap_blocks, 16);
	assert_int_equal(s->arena_pages, 512);
	assert_int_equal(s->page_size, 8192);
	assert_int_equal(s->nr_files, 1);
	assert_string_equal(s->files[0].name, "data.bin");
	assert_int_equal(s->files[0].size.pages, 2);
	assert_int_equal(s->files[0].size.bytes, 100);
	assert_int_equal(s->nr_procs, 2);
	assert_string_equal(s->procs[1].name, "p2");
	a = &s->procs[0];
	assert_string_equal(a->name, "A");
	assert_int_equal(a->nr_steps, 8);
	st = a->steps;
	assert_int_equal(st[0].op, SCRIPT_MAP_SWAP);
	assert_int_equal(st[0].line, 8);
	assert_string_equal(s->vars[st[0].var], "buf");
	assert_int_equal(st[1].op, SCRIPT_WRITE);
	assert_true(st[1].value.is_string);
	assert_int_equal(st[1].value.len, 4); /* "ab", an escaped NUL, the NUL */
	assert_memory_equal(st[1].value.str, "ab\0", 4);
	assert_int_equal(st[2].op, SCRIPT_MAP_FILE);
	assert_int_equal(st[2].block, UINT32_MAX);
	assert_int_equal(st[2].addr.base, SCRIPT_BASE_VAR);
	assert_int_equal(st[2].addr.bytes, 1);
	assert_int_equal(st[3].op, SCRIPT_READ);
	assert_true(st[3].has_value);
	assert_int_equal(st[3].value.byte, 'B');
	assert_int_equal(st[3].value.count.pages, 1);
	assert_int_equal(st[4].op, SCRIPT_FILL);
	assert_int_equal(st[4].value.byte, 7);
	assert_int_equal(st[5].op, SCRIPT_FORK);
	assert_string_equal(st[5].child->name, "kid");
	assert_int_equal(st[5].child->nr_steps, 1);
	assert_false(st[5].child->steps[0].has_value);
	assert_int_equal(st[6].op, SCRIPT_YIELD);
	assert_int_equal(st[7].expect, SCRIPT_EXPECT_KILL);
	assert_int_equal(st[7].value.byte, '#');
	assert_int_equal(st[7].addr.base, SCRIPT_BASE_ARENA);
	script_free(s);
}

static void test_script_errors_name_file_line_and_problem(void **state)
{
	(void)state;
	parse_fails("", "t.pgd:1: no 'process' in the script");
	parse_fails("memory 1\n",
	            "t.pgd:1: memory needs at least 2 pages (frame 0 is the zero page)");
	parse_fails("swap x\n", "t.pgd:1: not a number: 'x'");
	parse_fails("page-size 12288\n",
	            "t.pgd:1: page-size must be a power of two and at least the host's page size");
	parse_fails("page-size 2048\n",
	            "t.pgd:1: page-size must be a power of two and at least the host's page size");
	parse_fails("process\nend\npage-size 4096\n",
	            "t.pgd:3: 'setting' after the first process (settings come first)");
	parse_fails("memory 99999999999999999999\n",
	            "t.pgd:1: not a number: '99999999999999999999'");
	parse_fails("process\nend\nmemory 4\n",
	            "t.pgd:3: 'setting' after the first process (settings come first)");
	parse_fails("file a/b 1\n",
	            "t.pgd:1: 'a/b' is not a plain file name (printable, no '/', quote or '#')");
	parse_fails("file a 1\nfile a 2\n", "t.pgd:2: file 'a' declared twice");
	parse_fails("process\n  map x swap\n", "t.pgd:1: this block has no 'end'");
	parse_fails("end\n", "t.pgd:1: 'end' without 'process' or 'fork'");
	parse_fails("process\n  jump\nend\n",
	            "t.pgd:2: unknown step 'jump' (or wrong number of words)");
	parse_fails("process\n  read buf\nend\n", "t.pgd:2: no page variable 'buf'");
	parse_fails("process\n  map x swap\n  write x 256\nend\n",
	            "t.pgd:3: not a byte (0-255 or 'c'): '256'");
	parse_fails("process\n  map x swap\n  write x \"abc\nend\n",
	            "t.pgd:3: string not closed with '\"'");
	parse_fails("process\n  map x swap\n  write x '\\q'\nend\n",
	            "t.pgd:3: unknown escape '\\q'");
	parse_fails("process\n  map x swap\n  read x+1p-q\nend\n",
	            "t.pgd:3: not an address (VAR, arena or N, then +/- N or Np): 'x+1p-q'");
	parse_fails("process\n  map x file arena 4294967296\nend\n",
	            "t.pgd:2: 4294967296 is larger than 4294967295");
	parse_fails("process\n  map arena swap\nend\n",
	            "t.pgd:2: 'arena' is the arena base, not a variable");
	parse_fails("file a 1-1\n", "t.pgd:1: a size cannot subtract: '1-1'");
	parse_fails("process\n  a b c d e f g h i\nend\n", "t.pgd:2: more than 8 words");
}

static void test_script_rejects_nul_bytes(void **state)
{
	static const char text[] = "process\n  yi\0ld\nend\n";
	struct script *s = NULL;
	char err[256];

	(void)state;
	assert_int_equal(script_parse("t.pgd", text, sizeof(text) - 1, &s, err, sizeof(err)),
	                 -EINVAL);
	assert_string_equal(err, "t.pgd:2: NUL byte in the line");
}

static void test_script_expect_needs_a_fitting_step(void **state)
{
	(void)state;
	parse_fails("process\n  expect kill\nend\n",
	            "t.pgd:3: 'expect' on line 2 is not followed by a step");
	parse_fails("process\n  expect map-null\n  yield\nend\n",
	            "t.pgd:3: the 'expect' on line 2 does not fit this step");
	parse_fails("process\n  expect fork-fail\n  expect fork-fail\nend\n",
	            "t.pgd:3: two 'expect' lines in a row");
	parse_fails("process\n  expect sunshine\nend\n",
	            "t.pgd:2: usage: expect map-null | kill | fork-fail");
	parse_fails("process\n  map x swap\n  expect kill\n  read x\n  yield\nend\n",
	            "t.pgd:5: this step is never run: the process ends on line 4");
	parse_fails("process\n  exit\n  yield\nend\n",
	            "t.pgd:3: this step is never run: the process ends on line 2");
}

static void test_script_variables_follow_the_process(void **state)
{
	struct script *s;

	(void)state;
	/* A fork child sees what its parent mapped before the fork ... */
	s = parse_ok("process\n  map a swap\n  fork\n    read a\n  end\n  read a\nend\n");
	script_free(s);
	/* ... not what the parent maps after it, nor another process's. */
	parse_fails("process\n  fork\n    read a\n  end\n  map a swap\nend\n",
	            "t.pgd:3: no page variable 'a'");
	parse_fails("process\n  map a swap\nend\nprocess\n  read a\nend\n",
	            "t.pgd:5: no page variable 'a'");
	/* A map expected to return NULL maps nothing. */
	parse_fails("process\n  expect map-null\n  map a swap\n  read a\nend\n",
	            "t.pgd:4: no page variable 'a'");
	/* A string value with an escaped NUL inside a file name, and a
	 * character literal that is a blank. */
	s = parse_ok("process\n  map a swap\n  write a ' '*3\n  read a+2 ' '\nend\n");
	assert_int_equal(s->procs[0].steps[1].value.count.bytes, 3);
	assert_int_equal(s->procs[0].steps[2].value.byte, ' ');
	script_free(s);
}

static void test_script_sizes_and_addresses_evaluate(void **state)
{
	struct script_size sz = {.bytes = 100, .pages = 2};
	struct script_addr below = {.base = SCRIPT_BASE_ARENA, .bytes = (uint64_t)-1};
	struct script_addr past = {.base = SCRIPT_BASE_ARENA, .pages = 256};
	struct script_addr var = {.base = SCRIPT_BASE_VAR, .bytes = 3, .pages = 1};
	uint64_t v;

	(void)state;
	assert_int_equal(script_size_eval(&sz, 0x10000, &v), 0);
	assert_int_equal(v, 0x20064);
	sz.pages = UINT64_MAX / 2;
	assert_int_equal(script_size_eval(&sz, 0x10000, &v), -ERANGE);
	assert_int_equal(script_addr_eval(&below, 0, 0x600000000, 0x10000), 0x5ffffffff);
	assert_int_equal(script_addr_eval(&past, 0, 0x600000000, 0x10000), 0x601000000);
	assert_int_equal(script_addr_eval(&var, 0x600020000, 0x600000000, 0x10000), 0x600030003);
}

/* A small deterministic generator (xorshift), so failures reproduce. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_script_survives_malformed_input(void **state)
{
	static const char seed[] = "memory 4\nfile d.bin 1p+5\nprocess A\n  map n swap\n"
	                           "  write n \"d.bin\"\n  map f file n 0\n  read f 'A'*2\n"
	                           "  fork c\n    expect kill\n    write arena+256p 1\n  end\n"
	                           "  expect map-null\n  map g file n+9 3\n  yield\nend\n";
	static const char alphabet[] = " \t\n#\"'\\*+-0123456789abcdefpx'\"\0end fork map";
	char buf[sizeof(seed) + 64];

	(void)state;
	for (int i = 0; i < 20000; i++) {
		size_t len = sizeof(seed) - 1;
		struct script *s = NULL;
		char err[256];
		int ret;

		memcpy(buf, seed, len);
		for (int m = 0, nr = 1 + (int)(rng() % 6); m < nr && len; m++) {
			size_t at = rng() % len;

			switch (rng() % 3) {
			case 0: /* replace a byte */
				buf[at] =
				    rng() % 2 ? (char)rng() : alphabet[rng() % sizeof(alphabet)];
				break;
			case 1: /* cut the text short */
				len = at;
				break;
			default: /* duplicate a slice */
				if (len + 16 < sizeof(buf)) {
					memmove(buf + at + 16, buf + at, len - at);
					len += 16;
				}
				break;
			}
		}
		ret = script_parse("fuzz.pgd", buf, len, &s, err, sizeof(err));
		assert_true(ret == 0 || ret == -EINVAL);
		if (ret)
			assert_int_equal(strncmp(err, "fuzz.pgd:", 9), 0);
		else
			assert_non_null(s);
		script_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_script_parses_header_and_steps),
	    cmocka_unit_test(test_script_errors_name_file_line_and_problem),
	    cmocka_unit_test(test_script_rejects_nul_bytes),
	    cmocka_unit_test(test_script_expect_needs_a_fitting_step),
	    cmocka_unit_test(test_script_variables_follow_the_process),
	    cmocka_unit_test(test_script_sizes_and_addresses_evaluate),
	    cmocka_unit_test(test_script_survives_malformed_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
