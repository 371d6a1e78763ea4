/* SPDX-License-Identifier: MIT */
/*
 * Bundled workloads under every policy, as a user runs them:
 * test_policy_runs PGD_RUN WORKLOADS_DIR. In process, every workload
 * completes under every policy with vm_check after every pager call and
 * every expectation of the script held; through a private pagerd, a
 * workload with fork and a file does too. Under --policy clock the logs
 * are today's golden logs, byte for byte (pids normalized for pagerd).
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logpids.h"
#include "policy.h"
#include "wlrun.h"

static const char *pgd_run, *workloads;
static char dir[PATH_MAX];

/* pgd-run [--in-process] --check --policy P --log DIR/run.log SCRIPT: its
 * status 0 asserted, the log returned. */
static char *run(const char *policy, const char *script, bool in_process)
{
	char log[PATH_MAX + 16], err[PATH_MAX + 16];
	char *argv[] = {(char *)pgd_run, "--check", "--policy", (char *)policy, "--log", log,
			in_process ? "--in-process" : (char *)script,
			in_process ? (char *)script : NULL, NULL};
	int status;

	snprintf(log, sizeof(log), "%s/run.log", dir);
	snprintf(err, sizeof(err), "%s/run.err", dir);
	status = wlrun(argv, "/dev/null", err);
	if (status) {
		char *msg = wlrun_read(err);

		fprintf(stderr, "%s under %s: pgd-run exited with %d:\n%s\n", script, policy,
			status, msg ? msg : "");
		free(msg);
	}
	assert_int_equal(status, 0);
	return wlrun_read(log);
}

static void test_every_workload_in_process(void **state)
{
	DIR *d = opendir(workloads);
	struct dirent *e;
	unsigned int nr = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		char script[PATH_MAX], golden[PATH_MAX];

		if (len < 5 || strcmp(e->d_name + len - 4, ".pgd"))
			continue;
		snprintf(script, sizeof(script), "%s/%s", workloads, e->d_name);
		snprintf(golden, sizeof(golden), "%s/%.*s.log", workloads, (int)(len - 4), e->d_name);
		for (const struct policy_ops *const *p = policy_all; *p; p++) {
			char *log = run((*p)->name, script, true), *want;

			assert_non_null(log);
			if (*p == &clock_policy && (want = wlrun_read(golden))) {
				assert_true(wlrun_same(script, want, log));
				free(want);
			}
			free(log);
		}
		nr++;
	}
	closedir(d);
	assert_true(nr >= 10); /* the bundled workloads were found */
}

static void test_daemon_runs(void **state)
{
	static const char *const scripts[] = {"demo", "cow-child", "file-blocks"};

	(void)state;
	for (unsigned int s = 0; s < sizeof(scripts) / sizeof(scripts[0]); s++) {
		char script[PATH_MAX], golden[PATH_MAX];

		snprintf(script, sizeof(script), "%s/%s.pgd", workloads, scripts[s]);
		snprintf(golden, sizeof(golden), "%s/%s.log", workloads, scripts[s]);
		for (const struct policy_ops *const *p = policy_all; *p; p++) {
			char *log = run((*p)->name, script, false);

			assert_non_null(log);
			if (*p == &clock_policy) {
				char *want = wlrun_read(golden), *a, *b;

				assert_non_null(want);
				a = logpids_normalize(want);
				b = logpids_normalize(log);
				assert_true(wlrun_same(script, a, b));
				free(a);
				free(b);
				free(want);
			}
			free(log);
		}
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_workload_in_process),
	    cmocka_unit_test(test_daemon_runs),
	};
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: test_policy_runs PGD_RUN WORKLOADS_DIR\n");
		return 2;
	}
	pgd_run = argv[1];
	workloads = argv[2];
	if (!wlrun_mkdtemp(dir, sizeof(dir)))
		return 1;
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	wlrun_rmtree(dir);
	return ret;
}
