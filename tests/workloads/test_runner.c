/* SPDX-License-Identifier: MIT */
/*
 * pgd-run as a user sees it: statistics lines and JSON whose numbers were
 * worked out by hand (workloads/stats-by-hand.pgd) and the same JSON from a
 * daemon run (real pids renumbered), failed expectations and
 * unexpected kills named by file and line with exit status 1 (in-process and
 * under a daemon), script errors with status 2, and data written to a file
 * page reaching the file (--files-dir keeps it) after shutdown, and a
 * trace that does not fit its replay stopped at the line where it diverges.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "wlrun.h"

struct rt {
	char dir[PATH_MAX];
	char out[PATH_MAX + 8], err[PATH_MAX + 8], script[PATH_MAX + 16];
};

static int rt_setup(void **state)
{
	struct rt *t = calloc(1, sizeof(*t));

	if (!t || !wlrun_mkdtemp(t->dir, sizeof(t->dir)))
		return -1;
	snprintf(t->out, sizeof(t->out), "%s/out", t->dir);
	snprintf(t->err, sizeof(t->err), "%s/err", t->dir);
	snprintf(t->script, sizeof(t->script), "%s/x.pgd", t->dir);
	*state = t;
	return 0;
}

static int rt_teardown(void **state)
{
	struct rt *t = *state;

	wlrun_rmtree(t->dir);
	free(t);
	return 0;
}

/* pgd-run ARGS... (NULL-terminated); its status. */
static int rt_run(struct rt *t, ...)
{
	char *argv[12] = {PGD_RUN};
	int n = 1;
	va_list ap;

	va_start(ap, t);
	for (char *a; n < 11 && (a = va_arg(ap, char *));)
		argv[n++] = a;
	va_end(ap);
	return wlrun(argv, t->out, t->err);
}

/* File path's text contains want. */
static void assert_file_has(const char *path, const char *want)
{
	char *text = wlrun_read(path);

	assert_non_null(text);
	if (!strstr(text, want))
		fprintf(stderr, "%s:\n%s\n--- does not contain:\n%s\n", path, text, want);
	assert_non_null(strstr(text, want));
	free(text);
}

static void test_runner_statistics_match_hand_counts(void **state)
{
	struct rt *t = *state;
	char json[PATH_MAX + 16];

	snprintf(json, sizeof(json), "%s/stats.json", t->dir);
	assert_int_equal(rt_run(t, "--in-process", "--stats-json", json,
	                        WORKLOADS_DIR "/stats-by-hand.pgd", NULL),
	                 0);
	/* The derivations are the comments of workloads/stats-by-hand.pgd. */
	assert_file_has(t->out,
	                "# stats pid 1001: faults zero-fill=2 swap-in=1 file-in=2 cow-copy=0 "
	                "permission=1 failed=1 evictions clean=1 dirty=2 swap reads=1 writes=2 "
	                "file reads=2 writes=0 pages mapped=3 blocks reserved=2 frames resident=2\n"
	                "# stats pid 1002: faults zero-fill=1 swap-in=0 file-in=0 cow-copy=1 "
	                "permission=0 failed=0 evictions clean=1 dirty=0 swap reads=0 writes=0 "
	                "file reads=0 writes=0 pages mapped=2 blocks reserved=1 frames resident=1\n"
	                "# stats pid 1003: faults zero-fill=0 swap-in=0 file-in=0 cow-copy=0 "
	                "permission=1 failed=0 evictions clean=0 dirty=0 swap reads=0 writes=0 "
	                "file reads=0 writes=0 pages mapped=2 blocks reserved=1 frames resident=1\n"
	                "# stats global: faults zero-fill=3 swap-in=1 file-in=2 cow-copy=1 "
	                "permission=2 failed=1 evictions clean=2 dirty=2 swap reads=1 writes=2 "
	                "file reads=2 writes=0 pages mapped=0 blocks reserved=0 frames resident=0 "
	                "ghost=0 free=2\n");
	assert_file_has(json, "{\"processes\":[{\"pid\":1001,\"faults_zero_fill\":2,"
	                      "\"faults_swap_in\":1,\"faults_file_in\":2,\"faults_cow_copy\":0,"
	                      "\"faults_permission\":1,\"faults_failed\":1,\"evictions_clean\":1,"
	                      "\"evictions_dirty\":2,\"swap_reads\":1,\"swap_writes\":2,"
	                      "\"file_reads\":2,\"file_writes\":0,\"pages_mapped\":3,"
	                      "\"blocks_reserved\":2,\"frames_resident\":2},{\"pid\":1002,");
	assert_file_has(json, "],\"global\":{\"pid\":0,\"faults_zero_fill\":3,");
	assert_file_has(json, "\"frames_resident\":0,\"frames_ghost\":0,\"frames_free\":2}}\n");
}

