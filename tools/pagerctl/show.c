/* SPDX-License-Identifier: MIT */
/*
 * Formatting for pagerctl. Status names the pager call in progress the way
 * the event log writes calls (vm_fault (0x600010000, write)) with the process
 * it is for and how long it has run; statistics reuse the daemon's own
 * formatter so that `pagerctl stats` reads exactly like the '#' lines.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "show.h"
#include "statsfmt.h"

/* The call in progress as the event log would write it, then its process. */
static void show_call_text(FILE *out, const struct proto_msg *m)
{
	uint32_t arg = m->status_ok.call_arg;
	long pid = m->status_ok.call_pid;
	uint64_t addr = m->status_ok.call_addr;

	switch (m->status_ok.call) {
	case PROTO_CALL_NONE:
		fputs("idle\n", out);
		return;
	case PROTO_CALL_CREATE:
		fprintf(out, "vm_create (%" PRIu32 ", %ld)", arg, pid);
		break;
	case PROTO_CALL_SWITCH:
		fprintf(out, "vm_switch (%ld)", pid);
		break;
	case PROTO_CALL_MAP:
		fprintf(out, "vm_map (0x%" PRIx64 ", %" PRIu32 ") for pid %ld", addr, arg, pid);
		break;
	case PROTO_CALL_FAULT:
		fprintf(out, "vm_fault (0x%" PRIx64 ", %s) for pid %ld", addr,
		        arg ? "write" : "read", pid);
		break;
	case PROTO_CALL_DESTROY:
		fprintf(out, "vm_destroy of pid %ld", pid);
		break;
	default:
		fputs("daemon work between pager calls", out);
		break;
	}
	fprintf(out, ", running for %" PRIu32 " ms\n", m->status_ok.call_ms);
}

static void show_call_json(FILE *out, const struct proto_msg *m)
{
	static const char *const names[] = {
	    [PROTO_CALL_CREATE] = "vm_create",   [PROTO_CALL_SWITCH] = "vm_switch",
	    [PROTO_CALL_MAP] = "vm_map",         [PROTO_CALL_FAULT] = "vm_fault",
	    [PROTO_CALL_DESTROY] = "vm_destroy", [PROTO_CALL_OTHER] = "other",
	};
	uint32_t call = m->status_ok.call, arg = m->status_ok.call_arg;

	if (call == PROTO_CALL_NONE) {
		fputs("null", out);
		return;
	}
	fprintf(out, "{\"name\":\"%s\"", names[call]);
	if (call != PROTO_CALL_OTHER)
		fprintf(out, ",\"pid\":%ld", (long)m->status_ok.call_pid);
	if (call == PROTO_CALL_CREATE)
		fprintf(out, ",\"parent\":%" PRIu32, arg);
	if (call == PROTO_CALL_MAP)
		fprintf(out, ",\"filename\":%" PRIu64 ",\"block\":%" PRIu32, m->status_ok.call_addr,
		        arg);
	if (call == PROTO_CALL_FAULT)
		fprintf(out, ",\"addr\":%" PRIu64 ",\"write\":%s", m->status_ok.call_addr,
		        arg ? "true" : "false");
	fprintf(out, ",\"ms\":%" PRIu32 "}", m->status_ok.call_ms);
}

void show_status(FILE *out, const char *path, const struct proto_msg *m, bool json)
{
	long running = m->status_ok.running;

	if (json) {
		fprintf(out,
		        "{\"sessions\":%" PRIu32 ",\"run_queue\":%" PRIu32
		        ",\"running\":%ld,\"running_ms\":%" PRIu32 ",\"calls_queued\":%" PRIu32
		        ",\"call\":",
		        m->status_ok.nr_sessions, m->status_ok.nr_queued, running,
		        m->status_ok.running_ms, m->status_ok.nr_jobs);
		show_call_json(out, m);
		fputs("}\n", out);
		return;
	}
	fprintf(out, "pagerd at %s\n", path);
	fprintf(out, "sessions:           %" PRIu32 "\n", m->status_ok.nr_sessions);
	fprintf(out, "run queue:          %" PRIu32, m->status_ok.nr_queued);
	if (running)
		fprintf(out, " (pid %ld running, holding the CPU for %" PRIu32 " ms)\n", running,
		        m->status_ok.running_ms);
	else
		fputs(" (none running)\n", out);
	fprintf(out, "pager calls queued: %" PRIu32 "\n", m->status_ok.nr_jobs);
	fputs("pager thread:       ", out);
	show_call_text(out, m);
}

int show_stats(FILE *out, const struct proto_msg *m, bool json)
{
	char buf[STATSFMT_MAX];
	int n = json ? statsfmt_json(buf, sizeof(buf), m->stats_ok.pid, &m->stats_ok.stats)
	             : statsfmt_line(buf, sizeof(buf), m->stats_ok.pid, &m->stats_ok.stats);

	if (n < 0)
		return n;
	fprintf(out, "%s\n", buf);
	return 0;
}
