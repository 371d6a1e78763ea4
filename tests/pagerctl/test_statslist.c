/* SPDX-License-Identifier: MIT */
/*
 * daemon/statslist, the end-of-run records pagerd and pgd-run share:
 * records added in any order come out in pid order, as '#' lines through
 * the event log and as JSON, each followed by the global statistics; a
 * record that finds no memory is reported as lost; freeing empties the list.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "evlog.h"
#include "statslist.h"

/* realloc, failing once when asked (the list's growth). */
static bool fail_realloc;

void *__real_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size)
{
	if (fail_realloc) {
		fail_realloc = false;
		return NULL;
	}
	return __real_realloc(p, size);
}

static const struct pgd_stats global = {.faults_zero_fill = 6, .frames_free = 3};

/* Three processes that ended out of pid order. */
static void add_three(struct statslist *l)
{
	assert_int_equal(statslist_add(l, 1003, &(struct pgd_stats){.faults_zero_fill = 3}), 0);
	assert_int_equal(statslist_add(l, 1001, &(struct pgd_stats){.faults_zero_fill = 1}), 0);
	assert_int_equal(statslist_add(l, 1002, &(struct pgd_stats){.faults_zero_fill = 2}), 0);
}

/* What statslist_log writes through the event log, into *text (malloc'd).
 * The caller owns the buffer variable the stream writes to: gcc 12 at -O3
 * takes a pointer returned from a local that open_memstream was given for a
 * dangling pointer to that local. */
static void logged(struct statslist *l, char **text)
{
	size_t len;
	FILE *f = open_memstream(text, &len);

	assert_non_null(f);
	evlog_set(f);
	statslist_log(l, &global);
	evlog_set(NULL);
	fclose(f);
}

/* The line of pid (0: global) in text, or NULL. */
static const char *line_of(const char *text, long pid)
{
	char head[64];

	if (pid)
		snprintf(head, sizeof(head), "# stats pid %ld: faults zero-fill=%ld ", pid,
		         pid - 1000);
	else
		snprintf(head, sizeof(head), "# stats global: faults zero-fill=6 ");
	return strstr(text, head);
}

static void test_statslist_lines_in_pid_order(void **state)
{
	struct statslist l = {0};
	const char *p1, *p2, *p3, *g;
	char *text = NULL;

	(void)state;
	add_three(&l);
	logged(&l, &text);
	p1 = line_of(text, 1001);
	p2 = line_of(text, 1002);
	p3 = line_of(text, 1003);
	g = line_of(text, 0);
	assert_ptr_equal(p1, text);
	assert_non_null(p2);
	assert_non_null(p3);
	assert_non_null(g);
	assert_true(p1 < p2 && p2 < p3 && p3 < g);
	assert_non_null(strstr(g, " free=3\n"));
	assert_null(strstr(text, "out of memory"));
	free(text);
	statslist_free(&l);
}

static void test_statslist_json_in_pid_order(void **state)
{
	struct statslist l = {0};
	char *text = NULL;
	size_t len;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	add_three(&l);
	assert_int_equal(statslist_json(&l, &global, f), 0);
	fclose(f);
	assert_true(strncmp(text, "{\"processes\":[{\"pid\":1001,\"faults_zero_fill\":1,", 47) ==
	            0);
	assert_non_null(strstr(text, "},{\"pid\":1002,\"faults_zero_fill\":2,"));
	assert_non_null(strstr(text, "},{\"pid\":1003,\"faults_zero_fill\":3,"));
	assert_true(strstr(text, "1002") < strstr(text, "1003"));
	assert_non_null(strstr(text, "}],\"global\":{\"pid\":0,\"faults_zero_fill\":6,"));
	assert_int_equal(text[len - 1], '\n');
	free(text);
	statslist_free(&l);
}

/* A record that cannot be kept is missing, and the log says records are. */
static void test_statslist_lost_record_reported(void **state)
{
	struct statslist l = {0};
	const char *note;
	char *text = NULL;

	(void)state;
	fail_realloc = true;
	assert_int_equal(statslist_add(&l, 1001, &(struct pgd_stats){.faults_zero_fill = 1}),
	                 -ENOMEM);
	assert_int_equal(statslist_add(&l, 1002, &(struct pgd_stats){.faults_zero_fill = 2}), 0);
	logged(&l, &text);
	assert_null(line_of(text, 1001));
	assert_ptr_equal(line_of(text, 1002), text);
	note = strstr(text, "# stats: out of memory: some processes' records are missing\n");
	assert_non_null(note);
	assert_non_null(line_of(text, 0));
	assert_true(note < line_of(text, 0));
	free(text);
	statslist_free(&l);
}

/* After statslist_free only the global line is left, and no note. */
static void test_statslist_free_empties(void **state)
{
	struct statslist l = {0};
	char *text = NULL;

	(void)state;
	fail_realloc = true;
	assert_int_equal(statslist_add(&l, 1001, &global), -ENOMEM);
	add_three(&l);
	statslist_free(&l);
	logged(&l, &text);
	assert_ptr_equal(line_of(text, 0), text);
	assert_int_equal(strchr(text, '\n') + 1 - text, strlen(text)); /* that line alone */
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statslist_lines_in_pid_order),
	    cmocka_unit_test(test_statslist_json_in_pid_order),
	    cmocka_unit_test(test_statslist_lost_record_reported),
	    cmocka_unit_test(test_statslist_free_empties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
