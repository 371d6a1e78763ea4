/* SPDX-License-Identifier: MIT */
/*
 * The daemon's own limits and errors (docs/security.md section 6): command
 * line values beyond what the pager supports.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "atk.h"

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("\"%s\" is not in:\n%s", want, text);
}

/* Each value is refused when the command line is parsed (exit 2), naming
 * the option and the limit, instead of reaching the pager's abort(). */
static void test_attack_cli_limits(void **state)
{
	struct atk *a = *state;
	static const struct {
		const char *opt, *value, *limit;
	} bad[] = {
		{ "--memory-pages", "1073741823", "at most 1073741822" },
		{ "--memory-pages", "1073741824", "at most 1073741822" },
		{ "--arena-pages", "1073741825", "at most 1073741824" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *args[] = { bad[i].opt, bad[i].value, "--no-log", "--", "/bin/true", NULL };
		char *err;

		assert_int_equal(atk_run_pagerd(&a->d, NULL, args, &err), 2);
		assert_has(err, bad[i].opt);
		assert_has(err, bad[i].limit);
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_attack_cli_limits, atk_setup, atk_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
