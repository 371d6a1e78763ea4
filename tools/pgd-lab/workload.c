/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab compare on a workload script: the script run for real by pgd-run
 * under each online policy (a private pagerd and real client processes, or
 * --in-process), as many runs at a time as there are CPUs, in a private
 * directory removed afterwards. Each row comes from the run's
 * --stats-json "global" object and the length of its --record recording.
 * Each run is a process group of its own, so that Ctrl-C reaches pgd-lab
 * alone, which kills the groups still running and prints what is done.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "pagerd/defaults.h"
#include "script.h"
#include "selfpath.h"
#include "slurp.h"

#define WL_MAX_RUNS (LAB_MAX_POLICIES + 1) /* the policies asked, and clock */
#define WL_MAX_PARALLEL 8
#define WL_POLL_NS 10000000L /* 10 ms between looks at the runs */

/* The "global" keys read, in the order of the stats line (docs/workloads.md
 * section 4). */
enum wl_key {
	WL_ZERO_FILL,
	WL_SWAP_IN,
	WL_FILE_IN,
	WL_COW_COPY,
	WL_PERMISSION,
	WL_FAILED,
	WL_EVICT_CLEAN,
	WL_EVICT_DIRTY,
	WL_SWAP_READS,
	WL_SWAP_WRITES,
	WL_FILE_READS,
	WL_FILE_WRITES,
	WL_NR_KEYS
};

static const char *const wl_keys[WL_NR_KEYS] = {
    "faults_zero_fill", "faults_swap_in",  "faults_file_in",  "faults_cow_copy",
    "faults_permission", "faults_failed",  "evictions_clean", "evictions_dirty",
    "swap_reads",	 "swap_writes",	   "file_reads",      "file_writes",
};

/* One pgd-run, owned by the loop of lab_compare_workload. */
struct wl_run {
	const char *policy;
	pid_t pid;	      /* > 0 while running */
	bool done;	      /* ran to the end, v and refs read */
	uint64_t v[WL_NR_KEYS];
	uint64_t refs;	      /* references in the recording */
};

struct wl {
	const struct lab_args *a;
	char dir[PATH_MAX];   /* private: the runs' files, removed after */
	char pgd_run[PATH_MAX];
	struct wl_run runs[WL_MAX_RUNS];
	unsigned int nr_runs; /* runs[0, nr_policies) are a's policies */
	int clock;	      /* the run of clock, -1 if none */
};

bool lab_workload_name(const char *arg)
{
	size_t n = strlen(arg);

	return n > 4 && !strcmp(arg + n - 4, ".pgd");
}

int lab_workload_args(struct lab_args *a, const char *frames, bool trace_opts)
{
	static const char record[] = "record it (pgd-run --record F SCRIPT) and run "
				     "pgd-lab compare --frames N F";

	if (frames) {
		fprintf(stderr,
			"pgd-lab: --frames: a workload runs with the memory of its script's "
			"'memory' line; to compare at another size, %s\n",
			record);
		return -EINVAL;
	}
	if (trace_opts) {
		fprintf(stderr, "pgd-lab: --format and --page-size are for traces, not for a "
				"workload script (*.pgd)\n");
		return -EINVAL;
	}
	for (unsigned int p = 0; p < a->nr_policies; p++)
		if (!a->policies[p]->online) {
			fprintf(stderr,
				"pgd-lab: --policies: %s is an offline policy: it cannot run a "
				"workload; to compare it, %s\n",
				a->policies[p]->name, record);
			return -EINVAL;
		}
	if (!a->nr_policies)
		for (unsigned int i = 0; policy_all[i] && i < LAB_MAX_POLICIES; i++)
			a->policies[a->nr_policies++] = lab_policy_find(policy_all[i]->name);
	return 0;
}

/* pgd-run next to pgd-lab (installed, both are in bin/), else the one the
 * build made (as pgd-run finds pagerd, run_daemon.c). */
static void wl_find_pgd_run(char *path, size_t len)
{
	static const char *const here[] = {"."};

	selfpath_find("pgd-run", here, 1, PGD_LAB_PGD_RUN, path, len);
}

