/* SPDX-License-Identifier: MIT */
/*
 * daemon/statsfmt: the exact '#' line and JSON of docs/workloads.md section
 * 4 for known values, process records without the global-only gauges, the
 * largest values fitting STATSFMT_MAX, and -ENOSPC for a short buffer.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "statsfmt.h"

static const struct pgd_stats known = {
    .faults_zero_fill = 1,
    .faults_swap_in = 2,
    .faults_file_in = 3,
    .faults_cow_copy = 4,
    .faults_permission = 5,
    .faults_failed = 6,
    .evictions_clean = 7,
    .evictions_dirty = 8,
    .swap_reads = 9,
    .swap_writes = 10,
    .file_reads = 11,
    .file_writes = 12,
    .pages_mapped = 13,
    .blocks_reserved = 14,
    .frames_resident = 15,
    .frames_ghost = 16,
    .frames_free = 17,
};

static void test_statsfmt_global_line(void **state)
{
	char buf[STATSFMT_MAX];
	int n = statsfmt_line(buf, sizeof(buf), 0, &known);

	(void)state;
	assert_string_equal(buf, "stats global: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 "
	                         "permission=5 failed=6 evictions clean=7 dirty=8 swap reads=9 "
	                         "writes=10 file reads=11 writes=12 pages mapped=13 blocks "
	                         "reserved=14 frames resident=15 ghost=16 free=17");
	assert_int_equal(n, (int)strlen(buf));
}

static void test_statsfmt_process_line_leaves_out_global_gauges(void **state)
{
	char buf[STATSFMT_MAX];

	(void)state;
	assert_true(statsfmt_line(buf, sizeof(buf), 1001, &known) > 0);
	assert_string_equal(buf, "stats pid 1001: faults zero-fill=1 swap-in=2 file-in=3 "
	                         "cow-copy=4 permission=5 failed=6 evictions clean=7 dirty=8 swap "
	                         "reads=9 writes=10 file reads=11 writes=12 pages mapped=13 blocks "
	                         "reserved=14 frames resident=15");
}

static void test_statsfmt_json(void **state)
{
	char buf[STATSFMT_MAX];

	(void)state;
	assert_true(statsfmt_json(buf, sizeof(buf), 0, &known) > 0);
	assert_string_equal(buf,
	                    "{\"pid\":0,\"faults_zero_fill\":1,\"faults_swap_in\":2,"
	                    "\"faults_file_in\":3,\"faults_cow_copy\":4,\"faults_permission\":5,"
	                    "\"faults_failed\":6,\"evictions_clean\":7,\"evictions_dirty\":8,"
	                    "\"swap_reads\":9,\"swap_writes\":10,\"file_reads\":11,"
	                    "\"file_writes\":12,\"pages_mapped\":13,\"blocks_reserved\":14,"
	                    "\"frames_resident\":15,\"frames_ghost\":16,\"frames_free\":17}");
	assert_true(statsfmt_json(buf, sizeof(buf), 42, &known) > 0);
	assert_non_null(strstr(buf, "{\"pid\":42,"));
	assert_null(strstr(buf, "frames_ghost"));
	assert_null(strstr(buf, "frames_free"));
}

static void test_statsfmt_largest_values_fit_and_short_buffers_fail(void **state)
{
	struct pgd_stats big;
	char buf[STATSFMT_MAX];

	(void)state;
	memset(&big, 0xff, sizeof(big));
	assert_true(statsfmt_line(buf, sizeof(buf), 0, &big) > 0);
	assert_non_null(strstr(buf, "free=18446744073709551615"));
	assert_true(statsfmt_json(buf, sizeof(buf), INT32_MAX, &big) > 0);
	assert_int_equal(statsfmt_line(buf, 40, 0, &known), -ENOSPC);
	assert_int_equal(statsfmt_json(buf, 40, 0, &known), -ENOSPC);
	assert_int_equal(statsfmt_line(buf, 0, 0, &known), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statsfmt_global_line),
	    cmocka_unit_test(test_statsfmt_process_line_leaves_out_global_gauges),
	    cmocka_unit_test(test_statsfmt_json),
	    cmocka_unit_test(test_statsfmt_largest_values_fit_and_short_buffers_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
