/* SPDX-License-Identifier: MIT */
/*
 * Golden tests of one workload script (docs/workloads.md, section 3):
 * test_workloads PGD_RUN SCRIPT EXPECTED_LOG. The in-process run must give
 * the expected log byte for byte, and its trace must replay to it; the run
 * under a private pagerd must give the same log with pids normalized, and
 * its trace (written by the real processes) must replay to the expected log
 * as well. Every run must end with status 0: every expectation held. Every
 * line of both logs is a line of semantics.md section 3 or a '#' line.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logpids.h"
#include "logshape.h"
#include "wlrun.h"

static const char *pgd_run, *script, *expected_path;

struct wl {
	char dir[PATH_MAX];
	char *expected;
};

static int wl_setup(void **state)
{
	struct wl *w = calloc(1, sizeof(*w));

	if (!w || !wlrun_mkdtemp(w->dir, sizeof(w->dir)))
		return -1;
	w->expected = wlrun_read(expected_path);
	if (!w->expected) {
		fprintf(stderr, "cannot read %s\n", expected_path);
		return -1;
	}
	*state = w;
	return 0;
}

static int wl_teardown(void **state)
{
	struct wl *w = *state;

	wlrun_rmtree(w->dir);
	free(w->expected);
	free(w);
	return 0;
}

/* Run pgd-run with opts (NULL-terminated, up to 4) then SCRIPT, the log to
 * DIR/name.log; assert status 0 and return the log. */
static char *wl_run(struct wl *w, const char *name, ...)
{
	char log[PATH_MAX + 16], err[PATH_MAX + 16];
	char *argv[12] = {(char *)pgd_run};
	int n = 1, status;
	va_list ap;

	snprintf(log, sizeof(log), "%s/%s.log", w->dir, name);
	snprintf(err, sizeof(err), "%s/%s.err", w->dir, name);
	va_start(ap, name);
	for (char *a; n < 9 && (a = va_arg(ap, char *));)
		argv[n++] = a;
	va_end(ap);
	argv[n++] = "--check";
	argv[n++] = "--log";
	argv[n++] = log;
	argv[n] = (char *)script;
	if (argv[1] && !strcmp(argv[1], "--replay"))
		argv[n] = NULL; /* the trace replaces the script */
	status = wlrun(argv, "/dev/null", err);
	if (status) {
		char *msg = wlrun_read(err);

		fprintf(stderr, "%s: pgd-run exited with %d:\n%s\n", name, status, msg ? msg : "");
		free(msg);
	}
	assert_int_equal(status, 0);
	return wlrun_read(log);
}

/* semantics.md section 3: grep -v '^#' leaves only lines of the format. */
static void assert_classic_lines(const char *log)
{
	char *foreign = logshape_foreign(log);

	if (foreign)
		fail_msg("%s: a line that is neither classic nor '#': \"%s\"", script, foreign);
}

static void wl_path(const struct wl *w, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", w->dir, name);
}

static void test_workloads_in_process_log_is_golden(void **state)
{
	struct wl *w = *state;
	char *log = wl_run(w, "inproc", "--in-process", NULL);

	assert_true(wlrun_same(script, w->expected, log));
	assert_classic_lines(log);
	free(log);
}

static void test_workloads_trace_replays_to_same_log(void **state)
{
	struct wl *w = *state;
	char trace[PATH_MAX + 16];
	char *log;

	wl_path(w, "inproc.trace", trace, sizeof(trace));
	free(wl_run(w, "traced", "--in-process", "--trace", trace, NULL));
	log = wl_run(w, "replay", "--replay", trace, NULL);
	assert_true(wlrun_same(script, w->expected, log));
	free(log);
}

static void test_workloads_daemon_agrees_with_in_process(void **state)
{
	struct wl *w = *state;
	char trace[PATH_MAX + 16];
	char *log = NULL, *want, *got;

	wl_path(w, "daemon.trace", trace, sizeof(trace));
	log = wl_run(w, "daemon", "--trace", trace, NULL);
	assert_classic_lines(log);
	want = logpids_normalize(w->expected);
	got = logpids_normalize(log);
	assert_true(wlrun_same(script, want, got));
	free(want);
	free(got);
	free(log);
	/* The real processes' trace replays in-process to the golden log. */
	log = wl_run(w, "daemon-replay", "--replay", trace, NULL);
	assert_true(wlrun_same(script, w->expected, log));
	free(log);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_workloads_in_process_log_is_golden, wl_setup,
	                                    wl_teardown),
	    cmocka_unit_test_setup_teardown(test_workloads_trace_replays_to_same_log, wl_setup,
	                                    wl_teardown),
	    cmocka_unit_test_setup_teardown(test_workloads_daemon_agrees_with_in_process, wl_setup,
	                                    wl_teardown),
	};

	if (argc != 4) {
		fprintf(stderr, "usage: test_workloads PGD_RUN SCRIPT EXPECTED_LOG\n");
		return 2;
	}
	pgd_run = argv[1];
	script = argv[2];
	expected_path = argv[3];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