/* The pages a policy has: the script's memory less the zero page. 0 and a
 * message if the script cannot be read or parsed. */
static unsigned int wl_frames(const char *path)
{
	struct script *s = NULL;
	char *text = NULL, err[512];
	size_t len;
	unsigned int frames = 0;
	int ret = slurp(path, &text, &len);

	if (ret)
		fprintf(stderr, "pgd-lab: %s: %s\n", path, strerror(-ret));
	else if (script_parse(path, text, len, &s, err, sizeof(err)))
		fprintf(stderr, "pgd-lab: %s\n", err);
	else
		frames = (s->memory_pages ? s->memory_pages : PGD_DEFAULT_MEMORY_PAGES) - 1;
	script_free(s);
	free(text);
	return frames;
}

static int wl_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* TMP/POLICY.EXT */
static void wl_path(const struct wl *w, const struct wl_run *r, const char *ext, char *path,
		    size_t len)
{
	snprintf(path, len, "%s/%s.%s", w->dir, r->policy, ext);
}

/* Start pgd-run for r in a process group of its own: standard output to
 * /dev/null, standard error to TMP/POLICY.err, TMPDIR the private
 * directory (pgd-run's own files go there, and with it). */
static int wl_start(struct wl *w, struct wl_run *r)
{
	char json[PATH_MAX + 64], rec[PATH_MAX + 64], log[PATH_MAX + 64], err[PATH_MAX + 64];
	char seed[32];
	char *argv[18];
	int n = 0, fd;
	pid_t pid;

	wl_path(w, r, "json", json, sizeof(json));
	wl_path(w, r, "rec", rec, sizeof(rec));
	wl_path(w, r, "log", log, sizeof(log));
	wl_path(w, r, "err", err, sizeof(err));
	snprintf(seed, sizeof(seed), "%llu", (unsigned long long)w->a->seed);
	argv[n++] = w->pgd_run;
	argv[n++] = "--policy";
	argv[n++] = (char *)r->policy;
	argv[n++] = "--policy-seed";
	argv[n++] = seed;
	argv[n++] = "--stats-json";
	argv[n++] = json;
	argv[n++] = "--record";
	argv[n++] = rec;
	argv[n++] = "--log";
	argv[n++] = log;
	argv[n++] = "--stats-only"; /* the statistics are all we read */
	if (w->a->in_process)
		argv[n++] = "--in-process";
	argv[n++] = "--";
	argv[n++] = (char *)w->a->trace;
	argv[n] = NULL;
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "pgd-lab: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || dup2(fd, 2) < 0 || !freopen("/dev/null", "r", stdin) ||
		    !freopen("/dev/null", "w", stdout) || setenv("TMPDIR", w->dir, 1))
			_exit(127);
		execv(argv[0], argv);
		fprintf(stderr, "pgd-lab: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	r->pid = pid;
	return 0;
}

/* Read "key":number pairs from the "global" object of TMP/POLICY.json
 * (pgd-run's flat format). */
static int wl_read_json(const char *path, struct wl_run *r)
{
	char *text = NULL, *g, *end, *grown;
	size_t len;
	int ret = slurp(path, &text, &len);

	if (ret) {
		fprintf(stderr, "pgd-lab: %s: %s\n", path, strerror(-ret));
		return -1;
	}
	grown = realloc(text, len + 1);
	if (!grown) {
		free(text);
		fprintf(stderr, "pgd-lab: out of memory\n");
		return -1;
	}
	text = grown;
	text[len] = 0;
	ret = -1;
	g = strstr(text, "\"global\":{");
	end = g ? strchr(g, '}') : NULL;
	if (!end || strlen(text) != len) {
		fprintf(stderr, "pgd-lab: %s: no \"global\" object in pgd-run's statistics\n", path);
		goto out;
	}
	for (unsigned int k = 0; k < WL_NR_KEYS; k++) {
		char key[64], *at, *stop;

		snprintf(key, sizeof(key), "\"%s\":", wl_keys[k]);
		at = strstr(g, key);
		if (at && at < end) {
			at += strlen(key);
			errno = 0;
			r->v[k] = strtoull(at, &stop, 10);
		}
		if (!at || at >= end || *at < '0' || *at > '9' || errno ||
		    (*stop != ',' && *stop != '}')) {
			fprintf(stderr, "pgd-lab: %s: \"global\" has no number \"%s\"\n", path,
				wl_keys[k]);
			goto out;
		}
	}
	ret = 0;
out:
	free(text);
	return ret;
}

