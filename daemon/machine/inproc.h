/* SPDX-License-Identifier: MIT */
/*
 * The in-process MMU: plays the client side of pagerd without sockets.
 * Simulated processes (numbered pids) load and store bytes at arena
 * addresses; each access checks the process's page table exactly as the
 * real MMU does and calls vm_fault (through the machine) when the PTE does
 * not allow it, then retries. Scheduling uses the daemon's scheduler, so the
 * log is the one the daemon prints for the same sequence of operations.
 */
#ifndef PAGERD_INPROC_H
#define PAGERD_INPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "machine.h"

/* Start the machine with cfg. Simulated pids: the launcher is `launcher`,
 * processes get launcher+1, launcher+2, ... in order of creation. */
int inproc_start(const struct machine_config *cfg, pid_t launcher);
/* Destroy every remaining process (vm_destroy each, in run-queue order),
 * then machine_stop. */
void inproc_stop(void);

/* A new program attaches: vm_create(launcher, pid), queued; if no process
 * runs, it is switched to. Returns the pid, or -1 if vm_create failed (the
 * pid is used up all the same, as a real program's would be). */
pid_t inproc_attach(void);
/* fork() in the running process: vm_create(running, child); the child is
 * queued. Child pid, or -1 (nothing created). */
pid_t inproc_fork(void);
/* vm_yield: the running process goes to the back; vm_switch is logged if
 * the running process changes. */
void inproc_yield(void);
/* Exit of the running process: vm_destroy, then the next one runs. */
void inproc_exit(void);
pid_t inproc_running(void);

/* vm_map by the running process; filename is an arena address (0: swap).
 * Returns the page's arena address, 0 for NULL. */
uintptr_t inproc_map(uintptr_t filename, unsigned int block);
/* A load or store by the running process. If vm_fault returns -1, or the
 * address is outside the arena (a plain SIGSEGV: the real client does not
 * ask the pager then, so neither does this), the process is killed
 * (vm_destroy, next one runs) and -EFAULT is returned. -ESRCH if no process
 * runs. */
int inproc_load(uintptr_t addr, uint8_t *out);
int inproc_store(uintptr_t addr, uint8_t value);
/* Helpers over the byte accesses, in address order; stop at the first
 * killing fault. */
int inproc_store_str(uintptr_t addr, const char *s); /* includes the NUL */
int inproc_read(uintptr_t addr, void *buf, size_t len);
int inproc_write(uintptr_t addr, const void *buf, size_t len);

#endif
