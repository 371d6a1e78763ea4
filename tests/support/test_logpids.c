/* SPDX-License-Identifier: MIT */
/*
 * Pid normalization (logpids.h), as the log-comparing tests rely on it: two
 * logs that differ in anything but their pids must stay different (block
 * numbers, addresses, frame numbers, even a number that equals a pid), and
 * pids are renumbered in order of first appearance wherever they stand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logpids.h"

/* A run of two processes; block is that of the second vm_map. */
#define RUN(block)                                                                                 \
	"Pager started with 4 physical memory pages\n"                                             \
	"vm_create\t(4242, 4250)\n"                                                                \
	"vm_create returned 0\n"                                                                   \
	"\t\t\t\t\treturning to (4242) with r|w pages:\n"                                          \
	"vm_switch\t(4250)\n"                                                                      \
	"\t\t\t\t\treturning to (4250) with r|w pages:\n"                                          \
	"vm_map\t\t(0x0, 0)\n"                                                                     \
	"vm_map returned 0x600000000\n"                                                            \
	"\t\t\t\t\treturning to (4250) with r|w pages:\n"                                          \
	"\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"                                                  \
	"vm_map\t\t(0x600000000, " block ")\n"                                                     \
	"vm_map returned 0x600010000\n"                                                            \
	"\t\t\t\t\treturning to (4250) with r|w pages:\n"                                          \
	"\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"

/* Logs that differ only in a block number normalize to different text, and
 * each keeps its own. */
static void test_logpids_block_numbers_kept(void **state)
{
	char *a = logpids_normalize(RUN("3")), *b = logpids_normalize(RUN("2"));

	(void)state;
	assert_string_not_equal(a, b);
	assert_non_null(strstr(a, "vm_map\t\t(0x600000000, 3)\n"));
	assert_non_null(strstr(b, "vm_map\t\t(0x600000000, 2)\n"));
	free(a);
	free(b);
}

/* Pids become 1000, 1001, ... in order of first appearance, in every pid
 * line; nothing else changes. */
static void test_logpids_pids_in_order_of_appearance(void **state)
{
	char *norm = logpids_normalize(RUN("1") "vm_create\t(4250, 17)\n"
	                                        "vm_create returned 0\n"
	                                        "\t\t\t\t\treturning to (4250) with r|w pages:\n"
	                                        "vm_switch\t(17)\n"
	                                        "vm_destroy\n"
	                                        "vm_switch\t(4242)\n");

	(void)state;
	assert_string_equal(norm, "Pager started with 4 physical memory pages\n"
	                          "vm_create\t(1000, 1001)\n"
	                          "vm_create returned 0\n"
	                          "\t\t\t\t\treturning to (1000) with r|w pages:\n"
	                          "vm_switch\t(1001)\n"
	                          "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                          "vm_map\t\t(0x0, 0)\n"
	                          "vm_map returned 0x600000000\n"
	                          "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                          "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
	                          "vm_map\t\t(0x600000000, 1)\n"
	                          "vm_map returned 0x600010000\n"
	                          "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                          "\t\t\t\t\tr\tvpage 0x60000\tppage 0x0\n"
	                          "vm_create\t(1001, 1002)\n"
	                          "vm_create returned 0\n"
	                          "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                          "vm_switch\t(1002)\n"
	                          "vm_destroy\n"
	                          "vm_switch\t(1000)\n");
	free(norm);
}

/* Lines with numbers that are no pids (12 and 13 are pids below). */
#define OTHERS                                                                                     \
	"vm_fault\t(0x600000000, write)\n"                                                         \
	"file_read\t(<swap>, 12)\n"                                                                \
	"file_write\t(data12.bin, 13)\n"                                                           \
	"vm_map\t\t(0x600000012, 13)\n"                                                            \
	"vm_map returned 0x0\n"                                                                    \
	"\t\t\t\t\trw\tvpage 0x60012\tppage 0x13\n"

/* A number that equals a pid is a pid only in a pid line. */
static void test_logpids_other_lines_unchanged(void **state)
{
	char *norm = logpids_normalize("vm_create\t(12, 13)\n" OTHERS
	                               "\t\t\t\t\treturning to (13) with r|w pages:\n");

	(void)state;
	assert_string_equal(norm, "vm_create\t(1000, 1001)\n" OTHERS
	                          "\t\t\t\t\treturning to (1001) with r|w pages:\n");
	free(norm);
}

/* '#' lines are dropped; a last line without a newline is kept as it is. */
static void test_logpids_comments_dropped(void **state)
{
	char *norm = logpids_normalize("# stats pid 5: faults\nvm_switch\t(5)\n# shutdown\n"
	                               "vm_destroy");

	(void)state;
	assert_string_equal(norm, "vm_switch\t(1000)\nvm_destroy");
	free(norm);
}

/* The statistics lines, numbered as the pid lines number their pids; a pid
 * no pid line named is shown negated, so that it cannot match. */
static void test_logpids_stats_lines(void **state)
{
	char *stats = logpids_stats("vm_create\t(4242, 4250)\n"
	                            "vm_switch\t(4250)\n"
	                            "vm_create\t(4250, 4251)\n"
	                            "# stats pid 4251: faults zero-fill=1\n"
	                            "# stats pid 4250: faults zero-fill=2\n"
	                            "# stats pid 99: faults zero-fill=0\n"
	                            "# shutdown: writing back\n"
	                            "# stats global: faults zero-fill=3\n");

	(void)state;
	assert_string_equal(stats, "stats pid 1002: faults zero-fill=1\n"
	                           "stats pid 1001: faults zero-fill=2\n"
	                           "stats pid -99: faults zero-fill=0\n"
	                           "stats global: faults zero-fill=3\n");
	free(stats);
}

/* The pid form (--log-format pid) names the pid on vm_map, vm_fault and
 * vm_destroy too: renumbered there, while the args form's parentheses of
 * the same calls (an address, a block) stay as they are. Expected: 4242 is
 * the first pid seen (1000), 4250 the second (1001). */
static void test_logpids_pid_form(void **state)
{
	char *got = logpids_normalize("vm_create\t(4242, 4250)\n"
	                              "vm_map\t\t(4250)\t0x0\t0\n"
	                              "vm_fault\t(4250)\t0x600000000\twrite\n"
	                              "vm_map\t\t(0x0, 4250)\n"
	                              "vm_fault\t(0x600000000, 1)\n"
	                              "vm_destroy\t(4250)\n");

	(void)state;
	assert_string_equal(got, "vm_create\t(1000, 1001)\n"
	                         "vm_map\t\t(1001)\t0x0\t0\n"
	                         "vm_fault\t(1001)\t0x600000000\twrite\n"
	                         "vm_map\t\t(0x0, 4250)\n"
	                         "vm_fault\t(0x600000000, 1)\n"
	                         "vm_destroy\t(1001)\n");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_logpids_block_numbers_kept),
	    cmocka_unit_test(test_logpids_pids_in_order_of_appearance),
	    cmocka_unit_test(test_logpids_other_lines_unchanged),
	    cmocka_unit_test(test_logpids_comments_dropped),
	    cmocka_unit_test(test_logpids_stats_lines),
	    cmocka_unit_test(test_logpids_pid_form),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
