/* SPDX-License-Identifier: MIT */
/*
 * The native API of the pagerd client library (libpagerd-client), beside the
 * classic vm_app.h names it also implements. A program attaches to the
 * daemon named by $PAGERD_SOCKET on its first call (fork() included); these
 * functions also tell it the geometry the daemon runs with, which may differ
 * from the classic constants of vm_arena.h.
 */
#ifndef PAGERD_CLIENT_H
#define PAGERD_CLIENT_H

#include <stddef.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Attach now (the other calls attach on first use): connect, vm_create,
 * then wait for the simulated CPU. 0, or -errno with a message on stderr
 * (the other calls exit(1) instead, as a classic program cannot check). */
int pgd_attach(void);
/* vm_map and vm_yield of vm_app.h. */
void *pgd_map(const char *filename, unsigned int block);
void pgd_yield(void);
/* The arena the daemon gives this process: its first byte, its size in
 * bytes, and the page size. */
void *pgd_arena_base(void);
size_t pgd_arena_size(void);
size_t pgd_page_size(void);
/* libc's fork() for a launcher: a process that links this library to start
 * programs but is not one itself. fork() attaches a process that is not
 * attached yet (it is a program from its start); this does not, and the
 * child is not attached either (its first call attaches it as a new
 * program, the launcher its parent). In an attached process it fails
 * (-1, errno EBUSY): the child would share the parent's arena. */
pid_t pgd_fork_unmanaged(void);

#ifdef __cplusplus
}
#endif

#endif
