/* SPDX-License-Identifier: MIT */
/*
 * --record in an in-process run: the reference string the client MMU of a
 * daemon run writes (client/mmu.c), made here from the in-process MMU's
 * accesses, with the same rule: an access is recorded unless the same
 * process touched the same page last (and wrote it, if this one writes),
 * and after a yield the next access is recorded again. Each process's
 * vm_map pages say whether a page is file- or swap-backed; a readable entry
 * on frame 0 makes it a zero-page access. Caller's thread only.
 */
#ifndef PGD_RUN_RECORDER_H
#define PGD_RUN_RECORDER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "pagerd/pager.h"

/* Create path (truncated) with the header. 0 or -errno. */
int recorder_open(const char *path, const struct pgd_geometry *g);
/* Close it; 0, or the first -errno a write or the close met. */
int recorder_close(void);
bool recorder_on(void);

/* What the running process pid did; each is a no-op without a recording. */
void recorder_mapped(pid_t pid, uintptr_t page_addr, bool file);
void recorder_forked(pid_t parent, pid_t child);
void recorder_exited(pid_t pid);
void recorder_yielded(void);
/* An access by pid at addr, about to be made; pte is pid's page table. */
void recorder_access(pid_t pid, const struct pgd_pte *ptes, uintptr_t addr, bool write);

#endif
