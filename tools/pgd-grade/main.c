/* SPDX-License-Identifier: MIT */
/*
 * pgd-grade: the command line, the tests of a directory, and the runs of
 * up to -j of them at a time, each in a worker process that builds, runs
 * and compares one test and hands its result back as its exit status and
 * its detail in out_dir/NAME.M.detail. --emit-jobs prints one pgd-grade
 * command per test instead, for GNU parallel.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade.h"

static const char usage[] =
    "Usage: pgd-grade [OPTIONS] PAGER TESTS-DIR\n"
    "\n"
    "Build each test program TESTS-DIR/NAME.M.c or NAME.M.cpp (M: the memory\n"
    "pages), run it under its own private pagerd with the pager PAGER (a .so,\n"
    "or C/C++ sources that pgd-grade builds into one) and M pages, and compare\n"
    "its output and event log with NAME.M.out ('#' lines dropped, pids\n"
    "renumbered by first appearance). Data files of the tests lie beside them;\n"
    "the runs start in TESTS-DIR. A test passes, fails at its first differing\n"
    "line (shown with the lines before it), crashes (the pager crashed: pagerd\n"
    "died of a signal or exited 70), times out, exceeds the process limit or\n"
    "does not build.\n"
    "\n"
    "Options:\n"
    "  -e, --expected=DIR     the NAME.M.out files are in DIR (default TESTS-DIR)\n"
    "  -r, --reference[=SO]   compare with a run of the reference pager SO\n"
    "                         (default: pagerd's own) instead of NAME.M.out\n"
    "  -o, --out=DIR          keep binaries and outputs (NAME.M.got) in DIR\n"
    "                         (default: a temporary directory, removed)\n"
    "  -j, --jobs=N           run N tests at a time (default 2)\n"
    "  -t, --timeout=SECONDS  end a run after SECONDS (default 10)\n"
    "      --nproc=N          a run may add at most N processes and threads\n"
    "                         (default 256): a fork storm fails its forks\n"
    "                         (RLIMIT_NPROC) or is killed (as root)\n"
    "      --only=NAME.M      run only that test\n"
    "      --pagerd=PATH      the pagerd to run (default: pagerd on PATH)\n"
    "      --classic=GEN      run every pagerd with --classic GEN (docs/classic.md)\n"
    "                         and build with pkg-config module pagerd-classic-GEN\n"
    "                         unless --build-flags or --pager-flags say otherwise\n"
    "      --build-flags=WORDS  sh words after a test's source (default\n"
    "                         '$(pkg-config --cflags --libs pagerd)')\n"
    "      --pager-flags=WORDS  sh words after a pager's source (default\n"
    "                         '$(pkg-config --cflags pagerd)')\n"
    "      --json=FILE        write the results as JSON to FILE ('-': stdout)\n"
    "      --junit=FILE       write the results as JUnit XML to FILE\n"
    "      --emit-jobs        print one pgd-grade command per test and run\n"
    "                         nothing: `pgd-grade --emit-jobs ... | parallel`\n"
    "  -h, --help             print this help and exit\n"
    "  -V, --version          print the version and exit\n"
    "\n"
    "Exit status: 0 if every test passed, 1 if any did not, 2 for a bad\n"
    "command line or a pager or directory that cannot be used.\n"
    "\n"
    "Examples:\n"
    "  pgd-grade mypager.cpp tests/\n"
    "  pgd-grade -j 2 --junit grade.xml --reference mypager.so tests/\n"
    "  pgd-grade --emit-jobs mypager.so tests/ | parallel --sshlogin 4/host1,4/host2\n"
    "\n"
    "See docs/usage.md (For teachers) and docs/pager-guide.md.\n";

enum {
	OPT_NPROC = 256,
	OPT_ONLY,
	OPT_PAGERD,
	OPT_CLASSIC,
	OPT_BUILD,
	OPT_PAGER_FLAGS,
	OPT_JSON,
	OPT_JUNIT,
	OPT_EMIT
};

static const struct option options[] = {
    {"expected", required_argument, NULL, 'e'},
    {"reference", optional_argument, NULL, 'r'},
    {"out", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    {"timeout", required_argument, NULL, 't'},
    {"nproc", required_argument, NULL, OPT_NPROC},
    {"only", required_argument, NULL, OPT_ONLY},
    {"pagerd", required_argument, NULL, OPT_PAGERD},
    {"classic", required_argument, NULL, OPT_CLASSIC},
    {"build-flags", required_argument, NULL, OPT_BUILD},
    {"pager-flags", required_argument, NULL, OPT_PAGER_FLAGS},
    {"json", required_argument, NULL, OPT_JSON},
    {"junit", required_argument, NULL, OPT_JUNIT},
    {"emit-jobs", no_argument, NULL, OPT_EMIT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* A number in [min, max] from option name's argument s; exits 2 if not. */
