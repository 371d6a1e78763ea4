/* SPDX-License-Identifier: MIT */
/*
 * The command lines of the policy lab as a user meets them:
 * test_lab_cli PGD_LAB PAGERD PGD_RUN. pgd-lab's output on the textbook
 * cases in each format, and its errors; --policy in pagerd and pgd-run.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wlrun.h"

static const char *pgd_lab, *pagerd, *pgd_run;
static char dir[PATH_MAX], belady[PATH_MAX + 16], textbook[PATH_MAX + 16];

/* Run argv (prog first, NULL-terminated); assert its status, and that its
 * standard output contains out and its standard error err (NULL: any). */
static void check(int status, const char *out, const char *err, char *const argv[])
{
	char out_path[PATH_MAX + 16], err_path[PATH_MAX + 16];
	char *o, *e;
	int got;

	snprintf(out_path, sizeof(out_path), "%s/out", dir);
	snprintf(err_path, sizeof(err_path), "%s/err", dir);
	got = wlrun(argv, out_path, err_path);
	o = wlrun_read(out_path);
	e = wlrun_read(err_path);
	assert_non_null(o);
	assert_non_null(e);
	if (got != status || (out && !strstr(o, out)) || (err && !strstr(e, err)))
		fail_msg("%s %s: status %d (want %d)\nstdout:\n%s\nstderr:\n%s\nwanted '%s' / '%s'",
			 argv[0], argv[1], got, status, o, e, out ? out : "", err ? err : "");
	free(o);
	free(e);
}

#define RUN(status, out, err, ...)                                                                 \
	do {                                                                                       \
		char *const argv[] = {__VA_ARGS__, NULL};                                          \
		check(status, out, err, argv);                                                     \
	} while (0)

