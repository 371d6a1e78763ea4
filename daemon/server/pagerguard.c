/* SPDX-License-Identifier: MIT */
/*
 * The guard around a loaded pager's calls. The signal handlers run on the
 * pager thread's alternate stack (a stack overflow is caught too): in an
 * armed call they keep the signal and the backtrace and siglongjmp back to
 * pagerthread.c's sigsetjmp; anywhere else the signal is pagerd's own and
 * takes its default action. A call over the timeout is interrupted by
 * SIGXCPU sent to the pager thread by the loop thread, for the call it
 * measured only (a sequence number tells the calls apart). The report is
 * written after the jump, in ordinary context, on the pager thread.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "elfsym.h"
#include "evlog.h"
#include "machine.h"
#include "pagerguard.h"

#define PAGERGUARD_MAX_FRAMES 64
#define PAGERGUARD_ALTSTACK (64 * 1024)

static const int pagerguard_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGXCPU};

static struct pagerguard {
	bool enabled;            /* immutable after pagerguard_init */
	void *module_base;       /* immutable: where the pager module is loaded */
	uint64_t timeout_ns;     /* immutable; 0: none */
	pthread_t thread;        /* immutable after pagerguard_thread_start */
	sigjmp_buf env;          /* pager thread */
	void (*name)(const void *ctx, char *buf, size_t len); /* pager thread: the armed call */
	const void *ctx;
	atomic_bool armed;       /* pager thread writes; handlers and loop thread read */
	atomic_uint_fast64_t seq;        /* bumped at each arm */
	atomic_uint_fast64_t started_ns; /* when the armed call started */
	atomic_uint_fast64_t timed_out;  /* the seq the loop thread interrupted */
	/* Pager thread, from the failure on. */
	int signo;               /* the signal; 0: a check (what) */
	void *fault_addr;        /* si_addr of SIGSEGV, SIGBUS */
	char what[256];          /* the check that failed */
	void *frames[PAGERGUARD_MAX_FRAMES];
	int nr_frames;
	char failure[512];       /* pagerguard_failure */
} guard;

static uint64_t pagerguard_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void pagerguard_on_signal(int signo, siginfo_t *si, void *uctx)
{
	(void)uctx;
	if (!atomic_load(&guard.armed) || !pthread_equal(pthread_self(), guard.thread)) {
		if (signo == SIGXCPU)
			return; /* the call it was meant for is over */
		/* pagerd's own fault: the default action, as the fault recurs
		 * (or abort raises again) once the handler returns */
		signal(signo, SIG_DFL);
		return;
	}
	if (signo == SIGXCPU && atomic_load(&guard.timed_out) != atomic_load(&guard.seq))
		return;
	atomic_store(&guard.armed, false);
	guard.signo = signo;
	guard.fault_addr = signo == SIGSEGV || signo == SIGBUS ? si->si_addr : NULL;
	guard.nr_frames = backtrace(guard.frames, PAGERGUARD_MAX_FRAMES);
	siglongjmp(guard.env, 1);
}

int pagerguard_init(const void *vm_init, unsigned int timeout_s)
{
	struct sigaction sa = {.sa_sigaction = pagerguard_on_signal,
	                       .sa_flags = SA_SIGINFO | SA_ONSTACK};
	Dl_info info;
	void *warm[1];

	if (!dladdr(vm_init, &info))
		return -ENOENT;
	guard.module_base = info.dli_fbase;
	guard.timeout_ns = (uint64_t)timeout_s * 1000000000u;
	/* the first backtrace loads the unwinder (malloc, dlopen): not in a
	 * signal handler */
	backtrace(warm, 1);
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(pagerguard_signals) / sizeof(pagerguard_signals[0]); i++)
		if (sigaction(pagerguard_signals[i], &sa, NULL))
			return -errno;
	guard.enabled = true;
	return 0;
}

bool pagerguard_enabled(void)
{
	return guard.enabled;
}

void pagerguard_thread_start(void)
{
	stack_t ss = {.ss_size = PAGERGUARD_ALTSTACK};

	guard.thread = pthread_self();
	/* the stack lives as long as the thread, which lives until exit */
	ss.ss_sp = malloc(ss.ss_size);
	if (ss.ss_sp && sigaltstack(&ss, NULL))
		free(ss.ss_sp);
}

sigjmp_buf *pagerguard_env(void)
{
	return &guard.env;
}

