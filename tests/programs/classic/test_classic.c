/* SPDX-License-Identifier: MIT */
/*
 * The classic programs of every Foundation scenario, built as C and as C++,
 * each run as `pagerd -- PROGRAM` with the geometry and data files of its
 * script's header (parsed from workloads/NAME.pgd itself). The daemon's
 * log, '#' lines dropped and pids renumbered in order of appearance, must
 * be workloads/NAME.log (the in-process MMU's) treated the same way; the
 * program must exit 0 (every byte it read was right, every process ended
 * as the script says) with nothing on standard error.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datafiles.h"
#include "harness.h"
#include "logpids.h"
#include "pagerd/defaults.h"
#include "script.h"
#include "slurp.h"
#include "wlrun.h"

#define CLASSIC_MAX_CASES 128

/* One test: a scenario in one language. Immutable once main made it. */
struct classic_case {
	char scenario[64]; /* workloads/SCENARIO.pgd */
	bool cxx;
	char test_name[96];
};

/* What a test holds while it runs. */
struct classic_run {
	const struct classic_case *c;
	char dir[PATH_MAX]; /* data files, log, output */
	struct script *script;
};

static int classic_setup(void **state)
{
	struct classic_run *r = calloc(1, sizeof(*r));

	if (!r)
		return -1;
	r->c = *state;
	if (!wlrun_mkdtemp(r->dir, sizeof(r->dir))) {
		free(r);
		return -1;
	}
	*state = r;
	return 0;
}

static int classic_teardown(void **state)
{
	struct classic_run *r = *state;

	wlrun_rmtree(r->dir);
	script_free(r->script);
	free(r);
	return 0;
}

/* Parse the script and create its data files in the run's directory. */
static void classic_prepare(struct classic_run *r)
{
	char path[PATH_MAX], err[256];
	char *text;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s.pgd", WORKLOADS_DIR, r->c->scenario);
	assert_int_equal(slurp(path, &text, &len), 0);
	if (script_parse(path, text, len, &r->script, err, sizeof(err)))
		fail_msg("%s", err);
	free(text);
	if (datafiles_create(r->script, r->dir, PGD_DEFAULT_PAGE_SIZE, err, sizeof(err)))
		fail_msg("%s", err);
}

/* pagerd with the script's geometry (defaults where it sets none) runs the
 * program: its exit status, its standard error in *err_text (malloc), and
 * the log in r->dir/log. Both are printed if either says something. */
static int classic_pagerd(const struct classic_run *r, char **err_text)
{
	const struct script *s = r->script;
	char prog[PATH_MAX], log[PATH_MAX + 8], out[PATH_MAX + 8], err[PATH_MAX + 8];
	char memory[16], swap[16], arena[32];
	char *argv[] = {PAGERD_BIN,      "-m",  memory,    "-s",          swap,
	                "--arena-pages", arena, "--check", "--files-dir", (char *)r->dir,
	                "--log",         log,   "--",      prog,          NULL};
	int status;

	snprintf(memory, sizeof(memory), "%u",
	         s->memory_pages ? s->memory_pages : PGD_DEFAULT_MEMORY_PAGES);
	snprintf(swap, sizeof(swap), "%u",
	         s->swap_blocks ? s->swap_blocks : PGD_DEFAULT_SWAP_BLOCKS);
	snprintf(arena, sizeof(arena), "%llu",
	         s->arena_pages ? (unsigned long long)s->arena_pages
	                        : PGD_DEFAULT_ARENA_SIZE / PGD_DEFAULT_PAGE_SIZE);
	snprintf(prog, sizeof(prog), "%s/classic_%s%s", CLASSIC_DIR, r->c->scenario,
	         r->c->cxx ? "_cxx" : "");
	snprintf(log, sizeof(log), "%s/log", r->dir);
	snprintf(out, sizeof(out), "%s/out", r->dir);
	snprintf(err, sizeof(err), "%s/err", r->dir);
	status = wlrun(argv, out, err);
	*err_text = wlrun_read(err);
	if (!*err_text)
		fail_msg("cannot read %s", err);
	if (status || **err_text)
		fprintf(stderr, "%s exited with status %d; its standard error:\n%s", prog, status,
		        *err_text);
	return status;
}

static char *classic_read_normalized(const char *path)
{
	char *text = wlrun_read(path), *norm;

	if (!text)
		fail_msg("cannot read %s", path);
	norm = logpids_normalize(text);
	free(text);
	return norm;
}

static void test_classic_scenario(void **state)
{
	struct classic_run *r = *state;
	char path[PATH_MAX + 16];
	char *want, *got, *err;
	int status;

	classic_prepare(r);
	status = classic_pagerd(r, &err);
	snprintf(path, sizeof(path), "%s/%s.log", WORKLOADS_DIR, r->c->scenario);
	want = classic_read_normalized(path);
	snprintf(path, sizeof(path), "%s/log", r->dir);
	got = classic_read_normalized(path);
	harness_compare(want, got, strlen(got));
	/* Every byte read was right, every process ended as the script says,
	 * and neither the program nor pagerd complained. */
	assert_int_equal(status, 0);
	assert_string_equal(err, "");
	free(want);
	free(got);
	free(err);
}

int main(void)
{
	static struct classic_case cases[CLASSIC_MAX_CASES];
	static struct CMUnitTest tests[CLASSIC_MAX_CASES];
	char list[] = CLASSIC_SCENARIOS;
	size_t nr = 0;

	for (char *save, *name = strtok_r(list, " ", &save); name;
	     name = strtok_r(NULL, " ", &save)) {
		for (int cxx = 0; cxx <= 1 && nr < CLASSIC_MAX_CASES; cxx++, nr++) {
			struct classic_case *c = &cases[nr];

			snprintf(c->scenario, sizeof(c->scenario), "%s", name);
			c->cxx = cxx;
			snprintf(c->test_name, sizeof(c->test_name), "test_classic_%s_in_%s", name,
			         cxx ? "cxx" : "c");
			tests[nr] = (struct CMUnitTest){.name = c->test_name,
			                                .test_func = test_classic_scenario,
			                                .setup_func = classic_setup,
			                                .teardown_func = classic_teardown,
			                                .initial_state = c};
		}
	}
	return _cmocka_run_group_tests("classic", tests, nr, NULL, NULL);
}
