/* SPDX-License-Identifier: MIT */
/*
 * Event-log line shapes (logshape.h): every line of semantics.md section 3
 * passes, '#' lines pass, and anything else is named: a line the format
 * does not have, a format line with a stray prefix or suffix, a line cut
 * short.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logshape.h"

static const char section3[] = "Pager started with 4 physical memory pages\n"
                               "vm_create\t(4242, 4250)\n"
                               "vm_create returned 0\n"
                               "vm_create returned -1\n"
                               "vm_switch\t(4250)\n"
                               "\t\t\t\t\treturning to (4250) with r|w pages:\n"
                               "vm_map\t\t(0x0, 0)\n"
                               "vm_map returned 0x600000000\n"
                               "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
                               "\t\t\t\t\trw\tvpage 0x60001\tppage 0x2\n"
                               "vm_fault\t(0x600070000, write)\n"
                               "vm_fault\t(0x600070000, read)\n"
                               "vm_fault returned -1\n"
                               "file_read\t(<swap>, 7)\n"
                               "file_read\t(papers.txt, 0)\n"
                               "open: No such file or directory\n"
                               "block out of range\n"
                               "file_write\t(<swap>, 7)\n"
                               "vm_destroy\n"
                               "# stats global: faults zero-fill=2\n"
                               "# file_write\t(papers.txt, 0)\n";

static void assert_foreign(const char *log, const char *want)
{
	char *got = logshape_foreign(log);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_logshape_section3_passes(void **state)
{
	(void)state;
	assert_null(logshape_foreign(section3));
	assert_null(logshape_foreign(""));
}

static void test_logshape_other_lines_named(void **state)
{
	(void)state;
	assert_foreign("vm_destroy\nhello\nvm_destroy\n", "hello");
	assert_foreign("vm_destroy\n file_write\t(<swap>, 7)\n", " file_write\t(<swap>, 7)");
	assert_foreign("vm_switch\t(42) \n", "vm_switch\t(42) ");
	assert_foreign("vm_fault\t(0x6000A0000, read)\n", "vm_fault\t(0x6000A0000, read)");
	assert_foreign("vm_destroy\nvm_destroy", "vm_destroy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_logshape_section3_passes),
	    cmocka_unit_test(test_logshape_other_lines_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
