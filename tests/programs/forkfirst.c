/* SPDX-License-Identifier: MIT */
/*
 * A classic program whose first library call is fork(), made twice; only
 * the first child maps and touches a page, the second makes no call at
 * all. Run under pagerd it must be managed from its start (semantics.md
 * section 3): vm_create(launcher, P) and vm_switch(P), then each fork's
 * vm_create(P, child) with P running. Once attached, pgd_fork_unmanaged
 * refuses (EBUSY). Exit status 0 if every check held.
 */
#include <errno.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pagerd/client.h"
#include "vm_app.h"

/* A child's exit status, or -1. */
static int forkfirst_reap(pid_t child)
{
	int status;

	if (waitpid(child, &status, 0) != child || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(void)
{
	pid_t mapper, idle;
	volatile char *p;

	mapper = fork();
	if (mapper < 0)
		return 10;
	if (mapper == 0) {
		p = (volatile char *)vm_map(NULL, 0);
		if (!p)
			return 1;
		p[0] = 'c';
		return p[0] == 'c' ? 0 : 2;
	}
	idle = fork();
	if (idle < 0)
		return 11;
	if (idle == 0)
		return 0;
	if (pgd_fork_unmanaged() != -1 || errno != EBUSY)
		return 12;
	vm_yield(); /* both children run to their exit, then this process */
	if (forkfirst_reap(mapper) != 0 || forkfirst_reap(idle) != 0)
		return 13;
	return 0;
}
