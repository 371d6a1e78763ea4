/* SPDX-License-Identifier: MIT */
/*
 * The grader's reports: an aligned table on standard output (a test per
 * line, the detail of a failure indented under it), a JSON document and a
 * JUnit XML file that CI systems show.
 */
#include <stdio.h>
#include <string.h>

#include "grade.h"

static const char *const report_names[GRADE_NR_RESULTS] = {
    [GRADE_PASS] = "pass",
    [GRADE_FAIL] = "fail",
    [GRADE_CRASH] = "crash",
    [GRADE_TIMEOUT] = "timeout",
    [GRADE_STORM] = "process-limit",
    [GRADE_BUILD] = "build-error",
    [GRADE_NOEXPECT] = "no-expected",
};

const char *grade_result_name(enum grade_result r)
{
	return report_names[r];
}

void grade_table(const struct grade_test *t, int nr)
{
	int width = 4, counts[GRADE_NR_RESULTS] = {0};

	for (int i = 0; i < nr; i++)
		if ((int)strlen(t[i].name) > width)
			width = (int)strlen(t[i].name);
	printf("%-*s  %-11s  %s\n", width, "test", "result", "seconds");
	for (int i = 0; i < nr; i++) {
		printf("%-*s  %-11s  %.2f\n", width, t[i].name, grade_result_name(t[i].result),
		       t[i].seconds);
		counts[t[i].result]++;
		if (t[i].detail) {
			for (const char *s = t[i].detail; *s;) {
				size_t n = strcspn(s, "\n");

				printf("    %.*s\n", (int)n, s);
				s += n + (s[n] == '\n');
			}
		}
	}
	printf("%d tests: %d passed", nr, counts[GRADE_PASS]);
	for (int r = GRADE_FAIL; r < GRADE_NR_RESULTS; r++)
		if (counts[r])
			printf(", %d %s", counts[r], grade_result_name(r));
	printf("\n");
}

/* s as the inside of a JSON string or XML text (xml set). */
static void report_escape(FILE *f, const char *s, bool xml)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (xml && c == '<')
			fputs("&lt;", f);
		else if (xml && c == '>')
			fputs("&gt;", f);
		else if (xml && c == '&')
			fputs("&amp;", f);
		else if (xml && c == '"')
			fputs("&quot;", f);
		else if (xml && c < 0x20 && c != '\n' && c != '\t')
			fputc('?', f); /* not allowed in XML 1.0 */
		else if (!xml && (c == '"' || c == '\\'))
			fprintf(f, "\\%c", c);
		else if (!xml && c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
}

static FILE *report_open(const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "w") : stdout;

	if (!f)
		perror(path);
	return f;
}

/* 0, or -1 after a message naming path. */
static int report_close(FILE *f, const char *path)
{
	int err = ferror(f) | (f != stdout ? fclose(f) : fflush(f));

	if (err)
		fprintf(stderr, "pgd-grade: %s: write failed\n", path);
	return err ? -1 : 0;
}

int grade_json(const char *path, const struct grade_test *t, int nr)
{
	FILE *f = report_open(path);

	if (!f)
		return -1;
	fputs("{\"tests\":[", f);
	for (int i = 0; i < nr; i++) {
		fprintf(f, "%s{\"name\":\"", i ? "," : "");
		report_escape(f, t[i].name, false);
		fprintf(f, "\",\"memory\":%u,\"result\":\"%s\",\"seconds\":%.3f,\"detail\":",
		        t[i].memory, grade_result_name(t[i].result), t[i].seconds);
		if (t[i].detail) {
			fputc('"', f);
			report_escape(f, t[i].detail, false);
			fputc('"', f);
		} else {
			fputs("null", f);
		}
		fputc('}', f);
	}
	fputs("]}\n", f);
	return report_close(f, path);
}

int grade_junit(const char *path, const struct grade_test *t, int nr)
{
	FILE *f = report_open(path);
	int failures = 0, errors = 0;

	if (!f)
		return -1;
	for (int i = 0; i < nr; i++) {
		failures += t[i].result == GRADE_FAIL;
		errors += t[i].result != GRADE_FAIL && t[i].result != GRADE_PASS;
	}
	fprintf(f,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<testsuite name=\"pgd-grade\" tests=\"%d\" failures=\"%d\" errors=\"%d\">\n",
	        nr, failures, errors);
	for (int i = 0; i < nr; i++) {
		fputs("  <testcase classname=\"pgd-grade\" name=\"", f);
		report_escape(f, t[i].name, true);
		fprintf(f, "\" time=\"%.3f\">", t[i].seconds);
		if (t[i].result != GRADE_PASS) {
			fprintf(f, "<%s type=\"%s\" message=\"%s\">",
			        t[i].result == GRADE_FAIL ? "failure" : "error",
			        grade_result_name(t[i].result), grade_result_name(t[i].result));
			report_escape(f, t[i].detail ? t[i].detail : "", true);
			fprintf(f, "</%s>", t[i].result == GRADE_FAIL ? "failure" : "error");
		}
		fputs("</testcase>\n", f);
	}
	fputs("</testsuite>\n", f);
	return report_close(f, path);
}
