/* SPDX-License-Identifier: MIT */
/*
 * pgd-grade: build each course test program of a directory, run it under
 * its own private pagerd with a student's pager, and compare its output and
 * log with the expected output. This header holds what the grader's files
 * share: the options, one test and its result.
 */
#ifndef PGD_GRADE_H
#define PGD_GRADE_H

#include <stdbool.h>

enum grade_result {
	GRADE_PASS,
	GRADE_FAIL,     /* output or log differs */
	GRADE_CRASH,    /* the pager crashed: pagerd died of a signal or said so */
	GRADE_TIMEOUT,  /* no end within --timeout; everything killed */
	GRADE_STORM,    /* more than --nproc processes; everything killed */
	GRADE_BUILD,    /* the test program did not build */
	GRADE_NOEXPECT, /* no expected output and no --reference */
	GRADE_NR_RESULTS
};

/* Immutable once the command line is read. */
struct grade_opts {
	const char *pager;     /* .so, or the .so built from C/C++ sources */
	const char *reference; /* the reference pager (.so), "" for pagerd's own, NULL: none */
	const char *tests_dir;
	const char *expect_dir; /* NAME.M.out files; default tests_dir */
	const char *out_dir;    /* binaries, outputs, diffs */
	const char *pagerd;
	const char *classic;      /* --classic GEN for every pagerd; NULL: none */
	const char *build_flags;  /* shell words after a test's source: headers, library */
	const char *pager_flags;  /* after a pager's source: headers only */
	const char *only;         /* run only the test NAME.M */
	const char *json, *junit; /* "-": standard output */
	double timeout;           /* seconds per run */
	long nproc;               /* processes a run may add */
	int jobs;
	bool emit_jobs;
	int argc; /* the command line, for --emit-jobs */
	char **argv;
};

/* One test program NAME.M.c or NAME.M.cpp. */
struct grade_test {
	char *name;   /* NAME.M */
	char *source; /* its file name in tests_dir */
	unsigned memory;
	enum grade_result result;
	char *detail; /* what differed, or why it failed (malloc'd) */
	double seconds;
};

/* build.c: the test's program, out_dir/NAME.M; 0, or -1 with t->detail. */
int grade_build_test(const struct grade_opts *o, struct grade_test *t);
/* The pager .so for a C/C++ source path (built into out_dir), or path. */
char *grade_build_pager(const struct grade_opts *o, const char *path);

/* run.c: run the test's program under pagerd with pager (NULL: pagerd's
 * own), the combined output into out (a file path). */
enum grade_result grade_run(const struct grade_opts *o, const struct grade_test *t,
                            const char *pager, const char *out, char **detail);

/* compare.c: GRADE_PASS or GRADE_FAIL with a detail naming the first
 * differing line and the lines before it. */
enum grade_result grade_compare(const char *expect_path, const char *got_path, char **detail);

/* report.c */
const char *grade_result_name(enum grade_result r);
void grade_table(const struct grade_test *t, int nr);
int grade_json(const char *path, const struct grade_test *t, int nr);
int grade_junit(const char *path, const struct grade_test *t, int nr);

/* util: malloc'd printf; aborts when out of memory. */
char *grade_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *grade_slurp(const char *path);
/* s in single quotes for sh (malloc'd). */
char *grade_quote(const char *s);

#endif
