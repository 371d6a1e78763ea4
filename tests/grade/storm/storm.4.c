/* SPDX-License-Identifier: MIT */
/* A fork storm: forks until fork fails (the grader's process bound), then
 * says so and exits; each child yields until its parent is gone. storm.4.out
 * expects nothing of the sort, so the run ends as a failure, not a
 * timeout. */
#include <stdio.h>
#include <unistd.h>

#include "vm_app.h"

int main(void)
{
	pid_t parent = getpid();

	for (;;) {
		pid_t pid = fork();

		if (pid == 0) {
			while (getppid() == parent)
				vm_yield();
			return 0;
		}
		if (pid < 0) {
			printf("fork failed: bounded\n");
			return 0;
		}
	}
}
