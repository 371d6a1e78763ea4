/* SPDX-License-Identifier: MIT */
/* Reading a trace file in one of the formats of tracefmt.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "slurp.h"
#include "tracefmt.h"
#include "tracefmt-internal.h"

int tracefmt_parse(const char *name)
{
	static const char *const names[] = {"text", "csv", "oracle", "record"};

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return TRACEFMT_TEXT + (int)i;
	return -1;
}

static enum tracefmt tracefmt_guess(const char *name, const char *data, size_t len)
{
	size_t n = strlen(name);

	if (len >= 8 && !memcmp(data, RECORD_MAGIC, 8))
		return TRACEFMT_RECORD;
	if (strstr(name, "oracleGeneral"))
		return TRACEFMT_ORACLE;
	if (n >= 4 && !strcmp(name + n - 4, ".csv"))
		return TRACEFMT_CSV;
	return TRACEFMT_TEXT;
}

int tracefmt_read_mem(const char *name, const char *data, size_t len, enum tracefmt fmt,
		      struct trace *t, char *err, size_t errlen)
{
	int ret;

	trace_init(t);
	if (fmt == TRACEFMT_AUTO)
		fmt = tracefmt_guess(name, data, len);
	if (fmt == TRACEFMT_RECORD)
		ret = tracefmt_recorded(name, data, len, t, err, errlen);
	else if (fmt == TRACEFMT_ORACLE)
		ret = tracefmt_oracle(name, data, len, t, err, errlen);
	else
		ret = tracefmt_lines(name, data, len, fmt == TRACEFMT_CSV, t, err, errlen);
	if (ret)
		trace_free(t);
	return ret;
}

int tracefmt_read(const char *path, enum tracefmt fmt, struct trace *t, char *err, size_t errlen)
{
	char *data;
	size_t len;
	int ret = slurp(path, &data, &len);

	if (ret) {
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return -1;
	}
	ret = tracefmt_read_mem(path, data, len, fmt, t, err, errlen);
	free(data);
	return ret;
}
