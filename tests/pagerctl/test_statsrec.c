/* SPDX-License-Identifier: MIT */
/*
 * The daemon's end-of-run statistics (daemon/server/statsrec.c): the '#' stats
 * lines of a workload run under a real pagerd equal those of the same
 * workload run in-process and those worked out by hand, for every workload
 * in workloads/; processes still attached at shutdown get their line; and a
 * process killed by a fault is recorded as it was at its vm_destroy.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"
#include "logpids.h"

#define BASE 0x600000000ull

/* Run cmd through the shell: its standard output (malloc'd). */
static char *run(const char *cmd)
{
	char buf[4096], *text = NULL;
	size_t len = 0, n;
	FILE *p = popen(cmd, "r"), *mem = open_memstream(&text, &len);
	int status;

	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, n, mem);
	status = pclose(p);
	fclose(mem);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("%s: exit status %d; it printed:\n%s", cmd, status, text);
	return text;
}

static char *workload_stats(const char *name, bool in_process)
{
	char cmd[1024], *log, *lines;

	snprintf(cmd, sizeof(cmd), "%s %s %s/%s 2>&1", PGD_RUN,
	         in_process ? "--in-process" : "", WORKLOADS_DIR, name);
	log = run(cmd);
	lines = logpids_stats(log);
	free(log);
	return lines;
}

static void assert_same(const char *what, const char *want, const char *got)
{
	if (strcmp(want, got))
		fail_msg("%s: statistics differ.\n--- expected\n%s--- actual\n%s", what, want, got);
}

/* stats-by-hand.pgd: the daemon's lines equal the in-process run's and the
 * hand-counted ones of its expected log (derived in the script's comments). */
static void test_statsrec_by_hand(void **state)
{
	char *daemon, *inproc, *expected, *text;

	(void)state;
	daemon = workload_stats("stats-by-hand.pgd", false);
	inproc = workload_stats("stats-by-hand.pgd", true);
	text = dh_read(WORKLOADS_DIR "/stats-by-hand.log");
	expected = logpids_stats(text);
	free(text);
	assert_non_null(strstr(expected, "stats pid 1001: faults zero-fill=2 swap-in=1 file-in=2"));
	assert_same("in-process", inproc, daemon);
	assert_same("by hand", expected, daemon);
	free(expected);
	free(inproc);
	free(daemon);
}

/* Every workload: the daemon's lines equal the in-process run's. */
static void test_statsrec_every_workload(void **state)
{
	char cmd[512], *list, *save;
	size_t nr = 0;

	(void)state;
	snprintf(cmd, sizeof(cmd), "cd %s && ls *.pgd", WORKLOADS_DIR);
	list = run(cmd);
	for (char *name = strtok_r(list, "\n", &save); name; name = strtok_r(NULL, "\n", &save)) {
		char *daemon = workload_stats(name, false), *inproc = workload_stats(name, true);

		assert_non_null(strstr(inproc, "stats global:"));
		assert_same(name, inproc, daemon);
		free(daemon);
		free(inproc);
		nr++;
	}
	assert_true(nr >= 20); /* the workloads directory as checked in */
	free(list);
}

/* A process still attached when pagerd is stopped is destroyed at shutdown
 * and gets its line, before the global one (which no longer counts it). */
static void test_statsrec_session_ended_at_shutdown(void **state)
{
	struct proto_msg m = {.type = PROTO_MAP};
	char want[512], *log, *lines;
	struct dh d = {0};
	int fd;

	(void)state;
	dh_start(&d, NULL);
	fd = dh_connect(&d);
	dh_hello(fd, getppid());
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_RUN);
	m = (struct proto_msg){.type = PROTO_MAP};
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	m = (struct proto_msg){.type = PROTO_FAULT};
	m.fault.addr = BASE;
	m.fault.write = true;
	dh_send(fd, &m);
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.fault_ok.result, 0);
	assert_int_equal(dh_stop(&d), 0);
	close(fd);
	log = dh_log(&d);
	lines = logpids_stats(log);
	snprintf(want, sizeof(want),
	         "stats pid 1001: faults zero-fill=1 swap-in=0 file-in=0 cow-copy=0 permission=0 "
	         "failed=0 evictions clean=0 dirty=0 swap reads=0 writes=0 file reads=0 writes=0 "
	         "pages mapped=1 blocks reserved=1 frames resident=1\n"
	         "stats global: faults zero-fill=1 swap-in=0 file-in=0 cow-copy=0 permission=0 "
	         "failed=0 evictions clean=0 dirty=0 swap reads=0 writes=0 file reads=0 writes=0 "
	         "pages mapped=0 blocks reserved=0 frames resident=0 ghost=0 free=3\n");
	assert_same("shutdown", want, lines);
	/* after the session's end, before the write-back */
	assert_non_null(strstr(log, "vm_destroy\n# stats pid "));
	assert_non_null(strstr(log, " free=3\n# shutdown: writing back"));
	free(lines);
	free(log);
	dh_cleanup(&d);
}

/* A process killed by a fault whose frame came from evicting one of its
 * own pages: the daemon records it at its vm_destroy, after the fault, so
 * its resident frames no longer count the evicted page. (An in-process run
 * records a killed process's gauges from before the step that killed it,
 * docs/workloads.md, and says 2 here; the daemon cannot see steps, and
 * taking a snapshot before every fault would put a scan on the fault path.)
 * memory 3: n zero-fills frame 1, z frame 2; reading f (a block past the
 * end of its file) sweeps 1 and 2, evicts 1 (n, dirty, written to block 0),
 * then file_read fails: frame 1 goes back to the free list. */
static void test_statsrec_killed_process_at_destroy(void **state)
{
	static const char script[] = "memory 3\n"
	                             "file f.bin 1p\n"
	                             "process A\n"
	                             "\tmap n swap\n"
	                             "\twrite n \"f.bin\"\n"
	                             "\tmap z swap\n"
	                             "\twrite z 1\n"
	                             "\tmap f file n 5\n"
	                             "\texpect kill\n"
	                             "\tread f 0\n"
	                             "end\n";
	char path[128], cmd[512], *log, *lines;
	struct dh d = {0};
	FILE *f;

	(void)state;
	dh_dir(&d);
	snprintf(path, sizeof(path), "%s/killed.pgd", d.dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s %s 2>&1", PGD_RUN, path);
	log = run(cmd);
	lines = logpids_stats(log);
	assert_same("killed",
	            "stats pid 1001: faults zero-fill=2 swap-in=0 file-in=0 cow-copy=0 "
	            "permission=0 failed=1 evictions clean=0 dirty=1 swap reads=0 writes=1 "
	            "file reads=1 writes=0 pages mapped=3 blocks reserved=2 frames resident=1\n"
	            "stats global: faults zero-fill=2 swap-in=0 file-in=0 cow-copy=0 "
	            "permission=0 failed=1 evictions clean=0 dirty=1 swap reads=0 writes=1 "
	            "file reads=1 writes=0 pages mapped=0 blocks reserved=0 frames resident=0 "
	            "ghost=0 free=2\n",
	            lines);
	free(lines);
	free(log);
	dh_cleanup(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_statsrec_by_hand),
	    cmocka_unit_test(test_statsrec_every_workload),
	    cmocka_unit_test(test_statsrec_session_ended_at_shutdown),
	    cmocka_unit_test(test_statsrec_killed_process_at_destroy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
