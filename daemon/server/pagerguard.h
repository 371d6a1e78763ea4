/* SPDX-License-Identifier: MIT */
/*
 * The guard around a loaded pager's calls (--pager): a crash in the pager
 * (SIGSEGV, SIGBUS, SIGILL, SIGFPE, abort and failed asserts), a call that
 * runs longer than --pager-timeout, and an invalid result found by the
 * machine (machine_config.pager_bug) all end the call the same way: the
 * pager thread jumps back to where the call was made, the report (the
 * call, the pid, what went wrong, the pager's frames) goes to standard
 * error and, as '#' lines, to the log, and the pager is never called again.
 * The daemon then ends every client with ERROR(ENOTRECOVERABLE) and exits
 * with PAGERGUARD_EXIT_STATUS.
 */
#ifndef PAGERD_PAGERGUARD_H
#define PAGERD_PAGERGUARD_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>

/* pagerd's exit status after a pager failure: EX_SOFTWARE (sysexits.h). */
#define PAGERGUARD_EXIT_STATUS 70

/* --pager-timeout's default, in seconds. */
#define PAGERGUARD_TIMEOUT_S 5

/* Guard the calls of the pager module whose entry point vm_init is
 * (its frames are the ones a backtrace shows): install the signal
 * handlers. timeout_s: the longest call (0: no limit). Main thread, before
 * the pager thread starts; 0 or -errno. */
int pagerguard_init(const void *vm_init, unsigned int timeout_s);
/* Whether pagerguard_init was called. */
bool pagerguard_enabled(void);
/* Pager thread, once: the alternate signal stack. */
void pagerguard_thread_start(void);

/* Around one job on the pager thread: arm after sigsetjmp(*env) returned 0,
 * disarm after the job. When sigsetjmp returns nonzero, the pager failed
 * in the armed job: pagerguard_report writes the report. */
sigjmp_buf *pagerguard_env(void);
/* name(ctx, buf, len) writes the armed call as the report names it
 * ("vm_fault(0x600000000, write) for pid 42"); ctx must live until
 * pagerguard_report. */
void pagerguard_arm(void (*name)(const void *ctx, char *buf, size_t len), const void *ctx);
void pagerguard_disarm(void);
void pagerguard_report(void);

/* The machine's pager_bug: an invalid result of the armed call. */
void pagerguard_bug(const char *what) __attribute__((noreturn));

/* Loop thread, every so often: if the armed call has run longer than the
 * timeout, interrupt it (it then fails like a crash). */
void pagerguard_watch(void);

/* The failure in a few words ("vm_fault(0x600000000, write) for pid 42:
 * SIGSEGV"), after the pager failed; "" before. */
const char *pagerguard_failure(void);

#endif