/* r's pgd-run ended with status (waitpid's): its numbers, or a message
 * naming the policy and the script, with pgd-run's standard error. */
static int wl_finish(struct wl *w, struct wl_run *r, int status)
{
	char path[PATH_MAX + 64], err[512];
	char *text = NULL;
	size_t len = 0;
	struct trace t;

	r->pid = 0;
	if (WIFEXITED(status) && !WEXITSTATUS(status)) {
		wl_path(w, r, "json", path, sizeof(path));
		if (wl_read_json(path, r))
			return -1;
		wl_path(w, r, "rec", path, sizeof(path));
		if (tracefmt_read(path, TRACEFMT_RECORD, &w->a->fmt_opts, &t, err, sizeof(err))) {
			fprintf(stderr, "pgd-lab: %s\n", err);
			return -1;
		}
		r->refs = t.n;
		trace_free(&t);
		r->done = true;
		return 0;
	}
	if (WIFSIGNALED(status))
		fprintf(stderr, "pgd-lab: %s under %s: pgd-run was killed by signal %d", w->a->trace,
			r->policy, WTERMSIG(status));
	else
		fprintf(stderr, "pgd-lab: %s under %s: %s (pgd-run's exit status %d)", w->a->trace,
			r->policy,
			WEXITSTATUS(status) == 1   ? "an expectation of the script failed"
			: WEXITSTATUS(status) == 2 ? "pgd-run refused the script or its options"
						   : "pgd-run failed",
			WEXITSTATUS(status));
	wl_path(w, r, "err", path, sizeof(path));
	if (!slurp(path, &text, &len) && len)
		fprintf(stderr, "; its standard error:\n%.*s%s", (int)len, text,
			text[len - 1] == '\n' ? "" : "\n");
	else
		fputs("\n", stderr);
	free(text);
	return -1;
}

static struct wl_run *wl_by_pid(struct wl *w, pid_t pid)
{
	for (unsigned int i = 0; i < w->nr_runs; i++)
		if (w->runs[i].pid == pid)
			return &w->runs[i];
	return NULL;
}

/* Kill every run still going (its whole group: pgd-run, pagerd, the
 * client processes) and reap it. */
static void wl_kill(struct wl *w)
{
	for (unsigned int i = 0; i < w->nr_runs; i++)
		if (w->runs[i].pid > 0) {
			kill(-w->runs[i].pid, SIGKILL);
			while (waitpid(w->runs[i].pid, NULL, 0) < 0 && errno == EINTR)
				;
			w->runs[i].pid = 0;
		}
}

/* Every run, parallel at a time; 0, -1 if one failed (the others that
 * were running finish), 1 if interrupted. */
static int wl_run_all(struct wl *w, unsigned int parallel, struct progress *progress)
{
	const struct timespec poll = {0, WL_POLL_NS};
	unsigned int next = 0, running = 0;
	struct wl_run *r;
	int ret = 0, status;
	pid_t pid;

	while (next < w->nr_runs || running) {
		while (!ret && running < parallel && next < w->nr_runs) {
			if (wl_start(w, &w->runs[next++]))
				ret = -1;
			else
				running++;
		}
		if (!running)
			break;
		pid = waitpid(-1, &status, WNOHANG);
		if (pid > 0 && (r = wl_by_pid(w, pid))) {
			running--;
			if (wl_finish(w, r, status))
				ret = -1;
			progress_add(progress, 1);
		} else if (pid < 0 && errno != EINTR) {
			fprintf(stderr, "pgd-lab: waitpid: %s\n", strerror(errno));
			wl_kill(w);
			return -1;
		} else if (pid <= 0) {
			nanosleep(&poll, NULL);
		}
		if (!progress_add(progress, 0)) {
			wl_kill(w);
			return ret ? ret : 1;
		}
	}
	return ret;
}

