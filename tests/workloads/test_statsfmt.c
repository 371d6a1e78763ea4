/* SPDX-License-Identifier: MIT */
/*
 * daemon/statsfmt: the exact '#' line and JSON of docs/workloads.md section
 * 4 for known values, process records without the global-only gauges, the
 * largest values fitting STATSFMT_MAX, -ENOSPC for a short buffer, and
 * parsing as the exact inverse of the '#' line (malformed lines rejected).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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

/* Every field of the table, alone and with the largest value, comes back
 * from its line; a process line gives 0 for the global-only gauges. */
static void test_statsfmt_parse_round_trips_every_field(void **state)
{
	char buf[STATSFMT_MAX];
	static const pid_t pids[] = {0, 1, 1001, INT32_MAX};
	struct pgd_stats in, out;
	pid_t pid;

	(void)state;
	for (size_t p = 0; p < sizeof(pids) / sizeof(pids[0]); p++) {
		for (size_t i = 0; i < statsfmt_nr_fields; i++) {
			const struct statsfmt_field *f = &statsfmt_fields[i];
			const uint64_t v = i % 2 ? UINT64_MAX : i + 1;

			memset(&in, 0, sizeof(in));
			memcpy((char *)&in + f->offset, &v, sizeof(v));
			assert_true(statsfmt_line(buf, sizeof(buf), pids[p], &in) > 0);
			memset(&out, 0xa5, sizeof(out));
			pid = -1;
			assert_int_equal(statsfmt_parse(buf, &pid, &out), 0);
			assert_int_equal(pid, pids[p]);
			assert_int_equal(statsfmt_get(&out, f), pids[p] && f->global_only ? 0 : v);
			for (size_t j = 0; j < statsfmt_nr_fields; j++)
				if (j != i)
					assert_int_equal(statsfmt_get(&out, &statsfmt_fields[j]),
					                 0);
		}
	}
	assert_true(statsfmt_line(buf, sizeof(buf), 0, &known) > 0);
	assert_int_equal(statsfmt_parse(buf, &pid, &out), 0);
	assert_memory_equal(&out, &known, sizeof(known));
}

static void test_statsfmt_parse_rejects_malformed_lines(void **state)
{
	static const char proc[] = "stats pid 7: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 "
	                           "permission=5 failed=6 evictions clean=7 dirty=8 swap reads=9 "
	                           "writes=10 file reads=11 writes=12 pages mapped=13 blocks "
	                           "reserved=14 frames resident=15";
	static const char *const bad[] = {
	    "",
	    "stats",
	    "stats global:",
	    "stats pid 7:",
	    "# stats pid 7: faults zero-fill=1",
	    "stats pid 0: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid -7: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 07: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 4294967303: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 "
	    "failed=6 evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 "
	    "pages mapped=13 blocks reserved=14 frames resident=15",
	    /* A value too large, with a sign, with a leading zero, missing. */
	    "stats pid 7: faults zero-fill=18446744073709551616 swap-in=2 file-in=3 cow-copy=4 "
	    "permission=5 failed=6 evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 "
	    "writes=12 pages mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 7: faults zero-fill=+1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 7: faults zero-fill=01 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 7: faults zero-fill= swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    /* Fields swapped, a group word missing, a doubled space. */
	    "stats pid 7: faults swap-in=2 zero-fill=1 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    "stats pid 7: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages mapped=13 "
	    "blocks reserved=14 frames resident=15",
	    "stats pid 7: faults  zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	    /* Global-only gauges on a process line; missing from the global one. */
	    "stats pid 7: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15 ghost=16 free=17",
	    "stats global: faults zero-fill=1 swap-in=2 file-in=3 cow-copy=4 permission=5 failed=6 "
	    "evictions clean=7 dirty=8 swap reads=9 writes=10 file reads=11 writes=12 pages "
	    "mapped=13 blocks reserved=14 frames resident=15",
	};
	char buf[sizeof(proc) + 2];
	struct pgd_stats out;
	pid_t pid = 0;

	(void)state;
	/* The well-formed line the variants below break. */
	assert_int_equal(statsfmt_parse(proc, &pid, &out), 0);
	assert_int_equal(pid, 7);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pid = 99;
		if (statsfmt_parse(bad[i], &pid, &out) != -EINVAL)
			fail_msg("accepted: \"%s\"", bad[i]);
		assert_int_equal(pid, 99);
	}
	/* Trailing text, a newline included. */
	snprintf(buf, sizeof(buf), "%s\n", proc);
	assert_int_equal(statsfmt_parse(buf, &pid, &out), -EINVAL);
	snprintf(buf, sizeof(buf), "%s ", proc);
	assert_int_equal(statsfmt_parse(buf, &pid, &out), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statsfmt_global_line),
	    cmocka_unit_test(test_statsfmt_process_line_leaves_out_global_gauges),
	    cmocka_unit_test(test_statsfmt_json),
	    cmocka_unit_test(test_statsfmt_largest_values_fit_and_short_buffers_fail),
	    cmocka_unit_test(test_statsfmt_parse_round_trips_every_field),
	    cmocka_unit_test(test_statsfmt_parse_rejects_malformed_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