static double main_number(const char *name, const char *s, double min, double max)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v < min || v > max) {
		fprintf(stderr, "pgd-grade: --%s=%s: not a number from %g to %g\n", name, s, min,
		        max);
		exit(2);
	}
	return v;
}

static void main_parse(int argc, char **argv, struct grade_opts *o)
{
	static char build[96], pager[96]; /* --classic's default flags */
	bool build_set = false, pager_set = false;
	int c;

	*o = (struct grade_opts){
	    .pagerd = "pagerd",
	    .build_flags = "$(pkg-config --cflags --libs pagerd)",
	    .pager_flags = "$(pkg-config --cflags pagerd)",
	    .timeout = 10,
	    .nproc = 256,
	    .jobs = 2,
	    .argc = argc,
	    .argv = argv,
	};
	while ((c = getopt_long(argc, argv, "e:r::o:j:t:hV", options, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->expect_dir = optarg;
			break;
		case 'r':
			o->reference = optarg ? optarg : "";
			break;
		case 'o':
			o->out_dir = optarg;
			break;
		case 'j':
			o->jobs = (int)main_number("jobs", optarg, 1, 256);
			break;
		case 't':
			o->timeout = main_number("timeout", optarg, 0.01, 86400);
			break;
		case OPT_NPROC:
			o->nproc = (long)main_number("nproc", optarg, 1, 1 << 20);
			break;
		case OPT_ONLY:
			o->only = optarg;
			break;
		case OPT_PAGERD:
			o->pagerd = optarg;
			break;
		case OPT_CLASSIC:
			o->classic = optarg;
			break;
		case OPT_BUILD:
			o->build_flags = optarg;
			build_set = true;
			break;
		case OPT_PAGER_FLAGS:
			o->pager_flags = optarg;
			pager_set = true;
			break;
		case OPT_JSON:
			o->json = optarg;
			break;
		case OPT_JUNIT:
			o->junit = optarg;
			break;
		case OPT_EMIT:
			o->emit_jobs = true;
			break;
		case 'h':
			fputs(usage, stdout);
			exit(0);
		case 'V':
			printf("pgd-grade %s\n", PAGERD_VERSION);
			exit(0);
		default:
			fputs("Try 'pgd-grade --help'.\n", stderr);
			exit(2);
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr,
		        "pgd-grade: give a PAGER and a TESTS-DIR\nTry 'pgd-grade --help'.\n");
		exit(2);
	}
	/* A generation's headers come with its own pkg-config module. Which
	 * names exist is pagerd's to say (its --classic message); a name
	 * only has to fit the flags' buffers here. */
	if (o->classic && strlen(o->classic) > 32) {
		fprintf(stderr, "pgd-grade: --classic=%.32s...: longer than any generation's name\n",
		        o->classic);
		exit(2);
	}
	if (o->classic && !build_set) {
		snprintf(build, sizeof(build), "$(pkg-config --cflags --libs pagerd-classic-%s)",
		         o->classic);
		o->build_flags = build;
	}
	if (o->classic && !pager_set) {
		snprintf(pager, sizeof(pager), "$(pkg-config --cflags pagerd-classic-%s)", o->classic);
		o->pager_flags = pager;
	}
	o->pager = argv[optind];
	o->tests_dir = argv[optind + 1];
	if (!o->expect_dir)
		o->expect_dir = o->tests_dir;
}

/* The test that file names, NAME.M.c or NAME.M.cpp; false for another. */
static bool main_test_name(const char *file, struct grade_test *t)
{
	const char *ext = strrchr(file, '.'), *m;
	char *end;
	unsigned long memory;

	if (!ext || (strcmp(ext, ".c") && strcmp(ext, ".cpp")) || ext == file)
		return false;
	for (m = ext - 1; m > file && m[-1] != '.'; m--)
		;
	if (m == file || m == ext)
		return false;
	errno = 0;
	memory = strtoul(m, &end, 10);
	if (end != ext || errno || memory < 2 || memory > UINT_MAX || *m < '0' || *m > '9')
		return false;
	*t = (struct grade_test){
	    .name = grade_fmt("%.*s", (int)(ext - file), file),
	    .source = strdup(file),
	    .memory = (unsigned)memory,
	};
	return true;
}

static int main_by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The tests of tests_dir in name order (only --only if given); -1 with a
 * message if the directory cannot be read. */
static int main_tests(const struct grade_opts *o, struct grade_test **tests)
{
	struct dirent **names = NULL;
	int n = scandir(o->tests_dir, &names, NULL, main_by_name), nr = 0;

	if (n < 0) {
		fprintf(stderr, "pgd-grade: %s: %s\n", o->tests_dir, strerror(errno));
		return -1;
	}
	*tests = calloc((size_t)n + 1, sizeof(**tests));
	if (!*tests)
		abort();
	for (int i = 0; i < n; i++) {
		struct grade_test *t = &(*tests)[nr];

		if (main_test_name(names[i]->d_name, t)) {
			if (!o->only || !strcmp(o->only, t->name))
				nr++;
			else
				free(t->name), free(t->source);
		}
		free(names[i]);
	}
	free(names);
	return nr;
}

/* One test, in a worker: its result as the exit status, its detail in
 * out_dir/NAME.M.detail. */
static void main_worker(const struct grade_opts *o, struct grade_test *t, const char *pager,
                        const char *reference)
{
	char *got = grade_fmt("%s/%s.got", o->out_dir, t->name);
	char *expect = reference ? grade_fmt("%s/%s.ref", o->out_dir, t->name)
	                         : grade_fmt("%s/%s.out", o->expect_dir, t->name);
	char *path = grade_fmt("%s/%s.detail", o->out_dir, t->name);
	enum grade_result r;
	char *detail = NULL;
	FILE *f;

	unlink(path); /* a detail left by an earlier run into --out */
	if (grade_build_test(o, t)) {
		r = GRADE_BUILD;
		detail = t->detail;
	} else if (!reference && access(expect, R_OK)) {
		r = GRADE_NOEXPECT;
		detail = grade_fmt("%s: %s", expect, strerror(errno));
	} else if (reference && (r = grade_run(o, t, *reference ? reference : NULL, expect,
	                                       &detail)) != GRADE_PASS) {
		char *d = grade_fmt("the reference pager: %s", detail);

		free(detail);
		detail = d;
	} else if ((r = grade_run(o, t, pager, got, &detail)) == GRADE_PASS) {
		r = grade_compare(expect, got, &detail);
	}
	if (detail && (f = fopen(path, "w"))) {
		fputs(detail, f);
		fclose(f);
	}
	_exit((int)r);
}

static double main_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Every test, o->jobs at a time. */
static void main_run_all(const struct grade_opts *o, struct grade_test *t, int nr,
                         const char *pager, const char *reference)
{
	pid_t *pids = calloc((size_t)nr + 1, sizeof(*pids));
	double *start = calloc((size_t)nr + 1, sizeof(*start));
	int next = 0, running = 0;

	if (!pids || !start)
		abort();
	fflush(NULL);
	while (next < nr || running) {
		int st, i;
		pid_t pid;

		if (next < nr && running < o->jobs) {
			start[next] = main_now();
			pids[next] = fork();
			if (pids[next] == 0)
				main_worker(o, &t[next], pager, reference);
			if (pids[next] < 0) {
				t[next].result = GRADE_CRASH;
				t[next].detail = grade_fmt("cannot fork: %s", strerror(errno));
			} else {
				running++;
			}
			next++;
			continue;
		}
		pid = wait(&st);
		for (i = 0; i < next && pids[i] != pid; i++)
			;
		if (pid < 0 || i == next)
			continue;
		running--;
		t[i].seconds = main_now() - start[i];
		t[i].result = WIFEXITED(st) && WEXITSTATUS(st) < GRADE_NR_RESULTS
		                  ? (enum grade_result)WEXITSTATUS(st)
		                  : GRADE_CRASH;
		char *path = grade_fmt("%s/%s.detail", o->out_dir, t[i].name);
		t[i].detail = grade_slurp(path);
		free(path);
	}
	free(pids);
	free(start);
}

/* The command line again with --only NAME.M, without --emit-jobs. */
static void main_emit(const struct grade_opts *o, const struct grade_test *t, int nr)
{
	for (int i = 0; i < nr; i++) {
		char *q = grade_quote(t[i].name);

		for (int a = 0; a < o->argc; a++) {
			char *w;

			if (!strcmp(o->argv[a], "--emit-jobs"))
				continue;
			if (a == optind) /* before the operands */
				printf("--only=%s ", q);
			w = grade_quote(o->argv[a]);
			printf("%s ", w);
			free(w);
		}
		printf("\n");
		free(q);
	}
}

/* path made absolute (the runs start elsewhere), or NULL after a message
 * naming it. */
static char *main_absolute(const char *path)
{
	char *abs = realpath(path, NULL);

	if (!abs)
		fprintf(stderr, "pgd-grade: %s: %s\n", path, strerror(errno));
	return abs;
}

int main(int argc, char **argv)
{
	struct grade_opts o;
	struct grade_test *tests = NULL;
	char tmp[] = "/tmp/pgd-grade.XXXXXX", *out_abs = NULL, *pager = NULL, *dir_abs = NULL;
	char *pagerd_abs = NULL, *reference_abs = NULL;
	int nr, status = 0;
	bool temporary = false;

	main_parse(argc, argv, &o);
	nr = main_tests(&o, &tests);
	if (nr < 0)
		return 2;
	if (o.emit_jobs) {
		main_emit(&o, tests, nr);
		goto out;
	}
	if (!o.out_dir) {
		if (!(o.out_dir = mkdtemp(tmp))) {
			perror("pgd-grade: /tmp");
			status = 2;
			goto out;
		}
		temporary = true;
	} else if (mkdir(o.out_dir, 0755) && errno != EEXIST) {
		fprintf(stderr, "pgd-grade: --out=%s: %s\n", o.out_dir, strerror(errno));
		status = 2;
		goto out;
	}
	/* The runs start in the tests' directory: every path absolute. */
	if (!(out_abs = realpath(o.out_dir, NULL)) || !(dir_abs = realpath(o.tests_dir, NULL))) {
		fprintf(stderr, "pgd-grade: %s: %s\n", out_abs ? o.tests_dir : o.out_dir,
		        strerror(errno));
		status = 2;
		goto out;
	}
	o.out_dir = out_abs;
	o.tests_dir = dir_abs;
	if (strchr(o.pagerd, '/'))
		o.pagerd = pagerd_abs = main_absolute(o.pagerd);
	if (o.reference && *o.reference &&
	    !(o.reference = reference_abs = main_absolute(o.reference)))
		status = 2;
	pager = grade_build_pager(&o, o.pager);
	if (!pager || !o.pagerd || status) {
		status = 2;
		goto out;
	}
	main_run_all(&o, tests, nr, pager, o.reference);
	grade_table(tests, nr);
	for (int i = 0; i < nr; i++)
		if (tests[i].result != GRADE_PASS)
			status = 1;
	if ((o.json && grade_json(o.json, tests, nr)) ||
	    (o.junit && grade_junit(o.junit, tests, nr)))
		status = 2;
out:
	if (temporary && out_abs) {
		char *q = grade_quote(out_abs), *cmd = grade_fmt("rm -rf %s", q);

		if (system(cmd))
			fprintf(stderr, "pgd-grade: %s: not removed\n", out_abs);
		free(cmd);
		free(q);
	}
	for (int i = 0; i < nr; i++) {
		free(tests[i].name);
		free(tests[i].source);
		free(tests[i].detail);
	}
	free(tests);
	free(pager);
	free(pagerd_abs);
	free(reference_abs);
	free(out_abs);
	free(dir_abs);
	return status;
}
