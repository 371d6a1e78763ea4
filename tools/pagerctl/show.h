/* SPDX-License-Identifier: MIT */
/*
 * What pagerctl prints: the daemon's status as aligned text or one JSON
 * object, and statistics in the format of the event log's '#' stats lines
 * (daemon/machine/statsfmt.c) or its JSON records. Pure formatting to a stream.
 */
#ifndef PAGERCTL_SHOW_H
#define PAGERCTL_SHOW_H

#include <stdbool.h>
#include <stdio.h>

#include "proto.h"

/* STATUS_OK m of the daemon at path (named in text only). */
void show_status(FILE *out, const char *path, const struct proto_msg *m, bool json);
/* STATS_OK m: one line (text or JSON) and a newline. 0 or -ENOSPC. */
int show_stats(FILE *out, const struct proto_msg *m, bool json);

#endif
