/* SPDX-License-Identifier: MIT */
/*
 * In-process runs: the machine and the in-process MMU set up from a run's
 * options, exit wrapped so that each process's statistics are recorded as it
 * exits (a killed process is noticed because its step ended without the
 * exit operation), and the end of the run.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "datafiles.h"
#include "inproc.h"
#include "inproc_env.h"
#include "procstats.h"
#include "recorder.h"
#include "refpager.h"
#include "report.h"

#define INPROCRUN_LAUNCHER 1000

/* One run at a time (the machine is a singleton). */
static struct inproc_env {
	struct procstats *ps;
	char tmpdir[PATH_MAX]; /* the private files directory, or "" */
	bool exited;           /* the exit operation ran during this step */
	struct report *report; /* --html: the run being recorded; NULL: none */
} ir;

static void inproc_env_exit(void)
{
	procstats_exiting(ir.ps, inproc_running());
	recorder_exited(inproc_running());
	ir.exited = true;
	inproc_exit();
}

/* The operations with --record: each tells the recorder. */
static uintptr_t inproc_env_map(uintptr_t filename, unsigned int block)
{
	uintptr_t page = inproc_map(filename, block);

	recorder_mapped(inproc_running(), page, filename != 0);
	return page;
}

/* An access, recorded before it is made (it may fault and kill). A killed
 * process is forgotten once it is gone. */
static int inproc_env_access(uintptr_t addr, bool write, uint8_t *byte)
{
	pid_t pid = inproc_running();
	int err;

	if (recorder_on() && pid)
		recorder_access(pid, machine_page_table(pid), addr, write);
	err = write ? inproc_store(addr, *byte) : inproc_load(addr, byte);
	if (err == -EFAULT)
		recorder_exited(pid);
	return err;
}

static int inproc_env_load(uintptr_t addr, uint8_t *out)
{
	return inproc_env_access(addr, false, out);
}

static int inproc_env_store(uintptr_t addr, uint8_t value)
{
	return inproc_env_access(addr, true, &value);
}

static pid_t inproc_env_fork(void)
{
	pid_t parent = inproc_running(), child = inproc_fork();

	recorder_forked(parent, child);
	return child;
}

static void inproc_env_yield(void)
{
	recorder_yielded();
	inproc_yield();
}

const struct exec_ops inproc_env_ops = {
    .map = inproc_env_map,
    .load = inproc_env_load,
    .store = inproc_env_store,
    .fork = inproc_env_fork,
    .yield = inproc_env_yield,
    .exit = inproc_env_exit,
};

int inproc_env_start(const struct run_opts *o, const struct pgd_geometry *g, const struct script *s)
{
	struct machine_config cfg;
	char msg[256];
	int err;

	machine_config_defaults(&cfg);
	cfg.ops = &refpager_ops;
	if (o->policy) {
		const struct policy_params params = {.seed = o->policy_seed};

		refpager_use_policy(o->policy, &params);
	}
	cfg.geom = *g;
	cfg.log_pid_form = o->log_pid_form;
	cfg.log_stats_only = o->log_stats_only;
	if (machine_geometry_validate(&cfg.geom, msg, sizeof(msg))) {
		fprintf(stderr, "pgd-run: %s: %s\n", o->path, msg);
		return -EINVAL;
	}
	ir = (struct inproc_env){.ps = procstats_new()};
	if (!ir.ps)
		return -ENOMEM;
	cfg.files_dir = o->files_dir;
	if (!cfg.files_dir) {
		err = datafiles_mkdir(ir.tmpdir, sizeof(ir.tmpdir));
		if (err) {
			fprintf(stderr, "pgd-run: files directory: %s\n", strerror(-err));
			goto out_stats;
		}
		cfg.files_dir = ir.tmpdir;
	}
	err = datafiles_create(s, cfg.files_dir, g->page_size, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "pgd-run: %s\n", msg);
		goto out_dir;
	}
	cfg.log = o->log;
	cfg.check = o->check;
	if (o->html) {
		err = report_start(o->html, o->log, &ir.report, &cfg.log);
		if (err)
			goto out_dir;
		machine_observe(report_step, ir.report);
	}
	if (o->record) {
		err = recorder_open(o->record, g);
		if (err) {
			fprintf(stderr, "pgd-run: --record %s: %s\n", o->record, strerror(-err));
			goto out_report;
		}
	}
	err = inproc_start(&cfg, INPROCRUN_LAUNCHER);
	if (err)
		goto out_record;
	return 0;
out_record:
	if (o->record)
		recorder_close();
out_report:
	if (ir.report) {
		machine_observe(NULL, NULL);
		report_finish(ir.report, o->path);
	}
out_dir:
	if (ir.tmpdir[0])
		datafiles_remove(ir.tmpdir);
out_stats:
	procstats_free(ir.ps);
	ir.ps = NULL;
	return err;
}

void inproc_env_step_begin(pid_t pid, bool may_kill)
{
	ir.exited = false;
	if (may_kill)
		procstats_before(ir.ps, pid);
}

void inproc_env_step_end(pid_t pid, bool alive)
{
	if (!alive && !ir.exited)
		procstats_killed(ir.ps, pid);
}

int inproc_env_finish(const struct run_opts *o)
{
	int err = 0;

	while (inproc_running())
		inproc_env_exit();
	procstats_log(ir.ps);
	if (o->stats_json) {
		FILE *f = fopen(o->stats_json, "w");

		err = f ? procstats_json(ir.ps, f) : -errno;
		if (f && fclose(f) && !err)
			err = -errno;
		if (err)
			fprintf(stderr, "pgd-run: %s: %s\n", o->stats_json, strerror(-err));
	}
	inproc_stop();
	if (ir.report) {
		machine_observe(NULL, NULL);
		if (report_finish(ir.report, o->path) && !err)
			err = -EIO;
	}
	if (o->record) {
		int rerr = recorder_close();

		if (rerr)
			fprintf(stderr, "pgd-run: --record %s: %s\n", o->record, strerror(-rerr));
		if (rerr && !err)
			err = rerr;
	}
	if (ir.tmpdir[0])
		datafiles_remove(ir.tmpdir);
	procstats_free(ir.ps);
	ir = (struct inproc_env){0};
	return err;
}