void pagerguard_arm(void (*name)(const void *ctx, char *buf, size_t len), const void *ctx)
{
	guard.name = name;
	guard.ctx = ctx;
	atomic_store(&guard.started_ns, pagerguard_now_ns());
	atomic_fetch_add(&guard.seq, 1);
	atomic_store(&guard.armed, true);
}

void pagerguard_disarm(void)
{
	atomic_store(&guard.armed, false);
}

void pagerguard_bug(const char *what)
{
	atomic_store(&guard.armed, false);
	guard.signo = 0;
	guard.nr_frames = 0; /* the pager returned: none of its frames is left */
	snprintf(guard.what, sizeof(guard.what), "%s", what);
	siglongjmp(guard.env, 1);
}

void pagerguard_watch(void)
{
	uint64_t seq = atomic_load(&guard.seq);

	if (!guard.enabled || !guard.timeout_ns || !atomic_load(&guard.armed) ||
	    atomic_load(&guard.timed_out) == seq ||
	    pagerguard_now_ns() - atomic_load(&guard.started_ns) < guard.timeout_ns)
		return;
	atomic_store(&guard.timed_out, seq);
	pthread_kill(guard.thread, SIGXCPU);
}

/* What went wrong, after the call's name. */
static void pagerguard_cause(char *buf, size_t len)
{
	if (!guard.signo)
		snprintf(buf, len, "invalid result: %s", guard.what);
	else if (guard.signo == SIGXCPU)
		snprintf(buf, len, "did not return within %" PRIu64 " s (--pager-timeout)",
		         guard.timeout_ns / 1000000000u);
	else if (guard.fault_addr || guard.signo == SIGSEGV || guard.signo == SIGBUS)
		snprintf(buf, len, "SIG%s (%s at address %p)", sigabbrev_np(guard.signo),
		         sigdescr_np(guard.signo), guard.fault_addr);
	else
		snprintf(buf, len, "SIG%s (%s)", sigabbrev_np(guard.signo),
		         sigdescr_np(guard.signo));
}

/* One line to standard error and, as a '#' line, to the log. */
static void pagerguard_say(const char *line)
{
	fprintf(stderr, "pagerd: %s\n", line);
	evlog_comment("%s", line);
}

/* One of the pager's frames: "#N function+0xOFF (module+0xOFFSET)". The
 * name comes from the module's full symbol table, then its dynamic one;
 * it is looked up one byte before the address, which for a return address
 * (every frame but the innermost) may be just past its function's end. */
static void pagerguard_frame(char *line, size_t len, int n, void *pc, const Dl_info *info)
{
	uintptr_t offset = (uintptr_t)pc - (uintptr_t)info->dli_fbase, off = 0;
	char name[128];

	if (!elfsym_find(info->dli_fname, offset - 1, name, sizeof(name), &off)) {
		off++;
	} else if (info->dli_sname) {
		snprintf(name, sizeof(name), "%s", info->dli_sname);
		off = (uintptr_t)pc - (uintptr_t)info->dli_saddr;
	} else {
		snprintf(name, sizeof(name), "??");
	}
	snprintf(line, len, "  #%d %s+0x%" PRIxPTR " (%s+0x%" PRIxPTR ")", n, name, off,
	         info->dli_fname, offset);
}

void pagerguard_report(void)
{
	char call[160], cause[320], line[640];
	int shown = 0;

	machine_abandon();
	guard.name(guard.ctx, call, sizeof(call));
	pagerguard_cause(cause, sizeof(cause));
	snprintf(guard.failure, sizeof(guard.failure), "%s: %s", call, cause);
	snprintf(line, sizeof(line), "the pager failed in %s", guard.failure);
	pagerguard_say(line);
	for (int i = 0; i < guard.nr_frames; i++) {
		Dl_info info;

		if (!dladdr(guard.frames[i], &info) || info.dli_fbase != guard.module_base)
			continue;
		if (!shown++)
			pagerguard_say("the pager's frames, innermost first (addr2line -f -e "
			               "MODULE OFFSET names a line):");
		pagerguard_frame(line, sizeof(line), shown - 1, guard.frames[i], &info);
		pagerguard_say(line);
	}
	snprintf(line, sizeof(line),
	         "every client is ended; pagerd exits with status %d (docs/usage.md, "
	         "\"When the pager fails\")",
	         PAGERGUARD_EXIT_STATUS);
	pagerguard_say(line);
	evlog_flush();
}

const char *pagerguard_failure(void)
{
	return guard.failure;
}
