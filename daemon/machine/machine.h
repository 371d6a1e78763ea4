/* SPDX-License-Identifier: MIT */
/*
 * The simulated machine a pager runs on: physical memory, one page table per
 * process, the swap file, the event log, and the wrappers through which every
 * pager call is made (log the call, make it, copy a classic pager's page
 * table into the shared one, log the result and the MMU's view, run
 * vm_check). The classic interface is made of globals, so there is one
 * machine per process. Both the daemon and the in-process MMU drive pagers
 * only through these functions. All of it runs on one thread at a time (the
 * pager thread in the daemon).
 */
#ifndef PAGERD_MACHINE_H
#define PAGERD_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "pagerd/pager.h"
#include "pager_ops.h"

struct machine_config {
	struct pgd_geometry geom;
	const char *files_dir;	/* vm_map files are relative to it; NULL: cwd */
	const char *swap_dir;	/* the swap file's directory; NULL: $TMPDIR or /tmp */
	FILE *log;		/* the event log; NULL: logging off */
	const char *log_name;	/* its name in messages; NULL: none */
	bool log_pid_form;	/* the pid text form (--log-format pid) */
	bool log_stats_only;	/* only the log's '#' lines (--stats-only) */
	bool check;		/* run ops->check after every pager call */
	const struct pager_ops *ops;
	/* Set: after every call, the pager's result is checked (a PTE naming
	 * no frame of memory or writable without being readable, a vm_map
	 * address outside the arena, vm_fault returning 0 without allowing
	 * the access MACHINE_MAX_IDLE_FAULTS times in a row), and a bad one
	 * is handed to it with what was wrong, before it is logged. It must
	 * not return. NULL: no such checks (the reference pager). */
	void (*pager_bug)(const char *what);
};

/* vm_fault answers of 0 in a row for one page that did not allow the
 * access before the pager is said to loop (pager_bug). */
#define MACHINE_MAX_IDLE_FAULTS 100

/* Fill cfg with the default geometry, no log, and no pager: the machine
 * knows pagers only through pager_ops; the caller names one. */
void machine_config_defaults(struct machine_config *cfg);
/* Check a geometry; 0 or -EINVAL with a message naming the problem. */
int machine_geometry_validate(const struct pgd_geometry *g, char *err, size_t errlen);

/* Create physical memory and the swap file, log "Pager started ...", call
 * vm_init. 0 or -errno (message on stderr; -EINVAL if cfg names no pager). */
int machine_start(const struct machine_config *cfg);
/* Write back dirty file pages (ops->sync, logged after a '#' line), call
 * ops->fini, free tables, physical memory, the swap file. */
void machine_stop(void);
/* The pager failed (crashed, hung, or gave an invalid result): it is never
 * called again, and machine_stop neither syncs nor finishes it. */
void machine_abandon(void);

/* The pager calls. pid arguments are real or simulated pids. */
/* child's table is made first: 0; -1 if vm_create refused or child exists;
 * -errno (EMFILE, ENFILE, ENOMEM) if its page table could not be made. */
int machine_create(pid_t parent, pid_t child);
void machine_switch(pid_t pid);
uintptr_t machine_map(uintptr_t filename, unsigned int block); /* 0: NULL */
int machine_fault(uintptr_t addr, bool write);
void machine_destroy(void);	/* the current process; frees its table */

/* Inspection. */
pid_t machine_current(void);			/* 0 if none */
const struct pgd_geometry *machine_geometry(void);
struct pgd_pte *machine_page_table(pid_t pid);	/* NULL if none */
int machine_page_table_fd(pid_t pid);		/* -1 if none */
int machine_physmem_fd(void);
void *machine_physmem(void);
FILE *machine_log(void);			/* NULL when logging is off */
/* The pager's statistics of pid (0: all): 0, -ENOENT if the pager does not
 * manage pid, -ENOTSUP if the pager keeps none. */
int machine_stats(pid_t pid, struct pgd_stats *out);
/* The pager's frame table, clock queue and swap use (text or JSON) to out:
 * 0, -ESRCH before start, -ENOTSUP if the pager cannot show it. */
int machine_dump(FILE *out, bool json);
/* Every page table, in creation order: fn(pid, its valid entries, arg). */
void machine_each_table(void (*fn)(pid_t pid, const struct pgd_pte *ptes, size_t nr_valid,
                                   void *arg),
                        void *arg);
/* fn(arg) after vm_init and after every pager call, once the call is logged
 * and its page table published (the state a step-through report shows);
 * NULL: none. One observer; it stays until replaced. */
void machine_observe(void (*fn)(void *arg), void *arg);

#endif
