/* SPDX-License-Identifier: MIT */
/*
 * Test helpers around pgd-run: fork/exec with redirections, whole-file
 * reads and writes, private directories, and a readable report of the first
 * differing lines of two logs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "wlrun.h"

int wlrun(char *const argv[], const char *out_path, const char *err_path)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (out < 0 || dup2(out, 1) < 0)
			_exit(126);
		if (err_path) {
			int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (err < 0 || dup2(err, 2) < 0)
				_exit(126);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

char *wlrun_read(const char *path)
{
	FILE *f = fopen(path, "r");
	size_t len = 0, cap = 4096, n;
	char *text = malloc(cap);

	if (!f || !text) {
		if (f)
			fclose(f);
		free(text);
		return NULL;
	}
	while ((n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len == 1) {
			cap *= 2;
			text = realloc(text, cap);
			if (!text)
				abort();
		}
	}
	text[len] = 0;
	fclose(f);
	return text;
}

bool wlrun_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs(text, f) >= 0;
	return fclose(f) == 0 && ok;
}

bool wlrun_mkdtemp(char *buf, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(buf, len, "%s/pgd-wltest.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(buf) != NULL;
}

static int wlrun_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void wlrun_rmtree(const char *dir)
{
	nftw(dir, wlrun_rm, 8, FTW_DEPTH | FTW_PHYS);
}

bool wlrun_same(const char *what, const char *expected, const char *actual)
{
	const char *e = expected, *a = actual;
	unsigned int line = 1;

	if (!strcmp(expected, actual))
		return true;
	while (*e && *e == *a) {
		if (*e == '\n')
			line++;
		e++;
		a++;
	}
	while (e > expected && e[-1] != '\n') {
		e--;
		a--;
	}
	fprintf(stderr,
	        "%s: logs differ from line %u on\n--- expected\n%.600s\n--- actual\n%.600s\n", what,
	        line, e, a);
	return false;
}