/* The JSON text with its process pids renumbered 1001, 1002, ... in order
 * of appearance, as an in-process run numbers them (malloc'd). */
static char *rt_renumber_pids(const char *json)
{
	static const char key[] = "\"pid\":";
	/* A pid below 1000 grows when renumbered: "pid":7 (7 bytes) becomes
	 * "pid":1001 (10); twice the length is room for any of them. */
	char *out = malloc(2 * strlen(json) + 1), *o = out;
	long next = 1001;

	assert_non_null(out);
	for (const char *p = json; *p;) {
		char *end;
		long pid;

		if (strncmp(p, key, strlen(key))) {
			*o++ = *p++;
			continue;
		}
		p += strlen(key);
		pid = strtol(p, &end, 10);
		assert_true(end > p);
		o += sprintf(o, "%s%ld", key, pid ? next++ : 0);
		p = end;
	}
	*o = 0;
	return out;
}

/* A daemon run writes the JSON an in-process run does, whether its log goes
 * to standard output (copied there unchanged) or to --log. */
static void test_runner_statistics_json_same_under_daemon(void **state)
{
	struct rt *t = *state;
	char json[PATH_MAX + 16], log[PATH_MAX + 16];
	char *inproc, *daemon, *renumbered, *out;

	snprintf(json, sizeof(json), "%s/stats.json", t->dir);
	snprintf(log, sizeof(log), "%s/log", t->dir);
	assert_int_equal(rt_run(t, "--in-process", "--stats-json", json,
	                        WORKLOADS_DIR "/stats-by-hand.pgd", NULL),
	                 0);
	inproc = wlrun_read(json);
	assert_non_null(inproc);
	for (int to_log = 0; to_log < 2; to_log++) {
		assert_true(remove(json) == 0);
		assert_int_equal(to_log ? rt_run(t, "--log", log, "--stats-json", json,
		                                 WORKLOADS_DIR "/stats-by-hand.pgd", NULL)
		                        : rt_run(t, "--stats-json", json,
		                                 WORKLOADS_DIR "/stats-by-hand.pgd", NULL),
		                 0);
		daemon = wlrun_read(json);
		assert_non_null(daemon);
		/* Real pids: none of them is the in-process 1001. */
		assert_null(strstr(daemon, "\"pid\":1001,"));
		renumbered = rt_renumber_pids(daemon);
		assert_true(wlrun_same("daemon run's --stats-json", inproc, renumbered));
		out = wlrun_read(to_log ? log : t->out);
		assert_non_null(out);
		assert_non_null(strstr(out, "vm_create\t"));
		assert_non_null(strstr(out, "# stats global: faults zero-fill=3 "));
		free(out);
		free(renumbered);
		free(daemon);
	}
	free(inproc);
	assert_int_equal(rt_run(t, "--socket", log, "--stats-json", json,
	                        WORKLOADS_DIR "/stats-by-hand.pgd", NULL),
	                 2);
	assert_file_has(t->err, "--stats-json needs a run's own pagerd, not --socket");
}

