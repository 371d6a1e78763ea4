/* SPDX-License-Identifier: MIT */
/*
 * Building with the C or C++ compiler ($CC or cc, $CXX or c++) through sh,
 * so that --build-flags may hold $(pkg-config ...): a test program into
 * out_dir/NAME.M, a pager's sources into out_dir/pager.so. The compiler's
 * messages go to out_dir/NAME.M.build.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "grade.h"

static bool build_is_cxx(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot && (!strcmp(dot, ".cpp") || !strcmp(dot, ".cc") || !strcmp(dot, ".cxx"));
}

/* 0 if sh ran cmd with status 0. */
static int build_sh(const char *cmd)
{
	int st = system(cmd);

	return st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

/* The compiler command for source into output with extra flags before it
 * and flags after it, messages into log. */
static char *build_command(const char *source, const char *extra, const char *flags,
                           const char *output, const char *log)
{
	char *qs = grade_quote(source), *qo = grade_quote(output), *ql = grade_quote(log);
	char *cmd =
	    grade_fmt("%s %s %s %s -o %s >%s 2>&1",
	              build_is_cxx(source) ? "${CXX:-c++}" : "${CC:-cc}", extra, qs, flags, qo, ql);

	free(qs);
	free(qo);
	free(ql);
	return cmd;
}

int grade_build_test(const struct grade_opts *o, struct grade_test *t)
{
	char *src = grade_fmt("%s/%s", o->tests_dir, t->source);
	char *bin = grade_fmt("%s/%s", o->out_dir, t->name);
	char *log = grade_fmt("%s.build", bin);
	char *cmd = build_command(src, "", o->build_flags, bin, log);
	int err = build_sh(cmd);

	if (err) {
		char *msg = grade_slurp(log);

		t->detail = grade_fmt("%s: does not build:\n%s", src, msg ? msg : "");
		free(msg);
	}
	free(cmd);
	free(log);
	free(bin);
	free(src);
	return err;
}

char *grade_build_pager(const struct grade_opts *o, const char *path)
{
	const char *dot = strrchr(path, '.');
	char *so, *log, *cmd;

	if (dot && !strcmp(dot, ".so")) {
		so = realpath(path, NULL);
		if (!so)
			fprintf(stderr, "pgd-grade: %s: %s\n", path, strerror(errno));
		return so;
	}
	/* Built under a name of its own, then renamed: jobs of --emit-jobs
	 * may share out_dir. */
	so = grade_fmt("%s/pager.%d.so", o->out_dir, (int)getpid());
	log = grade_fmt("%s/pager.%d.build", o->out_dir, (int)getpid());
	cmd = build_command(path, "-shared -fPIC", o->pager_flags, so, log);
	if (build_sh(cmd)) {
		char *msg = grade_slurp(log);

		fprintf(stderr, "pgd-grade: %s: does not build:\n%s", path, msg ? msg : "");
		free(msg);
		free(so);
		so = NULL;
	} else {
		char *final = grade_fmt("%s/pager.so", o->out_dir);

		if (rename(so, final))
			fprintf(stderr, "pgd-grade: %s: %s\n", final, strerror(errno));
		free(so);
		so = final;
	}
	free(cmd);
	free(log);
	return so;
}