static void write_file(char *path, size_t len, const char *name, const char *text)
{
	FILE *f;

	snprintf(path, len, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* refs, one a line */
static void write_lines(char *path, size_t len, const char *name, const char *refs)
{
	char text[256];

	snprintf(text, sizeof(text), "%s\n", refs);
	for (char *c = text; *c; c++)
		*c = *c == ' ' ? '\n' : *c;
	write_file(path, len, name, text);
}

static void test_lab_output(void **state)
{
	char *lab = (char *)pgd_lab;

	(void)state;
	/* 12 references, 9 faults (3 frames to fill, 6 evictions, all clean) */
	RUN(0, "fifo,3,12,9,3,0,6,0,0.750000\n", NULL, lab, "sim", "--policy", "fifo", "--frames",
	    "3", "--csv", belady);
	RUN(0, "\"faults\": 10", NULL, lab, "sim", "--policy", "fifo", "--frames", "4", "--json",
	    belady);
	RUN(0, "policy  frames  refs  faults", NULL, lab, "sim", "--policy", "clock", "--frames",
	    "3", belady);
	/* LRU 12/20, OPT 9/20, FIFO 15/20 */
	RUN(0, "frames,lru,opt,fifo\n3,0.600000,0.450000,0.750000\n", NULL, lab, "mrc",
	    "--policies", "lru,opt,fifo", "--frames", "3..3", "--csv", textbook);
	/* more frames than the 5 pages: only the first references miss */
	RUN(0, "fifo,1000000000,12,5,7,0,0,0,0.416667\n", NULL, lab, "sim", "--policy", "fifo",
	    "--frames", "1000000000", "--csv", belady);
	RUN(0, "\n30,0.416667,0.416667\n", NULL, lab, "mrc", "--frames", "1..30", "--csv", belady);
	/* 1..2: with 1 frame every reference misses */
	RUN(0, "frames,lru,opt\n1,1.000000,1.000000\n2,", NULL, lab, "mrc", "--frames", "2",
	    "--csv", textbook);
}

static void test_lab_errors(void **state)
{
	char *lab = (char *)pgd_lab, bad[PATH_MAX + 32];
	FILE *f;

	(void)state;
	RUN(0, "Usage: pgd-lab sim", NULL, lab, "--help");
	RUN(0, "lru, opt, lfu, arc, 2q, lirs", NULL, lab, "sim", "--help");
	RUN(2, NULL, "'frob' is not a command (sim, mrc, convert, compare)", lab, "frob");
	RUN(2, NULL, "pgd-lab: --frames: 0 is out of range (1 to 1073741824 frames)", lab, "sim",
	    "--policy", "fifo", "--frames", "0", belady);
	RUN(2, NULL, "pgd-lab: --frames: 0 is out of range", lab, "mrc", "--frames", "0..4",
	    belady);
	RUN(2, NULL, "pgd-lab: --frames is needed", lab, "sim", "--policy", "fifo", belady);
	RUN(2, NULL,
	    "pgd-lab: --policy: 'belady' is not a policy (one of: fifo, clock, random, nru, aging, "
	    "wsclock, clock-pro, car, sieve, s3-fifo, lru, opt, lfu, arc, 2q, lirs)",
	    lab, "sim", "--policy", "belady", "--frames", "3", belady);
	RUN(2, NULL, "pgd-lab: --policies: 'x' is not a policy", lab, "mrc", "--policies",
	    "lru,x", "--frames", "3", belady);
	RUN(2, NULL, "pgd-lab: --format: 'zst' is not a format (text, csv, oracle, ostep, record, pgd)",
	    lab, "sim",
	    "--policy", "fifo", "--frames", "3", "--format", "zst", belady);
	RUN(1, NULL, "pgd-lab: /nonexistent/trace: No such file or directory", lab, "sim",
	    "--policy", "fifo", "--frames", "3", "/nonexistent/trace");
	snprintf(bad, sizeof(bad), "%s/bad.oracleGeneral", dir);
	f = fopen(bad, "w");
	assert_non_null(f);
	fputs("0123456789012345678901234567", f); /* 28 bytes: one record and 4 */
	fclose(f);
	RUN(1, NULL, "bad.oracleGeneral: offset 24: truncated oracleGeneral record (4 of 24 bytes)",
	    lab, "sim", "--policy", "fifo", "--frames", "3", bad);
	write_lines(bad, sizeof(bad), "bad.txt", "1 x 2");
	RUN(1, NULL, "bad.txt:2: not a page number: 'x'", lab, "sim", "--policy", "lru",
	    "--frames", "3", bad);
	RUN(2, NULL, "pgd-lab: one TRACE is needed", lab, "sim", "--policy", "lru", "--frames",
	    "3", bad, bad);
	/* convert --to pgd: a run's memory, a page size pagerd takes */
	RUN(2, NULL, "pgd-lab: convert --to pgd needs --frames N (the run's memory pages less "
	    "the pinned zero page)", lab, "convert", belady, "/tmp/x.pgd");
	RUN(2, NULL, "pgd-lab: --frames is for sim, mrc, compare and convert --to pgd only", lab,
	    "convert", "--frames", "3", belady, "x.txt");
	RUN(2, NULL, "pgd-lab: --page-size: a script's page size is a power of two from 4096 to "
	    "1073741824 bytes", lab, "convert", "--to", "pgd", "--frames", "3", "--page-size",
	    "6000", belady, "-");
	RUN(2, NULL, "pgd-lab: --frames: a script's memory holds at most 1073741823 frames", lab,
	    "convert", "--frames", "1073741824", belady, "x.pgd");
	RUN(1, NULL, "pgd-lab cannot read pgd files as traces", lab, "sim", "--policy", "lru",
	    "--frames", "3", "--format", "pgd", belady);
	RUN(0, "\tread arena+0p 1\n", NULL, lab, "convert", "--to", "pgd", "--frames", "3",
	    belady, "-");
}

/* compare on a workload script (*.pgd): what it refuses, and a run that
 * fails, named with the policy, the script and pgd-run's message. */
static void test_lab_compare_workload_errors(void **state)
{
	char *lab = (char *)pgd_lab, ok[PATH_MAX + 16], bad[PATH_MAX + 16];
	char want[3 * PATH_MAX];

	(void)state;
	write_file(ok, sizeof(ok), "ok.pgd", "memory 3\nprocess\n\tmap a swap\n\twrite a 1\nend\n");
	/* memory 3: 2 frames; one reference, a write: one zero-fill fault */
	RUN(0, "fifo,2,1,1,0,0,0,0,0,0,0,1.000000,1.0000\n", NULL, lab, "compare", "--policies",
	    "fifo", "--csv", ok);
	RUN(2, NULL,
	    "pgd-lab: --policies: lru is an offline policy: it cannot run a workload; to compare "
	    "it, record it (pgd-run --record F SCRIPT) and run pgd-lab compare --frames N F",
	    lab, "compare", "--policies", "clock,lru", ok);
	RUN(2, NULL, "pgd-lab: --frames: a workload runs with the memory of its script's 'memory' line",
	    lab, "compare", "--frames", "3", ok);
	RUN(2, NULL, "pgd-lab: --format and --page-size are for traces", lab, "compare", "--format",
	    "text", ok);
	RUN(2, NULL, "pgd-lab: --in-process is for compare on a workload script (*.pgd) only", lab,
	    "compare", "--in-process", "--frames", "3", textbook);
	RUN(2, NULL, "pgd-lab: --in-process is for compare on a workload only", lab, "sim",
	    "--in-process", "--policy", "fifo", "--frames", "3", textbook);
	RUN(1, NULL, "pgd-lab: /nonexistent/w.pgd: No such file or directory", lab, "compare",
	    "/nonexistent/w.pgd");
	write_file(bad, sizeof(bad), "syntax.pgd", "memory 4\nprocess\n\twrite b 1\nend\n");
	snprintf(want, sizeof(want), "pgd-lab: %s:3: no page variable 'b'", bad);
	RUN(1, NULL, want, lab, "compare", bad);
	/* a read that finds 1, not 2: pgd-run's status 1 under every policy run */
	write_file(bad, sizeof(bad), "fail.pgd",
		   "memory 4\nprocess\n\tmap a swap\n\twrite a 1\n\tread a 2\nend\n");
	snprintf(want, sizeof(want),
		 "pgd-lab: %s under fifo: an expectation of the script failed (pgd-run's exit "
		 "status 1); its standard error:\n%s:5: p1 (pid ",
		 bad, bad);
	RUN(1, NULL, want, lab, "compare", "--policies", "fifo", bad);
	RUN(1, NULL, "read 0x01 at 0x600000000, expected 0x02", lab, "compare", "--in-process",
	    "--policies", "sieve", bad);
}

static void test_policy_option(void **state)
{
	(void)state;
	RUN(0, "--policy=NAME", NULL, (char *)pagerd, "--help");
	RUN(2, NULL,
	    "pagerd: --policy: 'lru' is not a policy (one of: fifo, clock, random, nru, aging, "
	    "wsclock, clock-pro, car, sieve, s3-fifo)",
	    (char *)pagerd, "--policy", "lru");
	RUN(2, NULL, "pagerd: --policy chooses the reference pager's policy; not with --pager",
	    (char *)pagerd, "--policy", "fifo", "--pager", "/nonexistent.so");
	RUN(2, NULL, "pagerd: --policy-seed: 'x' is not a number", (char *)pagerd,
	    "--policy-seed", "x");
	RUN(2, NULL, "pgd-run: --policy: 'opt' is not a policy (one of: fifo, clock", (char *)pgd_run,
	    "--policy", "opt", "x.pgd");
	RUN(2, NULL, "pgd-run: --policy-seed: '-1' is not a number", (char *)pgd_run,
	    "--policy-seed", "-1", "x.pgd");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lab_output),
	    cmocka_unit_test(test_lab_errors),
	    cmocka_unit_test(test_lab_compare_workload_errors),
	    cmocka_unit_test(test_policy_option),
	};
	int ret;

	if (argc != 4) {
		fprintf(stderr, "usage: test_lab_cli PGD_LAB PAGERD PGD_RUN\n");
		return 2;
	}
	pgd_lab = argv[1];
	pagerd = argv[2];
	pgd_run = argv[3];
	if (!wlrun_mkdtemp(dir, sizeof(dir)))
		return 1;
	write_lines(belady, sizeof(belady), "belady.txt", "1 2 3 4 1 2 5 1 2 3 4 5");
	write_lines(textbook, sizeof(textbook), "textbook.txt",
		    "7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1");
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	wlrun_rmtree(dir);
	return ret;
}