/* The lines of text that start with '#' (malloc). */
static char *rt_hash_lines(const char *text)
{
	char *out = calloc(strlen(text) + 1, 1), *o = out;

	assert_non_null(out);
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) + 1 : strlen(l);

		if (*l == '#')
			o = (char *)memcpy(o, l, n) + n;
		l += n;
	}
	return out;
}

/* --stats-only: the log is the full log's '#' lines (the statistics and
 * the shutdown write-back of file-shared.pgd among them), in process and
 * under a daemon, whose --stats-json still comes from it. */
static void test_runner_stats_only_keeps_the_hash_lines(void **state)
{
	struct rt *t = *state;
	char json[PATH_MAX + 16], log[PATH_MAX + 16];
	char *full, *want, *got, *inproc, *daemon, *renumbered;

	snprintf(json, sizeof(json), "%s/stats.json", t->dir);
	snprintf(log, sizeof(log), "%s/log", t->dir);
	assert_int_equal(rt_run(t, "--in-process", "--stats-json", json,
	                        WORKLOADS_DIR "/file-shared.pgd", NULL),
	                 0);
	full = wlrun_read(t->out);
	inproc = wlrun_read(json);
	assert_non_null(full);
	assert_non_null(inproc);
	want = rt_hash_lines(full);
	assert_non_null(strstr(want, "# file_write\t(shared.txt, 0)\n"));
	assert_int_equal(rt_run(t, "--in-process", "--stats-only", WORKLOADS_DIR "/file-shared.pgd",
	                        NULL),
	                 0);
	got = wlrun_read(t->out);
	assert_non_null(got);
	assert_true(wlrun_same("--stats-only log", want, got));
	free(got);
	assert_int_equal(rt_run(t, "--stats-only", "--log", log, "--stats-json", json,
	                        WORKLOADS_DIR "/file-shared.pgd", NULL),
	                 0);
	got = wlrun_read(log);
	assert_non_null(got);
	assert_non_null(strstr(got, "# stats global: "));
	for (const char *l = got; *l; l = strchr(l, '\n') + 1)
		assert_int_equal(*l, '#');
	daemon = wlrun_read(json);
	assert_non_null(daemon);
	renumbered = rt_renumber_pids(daemon);
	assert_true(wlrun_same("--stats-only daemon run's --stats-json", inproc, renumbered));
	assert_int_equal(rt_run(t, "--socket", log, "--stats-only", WORKLOADS_DIR "/demo.pgd",
	                        NULL),
	                 2);
	assert_file_has(t->err, "--stats-only needs a run's own pagerd, not --socket");
	free(renumbered);
	free(daemon);
	free(got);
	free(want);
	free(inproc);
	free(full);
}

static const char failing[] = "process\n"
                              "  map b swap\n"
                              "  write b 7\n"
                              "  read b 8\n"
                              "  yield\n"
                              "end\n"
                              "process\n"
                              "  map b swap\n"
                              "  write arena-1 1\n"
                              "end\n";

static void test_runner_failures_name_line_in_process(void **state)
{
	struct rt *t = *state;

	assert_true(wlrun_write(t->script, failing));
	assert_int_equal(rt_run(t, "--in-process", t->script, NULL), 1);
	assert_file_has(t->err,
	                "x.pgd:4: p1 (pid 1001): read 0x07 at 0x600000000, expected 0x08\n");
	assert_file_has(t->err, "x.pgd:9: p2 (pid 1002): killed by a fault at 0x5ffffffff\n");
	/* A failed expectation ends the process: no yield, it exits. */
	assert_file_has(t->out, "vm_fault returned 0\n"
	                        "\t\t\t\t\treturning to (1001) with r|w pages:\n"
	                        "\t\t\t\t\trw\tvpage 0x60000\tppage 0x1\n"
	                        "vm_destroy\nvm_switch\t(1002)\n");
}

