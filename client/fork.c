/* SPDX-License-Identifier: MIT */
/*
 * fork(), interposed on libc's (found with dlsym(RTLD_NEXT)). A process not
 * attached yet attaches first, as on any other first call, so a program
 * that forks before anything else is managed from its start: vm_create and
 * vm_switch for it, then the fork's vm_create with it running. Then the
 * real fork happens and the child waits on a pipe while the parent asks
 * pagerd for vm_create(parent, child). If that fails, the child exits
 * unseen and fork returns -1 (ENOMEM). Otherwise the parent passes the
 * child FORK_OK's one-time token through the pipe and re-syncs its
 * mappings (copy-on-write took its write permissions), and the child drops
 * everything it inherited, attaches as a forked child presenting the
 * token and waits for its turn on the CPU before fork returns 0 in it.
 * pgd_fork_unmanaged is libc's fork for launchers, which are no programs.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "client-internal.h"
#include "pagerd/client.h"

static pid_t fork_real(void)
{
	static pid_t (*real)(void);

	if (!real)
		real = (pid_t(*)(void))dlsym(RTLD_NEXT, "fork");
	if (!real)
		client_fatal("cannot find libc's fork: %s", dlerror());
	return real();
}

static void fork_child(int gate, pid_t parent)
{
	uint64_t token = 0;
	ssize_t n;

	client_forget(); /* the parent's connection, page table, frames */
	do
		n = read(gate, &token, sizeof(token));
	while (n < 0 && errno == EINTR);
	close(gate);
	if (n != (ssize_t)sizeof(token))
		_exit(127); /* vm_create failed: this process never existed */
	if (client_attach(PROTO_ATTACH_FORKED, parent, token))
		_exit(1);
}

CLIENT_API pid_t fork(void)
{
	struct proto_msg req = { .type = PROTO_FORK }, ans;
	pid_t parent = getpid(), child;
	int gate[2];

	api_attach_or_exit();
	if (pipe2(gate, O_CLOEXEC))
		return -1;
	child = fork_real();
	if (child < 0) {
		close(gate[0]);
		close(gate[1]);
		return -1;
	}
	if (!child) {
		close(gate[1]);
		fork_child(gate[0], parent);
		return 0;
	}
	close(gate[0]);
	req.fork.child = child;
	client_call(&req, PROTO_FORK_OK, &ans);
	if (ans.fork_ok.result) {
		close(gate[1]);
		waitpid(child, NULL, 0);
		errno = ENOMEM;
		return -1;
	}
	if (write(gate[1], &ans.fork_ok.token, sizeof(ans.fork_ok.token)) !=
	    (ssize_t)sizeof(ans.fork_ok.token))
		client_warn("cannot release the forked child %ld", (long)child);
	close(gate[1]);
	mmu_sync();
	return child;
}

CLIENT_API pid_t pgd_fork_unmanaged(void)
{
	if (client.attached) {
		errno = EBUSY;
		return -1;
	}
	return fork_real();
}