/* The faults of every kind a run took. */
static uint64_t wl_faults(const struct wl_run *r)
{
	uint64_t faults = 0;

	for (unsigned int k = WL_ZERO_FILL; k <= WL_FAILED; k++)
		faults += r->v[k];
	return faults;
}

static void wl_row(const struct wl *w, const struct wl_run *r, unsigned int frames,
		   struct output *o)
{
	const uint64_t *v = r->v;
	uint64_t faults = wl_faults(r),
		 misses = v[WL_ZERO_FILL] + v[WL_SWAP_IN] + v[WL_FILE_IN] + v[WL_COW_COPY],
		 clock = w->clock >= 0 && w->runs[w->clock].done ? wl_faults(&w->runs[w->clock]) : 0;
	output_cell(o, 0, "%s", r->policy);
	output_cell(o, 1, "%u", frames);
	output_cell(o, 2, "%llu", (unsigned long long)r->refs);
	output_cell(o, 3, "%llu", (unsigned long long)faults);
	output_cell(o, 4, "%llu", (unsigned long long)v[WL_PERMISSION]);
	for (unsigned int k = WL_EVICT_CLEAN; k <= WL_FILE_WRITES; k++)
		output_cell(o, 5 + k - WL_EVICT_CLEAN, "%llu", (unsigned long long)v[k]);
	output_cell(o, 11, "%.6f", r->refs ? (double)misses / (double)r->refs : 0.0);
	if (clock)
		output_cell(o, 12, "%.4f", (double)faults / (double)clock);
}

int lab_compare_workload(const struct lab_args *a)
{
	static const char *const header[] = {
	    "policy",	       "frames",     "refs",	    "faults",	  "soft_faults",
	    "evictions_clean", "evictions_dirty", "swap_reads", "swap_writes", "file_reads",
	    "file_writes",     "miss_ratio", "faults_vs_clock"};
	struct output o = {.nr_cols = 13, .header = header, .first_numeric = 1};
	struct wl *w = calloc(1, sizeof(*w));
	unsigned int frames = wl_frames(a->trace), done = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct progress progress;
	const char *tmp = getenv("TMPDIR");
	int ret = 1, ran;

	if (!w || !frames) {
		if (!w)
			fprintf(stderr, "pgd-lab: out of memory\n");
		goto out;
	}
	w->a = a;
	w->clock = -1;
	for (unsigned int p = 0; p < a->nr_policies; p++) {
		w->runs[w->nr_runs++].policy = a->policies[p]->name;
		if (!strcmp(a->policies[p]->name, "clock"))
			w->clock = (int)p;
	}
	if (w->clock < 0) { /* run for faults_vs_clock, not shown */
		w->clock = (int)w->nr_runs;
		w->runs[w->nr_runs++].policy = "clock";
	}
	wl_find_pgd_run(w->pgd_run, sizeof(w->pgd_run));
	snprintf(w->dir, sizeof(w->dir), "%s/pgd-lab.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(w->dir)) {
		fprintf(stderr, "pgd-lab: %s: %s\n", w->dir, strerror(errno));
		goto out;
	}
	progress_start_units(&progress, "compare", w->nr_runs, "runs");
	ran = wl_run_all(w,
			 cpus < 1 ? 1 : cpus > WL_MAX_PARALLEL ? WL_MAX_PARALLEL : (unsigned int)cpus,
			 &progress);
	progress_end(&progress);
	nftw(w->dir, wl_rm, 16, FTW_DEPTH | FTW_PHYS);
	if (ran < 0)
		goto out;
	for (unsigned int p = 0; p < a->nr_policies; p++) {
		if (!w->runs[p].done)
			continue;
		if (output_row(&o)) {
			fprintf(stderr, "pgd-lab: out of memory\n");
			goto out;
		}
		wl_row(w, &w->runs[p], frames, &o);
		done++;
	}
	if (ran)
		fprintf(stderr, "pgd-lab: interrupted: %u of %u policies run\n", done,
			a->nr_policies);
	output_print(&o, a->output, stdout);
	ret = ran ? LAB_INTERRUPTED : 0;
out:
	output_free(&o);
	free(w);
	return ret;
}
