/* SPDX-License-Identifier: MIT */
/*
 * Event-log line shapes (logshape.h): one POSIX extended regular expression
 * per line of semantics.md section 3.
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "logshape.h"

#define HEX   "0x[0-9a-f]+"
#define DEC   "-?[0-9]+"
#define TABLE "\t\t\t\t\t"

static const char *const logshape_lines[] = {
    "Pager started with " DEC " physical memory pages",
    "vm_create\t\\(" DEC ", " DEC "\\)",
    "vm_create returned (0|-1)",
    "vm_switch\t\\(" DEC "\\)",
    "vm_map\t\t\\(" HEX ", " DEC "\\)",
    "vm_map returned " HEX,
    "vm_fault\t\\(" HEX ", (read|write)\\)",
    "vm_fault returned (0|-1)",
    "file_(read|write)\t\\(.+, " DEC "\\)",
    "open: No such file or directory",
    "block out of range",
    "vm_destroy",
    TABLE "returning to \\(" DEC "\\) with r\\|w pages:",
    TABLE "rw?\tvpage " HEX "\tppage " HEX,
};

#define LOGSHAPE_NR (sizeof(logshape_lines) / sizeof(logshape_lines[0]))

static bool logshape_fits(const regex_t *res, const char *line)
{
	if (line[0] == '#')
		return true;
	for (size_t i = 0; i < LOGSHAPE_NR; i++)
		if (!regexec(&res[i], line, 0, NULL, 0))
			return true;
	return false;
}

char *logshape_foreign(const char *log)
{
	regex_t res[LOGSHAPE_NR];
	char *copy = strdup(log), *line, *found = NULL;

	if (!copy)
		abort();
	for (size_t i = 0; i < LOGSHAPE_NR; i++) {
		char anchored[256];

		strcpy(anchored, "^");
		strcat(anchored, logshape_lines[i]);
		strcat(anchored, "$");
		if (regcomp(&res[i], anchored, REG_EXTENDED | REG_NOSUB))
			abort();
	}
	for (line = copy; *line && !found;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		if (!nl || !logshape_fits(res, line))
			found = strdup(line);
		line = nl ? nl + 1 : line + strlen(line);
	}
	for (size_t i = 0; i < LOGSHAPE_NR; i++)
		regfree(&res[i]);
	free(copy);
	return found;
}
