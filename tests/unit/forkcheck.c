/* SPDX-License-Identifier: MIT */
/* forkcheck.h: a child process for a test step that must end its process. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "forkcheck.h"

int forkcheck_run(void (*fn)(void *), void *arg, char *err, size_t errlen)
{
	size_t len = 0;
	int pipefd[2], status;
	pid_t pid;
	ssize_t n;

	assert_int_equal(pipe(pipefd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pipefd[0]);
		dup2(pipefd[1], STDERR_FILENO);
		fn(arg);
		_exit(0);
	}
	close(pipefd[1]);
	for (;;) {
		char scratch[256]; /* the rest, once err is full, so the child never blocks */
		bool full = len + 1 >= errlen;

		n = read(pipefd[0], full ? scratch : err + len,
		         full ? sizeof(scratch) : errlen - 1 - len);
		if (n <= 0)
			break;
		if (!full)
			len += (size_t)n;
	}
	err[len] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}
