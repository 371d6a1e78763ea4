/* SPDX-License-Identifier: MIT */
/*
 * The client library at scale, under a real `pagerd -- PROGRAM`: a program
 * maps and touches every page of a 2^16-page arena (more pages than
 * vm.max_map_count allows kernel mappings) and gets its data back, with
 * only a handful of mappings: one per resident frame, not one per page.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "dh.h"

#define ARENA_PAGES  65536
#define MEMORY_PAGES 64

/* The count the program reported for a phase ("mapped", ...). */
static unsigned int report_count(const char *report, const char *phase)
{
	char key[32];
	const char *at;
	unsigned int n;

	snprintf(key, sizeof(key), "%s ", phase);
	at = strstr(report, key);
	if (!at || sscanf(at + strlen(key), "%u", &n) != 1)
		fail_msg("no \"%s\" count in the report:\n%s", phase, report);
	return n;
}

static void test_client_touches_every_page_of_a_65536_page_arena(void **state)
{
	struct dh *d = *state;
	char cmd[1024], report_path[128];
	char *report, *err;
	int status;

	snprintf(report_path, sizeof(report_path), "%s/report", d->dir);
	snprintf(cmd, sizeof(cmd),
		 "%s --no-log --page-size 4096 --arena-pages %u -m %u -s %u -- %s %s 2>%s/err",
		 PAGERD_BIN, ARENA_PAGES, MEMORY_PAGES, ARENA_PAGES + 16, PROG_ARENA,
		 report_path, d->dir);
	status = system(cmd);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(cmd, sizeof(cmd), "%s/err", d->dir);
		err = dh_read(cmd);
		fail_msg("pagerd -- arena: status %#x, stderr:\n%s", status, err);
	}
	report = dh_read(report_path);
	/* While it maps: the zero pages, read-only, then the rest of the
	 * reservation, PROT_NONE; two anonymous mappings at most. */
	assert_in_range(report_count(report, "mapped"), 1, 2);
	/* Then at most each resident frame's page splits an anonymous run
	 * (the zero pages and the evicted, PROT_NONE ones) in two. */
	assert_in_range(report_count(report, "touched"), 1, 2 * MEMORY_PAGES + 1);
	assert_in_range(report_count(report, "verified"), 1, 2 * MEMORY_PAGES + 1);
	free(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_client_touches_every_page_of_a_65536_page_arena, dh_setup, dh_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
