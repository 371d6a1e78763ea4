/* SPDX-License-Identifier: MIT */
/*
 * The statistics of a daemon run as JSON: pagerd prints them as '#' lines at
 * the end of its event log, so they are read back from there (statsfmt_parse)
 * into the records an in-process run keeps, and written the same way.
 */
#ifndef PGD_RUN_LOGSTATS_H
#define PGD_RUN_LOGSTATS_H

#include <stddef.h>

/* The '#' stats lines of the log text (len bytes) as JSON to json_path
 * (docs/workloads.md section 4). 0; -EINVAL if a stats line is malformed or
 * there is no global line (a pager without statistics); or -errno. */
int logstats_json(const char *text, size_t len, const char *json_path);

#endif