static void test_runner_failures_name_line_under_daemon(void **state)
{
	struct rt *t = *state;

	assert_true(wlrun_write(t->script, failing));
	assert_int_equal(rt_run(t, t->script, NULL), 1);
	assert_file_has(t->err, "x.pgd:4: p1 (pid ");
	assert_file_has(t->err, "): read 0x07 at 0x600000000, expected 0x08\n");
	/* The real process died of SIGSEGV on line 9, unexpectedly. */
	assert_file_has(t->err, "x.pgd:9: p2 (pid ");
	assert_file_has(t->err, "): killed by signal 11");
}

static void test_runner_script_errors_exit_2(void **state)
{
	struct rt *t = *state;

	assert_true(wlrun_write(t->script, "process\n  map b swap\n  read c\nend\n"));
	assert_int_equal(rt_run(t, "--in-process", t->script, NULL), 2);
	assert_file_has(t->err, "x.pgd:3: no page variable 'c'\n");
	assert_int_equal(rt_run(t, t->script, NULL), 2);
	assert_file_has(t->err, "x.pgd:3: no page variable 'c'\n");
	assert_int_equal(rt_run(t, "--bogus", t->script, NULL), 2);
}

static void test_runner_file_writes_reach_the_file(void **state)
{
	struct rt *t = *state;
	char files[PATH_MAX + 8], data[PATH_MAX + 16];

	snprintf(files, sizeof(files), "%s/files", t->dir);
	snprintf(data, sizeof(data), "%s/d.txt", files);
	assert_int_equal(mkdir(files, 0700), 0);
	assert_true(wlrun_write(t->script, "file d.txt 1p+3\n"
	                                   "process\n"
	                                   "  map n swap\n"
	                                   "  write n \"d.txt\"\n"
	                                   "  map f file n 0\n"
	                                   "  write f \"hi\"\n"
	                                   "end\n"));
	for (int daemon = 0; daemon < 2; daemon++) {
		char *text;

		assert_int_equal(rt_run(t, daemon ? "--check" : "--in-process", "--files-dir",
		                        files, t->script, NULL),
		                 0);
		assert_file_has(t->out, "# shutdown: writing back dirty file-backed pages\n"
		                        "# file_write\t(d.txt, 0)\n");
		text = wlrun_read(data);
		assert_non_null(text);
		assert_memory_equal(text, "hi\0AAAA", 7);
		assert_int_equal(strlen(text + 3), 0x10000 - 3 + 3); /* 'A's, then block 1's 'B's */
		free(text);
	}
}

static void test_runner_replay_stops_where_the_trace_diverges(void **state)
{
	struct rt *t = *state;

	/* Process 6 attached second: it is not the one running. */
	assert_true(wlrun_write(t->script, "pgd-trace 1\n"
	                                   "geometry 65536 0x600000000 256 4 256\n"
	                                   "attach 5\n"
	                                   "attach 6\n"
	                                   "5 map 0x0 0\n"
	                                   "6 map 0x0 0\n"));
	assert_int_equal(rt_run(t, "--replay", t->script, NULL), 1);
	assert_file_has(t->err, "x.pgd:6: process 6 is not the one running: the replay diverged\n");
	assert_file_has(t->out, "vm_map\t\t(0x0, 0)\nvm_map returned 0x600000000\n");
	assert_true(wlrun_write(t->script, "process\n  yield\nend\n"));
	assert_int_equal(rt_run(t, "--replay", t->script, NULL), 1);
	assert_file_has(t->err, "x.pgd:1: not a trace (no 'pgd-trace 1' line)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_runner_statistics_match_hand_counts, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_statistics_json_same_under_daemon, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_stats_only_keeps_the_hash_lines, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_failures_name_line_in_process, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_failures_name_line_under_daemon, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_script_errors_exit_2, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_file_writes_reach_the_file, rt_setup,
	                                    rt_teardown),
	    cmocka_unit_test_setup_teardown(test_runner_replay_stops_where_the_trace_diverges,
	                                    rt_setup, rt_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
