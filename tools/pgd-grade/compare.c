/* SPDX-License-Identifier: MIT */
/*
 * Expected against actual output: both normalized as logpids does ('#'
 * lines dropped, pids renumbered by first appearance), then compared line
 * by line. The first differing line is reported with up to
 * COMPARE_CONTEXT lines before it, which agree.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grade.h"
#include "logpids.h"

#define COMPARE_CONTEXT 3

/* The length of the line at s, without its newline. */
static size_t compare_len(const char *s)
{
	return (size_t)(strchrnul(s, '\n') - s);
}

static const char *compare_next(const char *s)
{
	s += compare_len(s);
	return *s ? s + 1 : s;
}

/* The line at s for a report: "<end of output>" past the end. */
static char *compare_show(const char *s)
{
	return *s ? grade_fmt("%.*s", (int)compare_len(s), s) : strdup("<end of output>");
}

static char *compare_detail(const char *exp, const char *got, const char *from, const char *at,
                            size_t line)
{
	char *ctx = strdup(""), *e = compare_show(exp), *g = compare_show(got), *d;

	for (const char *c = from; c < at; c = compare_next(c)) {
		char *more = grade_fmt("%s  %.*s\n", ctx, (int)compare_len(c), c);

		free(ctx);
		ctx = more;
	}
	d = grade_fmt("line %zu differs\n%s- %s\n+ %s", line, ctx, e, g);
	free(ctx);
	free(e);
	free(g);
	return d;
}

enum grade_result grade_compare(const char *expect_path, const char *got_path, char **detail)
{
	char *exp_raw = grade_slurp(expect_path), *got_raw = grade_slurp(got_path);
	char *exp, *got;
	const char *e, *g, *ctx[COMPARE_CONTEXT + 1] = {0};
	enum grade_result r = GRADE_PASS;
	size_t line = 1;

	if (!exp_raw || !got_raw) {
		*detail = grade_fmt("%s: cannot read", exp_raw ? got_path : expect_path);
		free(exp_raw);
		free(got_raw);
		return GRADE_FAIL;
	}
	exp = logpids_normalize(exp_raw);
	got = logpids_normalize(got_raw);
	for (e = exp, g = got; *e || *g; e = compare_next(e), g = compare_next(g), line++) {
		memmove(ctx, ctx + 1, COMPARE_CONTEXT * sizeof(*ctx));
		ctx[COMPARE_CONTEXT] = e;
		if (compare_len(e) != compare_len(g) || memcmp(e, g, compare_len(e)) ||
		    !*e != !*g) {
			const char *from = ctx[0] ? ctx[0] : exp;

			*detail = compare_detail(e, g, from, e, line);
			r = GRADE_FAIL;
			break;
		}
	}
	free(exp);
	free(got);
	free(exp_raw);
	free(got_raw);
	return r;
}
