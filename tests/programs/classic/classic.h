/* SPDX-License-Identifier: MIT */
/*
 * What the classic scenario programs share, usable from C and C++. A script
 * of workloads/ may have several top-level processes that all attach before
 * any of them takes a step; a classic program cannot order that by itself,
 * so classic_launch plays the course infrastructure that starts a test's
 * programs (it is not attached itself). The checks report on standard error
 * and exit 1, in every build type.
 */
#ifndef PAGERD_TESTS_CLASSIC_H
#define PAGERD_TESTS_CLASSIC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How a top-level process must end. */
enum classic_end {
	CLASSIC_EXITS,  /* exit status 0 */
	CLASSIC_KILLED, /* the script's `expect kill`: SIGSEGV */
};

/* One top-level process of a script. Immutable. */
struct classic_proc {
	const char *name; /* the script's name for it */
	void (*run)(void);
	enum classic_end end;
};

/*
 * Fork the processes in order, each attached (vm_create) before the next is
 * forked, while the first, which holds the simulated CPU, waits; then let
 * them run, reap them and everything they fork (as their subreaper), and
 * check how each ended: procs[i].end, and exit status 0 for forked children.
 * Returns the program's exit status: 0, or 1 after saying on standard error
 * which process ended otherwise.
 */
int classic_launch(const struct classic_proc *procs, size_t nr);

/* A check failed: say what and where, then exit(1). */
void classic_fail(const char *what, const char *file, int line) __attribute__((noreturn));
/* An assert() that NDEBUG does not remove. */
#define CHECK(cond) ((cond) ? (void)0 : classic_fail(#cond, __FILE__, __LINE__))

/* Store s and its NUL at p, byte by byte in ascending order, as a script's
 * `write p "s"` does. Not strcpy: the order of its stores is unspecified
 * (GCC inlines it and may store the NUL first), and the address of the
 * first store that faults shows in the log. */
void classic_store_str(volatile char *p, const char *s);
/* Load n bytes from p, in ascending order; each must be c ("read p 'c'*n"). */
void classic_expect_bytes(const volatile char *p, char c, size_t n);
/* Load strlen(s) + 1 bytes from p, in ascending order; they must be s and
 * its NUL ("read p \"s\""). */
void classic_expect_str(const volatile char *p, const char *s);

#ifdef __cplusplus
}
#endif

#endif
