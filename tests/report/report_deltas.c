/* SPDX-License-Identifier: MIT */
/*
 * The run behind test report_deltas: an in-process run of the reference
 * pager (4 frames) long enough for three keyframes (6 swap pages written
 * round-robin, a fork with copy-on-write, a file page whose name JSON must
 * escape), recorded for the report (report.c) while an observer also writes
 * the machine's own view after every call, one JSON line per step:
 * {"dump": machine_dump as JSON, "ptes": {pid: [[ppage, r, w], ...]}}.
 * Usage: report_deltas REPORT.html EXPECTED.jsonl. test_report_deltas.py
 * then checks in the browser that the report's state at each step is that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inproc.h"
#include "refpager.h"
#include "report.h"

#define PAGES 6
#define ROUNDS 120

static struct report *rep;
static FILE *expected;

static void ptes_json(pid_t pid, const struct pgd_pte *ptes, size_t nr, void *arg)
{
	bool *first = arg;

	fprintf(expected, "%s\"%ld\":[", *first ? "" : ",", (long)pid);
	for (size_t i = 0; i < nr; i++)
		fprintf(expected, "%s[%u,%u,%u]", i ? "," : "", ptes[i].ppage, ptes[i].read_enable,
		        ptes[i].write_enable);
	fputc(']', expected);
	*first = false;
}

static void observe(void *arg)
{
	bool first = true;

	report_step(arg);
	fputs("{\"dump\":", expected);
	machine_dump(expected, true);
	fseek(expected, -1, SEEK_CUR); /* the dump's newline */
	fputs(",\"ptes\":{", expected);
	machine_each_table(ptes_json, &first);
	fputs("}}\n", expected);
}

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "report_deltas: %s failed\n", what);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct machine_config cfg;
	char dir[] = "/tmp/pgd-report-XXXXXX", path[64];
	uintptr_t page[PAGES], name;
	FILE *f, *log;
	uint8_t b;

	if (argc != 3) {
		fprintf(stderr, "usage: report_deltas REPORT.html EXPECTED.jsonl\n");
		return 2;
	}
	check(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/d\"1", dir);
	f = fopen(path, "w");
	check(f != NULL, "the data file");
	for (size_t i = 0; i < PGD_DEFAULT_PAGE_SIZE; i++)
		fputc('F', f);
	fclose(f);
	expected = fopen(argv[2], "w");
	check(expected != NULL, argv[2]);
	check(report_start(argv[1], NULL, &rep, &log) == 0, "report_start");
	machine_config_defaults(&cfg);
	cfg.ops = &refpager_ops;
	cfg.files_dir = dir;
	cfg.check = true;
	cfg.geom.memory_pages = 4;
	cfg.geom.swap_blocks = 16;
	cfg.log = log;
	machine_observe(observe, rep);
	check(inproc_start(&cfg, 1000) == 0, "inproc_start");
	check(inproc_attach() > 0, "attach");
	for (int i = 0; i < PAGES; i++)
		page[i] = inproc_map(0, 0);
	name = page[0];
	check(inproc_store_str(name, "d\"1") == 0, "the file name");
	check(inproc_load(inproc_map(name, 0), &b) == 0 && b == 'F', "the file page");
	for (int r = 0; r < ROUNDS; r++)
		for (int i = 1; i < PAGES; i++)
			check(inproc_store(page[i], (uint8_t)r) == 0, "a store");
	check(inproc_fork() > 0, "fork");
	check(inproc_store(page[1], 1) == 0, "the parent's store");
	inproc_yield();
	check(inproc_store(page[1], 2) == 0, "the child's store");
	inproc_exit();
	inproc_stop();
	machine_observe(NULL, NULL);
	check(report_finish(rep, "report_deltas") == 0, "report_finish");
	check(fclose(expected) == 0, argv[2]);
	unlink(path);
	rmdir(dir);
	return 0;
}
