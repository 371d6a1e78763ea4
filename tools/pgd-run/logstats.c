/* SPDX-License-Identifier: MIT */
/*
 * Statistics read back from a daemon's event log (logstats.h). Only the
 * lines "# stats pid N: ..." and "# stats global: ..." are records; every
 * other line, '#' notes included, is left alone. The records go into a
 * statslist, so the JSON is byte for byte what an in-process run writes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "logstats.h"
#include "statsfmt.h"
#include "statslist.h"

/* line (n bytes, no newline) is a stats record: parse it into l or *global. */
static int logstats_line(const char *line, size_t n, struct statslist *l, struct pgd_stats *global,
                         bool *have_global)
{
	char buf[STATSFMT_MAX];
	struct pgd_stats st;
	pid_t pid;
	int err;

	if (n < 2 || n - 2 >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, line + 2, n - 2);
	buf[n - 2] = 0;
	err = statsfmt_parse(buf, &pid, &st);
	if (err)
		return err;
	if (!pid) {
		*global = st;
		*have_global = true;
		return 0;
	}
	return statslist_add(l, pid, &st);
}

static bool logstats_is_record(const char *line, size_t n)
{
	static const char *const starts[] = {"# stats pid ", "# stats global:"};

	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (n >= strlen(starts[i]) && !memcmp(line, starts[i], strlen(starts[i])))
			return true;
	return false;
}

int logstats_json(const char *text, size_t len, const char *json_path)
{
	struct statslist l = {0};
	struct pgd_stats global;
	bool have_global = false;
	const char *p = text, *end = text + len;
	FILE *f;
	int err = 0;

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (logstats_is_record(p, n))
			err = logstats_line(p, n, &l, &global, &have_global);
		p = nl ? nl + 1 : end;
	}
	if (!err && !have_global)
		err = -EINVAL;
	if (err)
		goto out_list;
	f = fopen(json_path, "w");
	if (!f) {
		err = -errno;
		goto out_list;
	}
	err = statslist_json(&l, &global, f);
	if (fclose(f) && !err)
		err = -errno;
out_list:
	statslist_free(&l);
	return err;
}
