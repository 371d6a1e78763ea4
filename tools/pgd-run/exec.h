/* SPDX-License-Identifier: MIT */
/*
 * The step interpreter shared by the executors: it runs one step of one
 * simulated process against a set of operations (the in-process MMU, or the
 * client library in a real process), checks the step's expectation, reports
 * a failed one as "path:line: process: problem" on stderr and writes the
 * step to the trace. What differs between executors is only the operations
 * and who decides which process runs next.
 */
#ifndef PGD_RUN_EXEC_H
#define PGD_RUN_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "script.h"
#include "trace.h"

struct exec_ops {
	uintptr_t (*map)(uintptr_t filename, unsigned int block); /* 0: NULL */
	/* 0, or -EFAULT when the access killed the process (in a real
	 * process a killing access does not return). */
	int (*load)(uintptr_t addr, uint8_t *out);
	int (*store)(uintptr_t addr, uint8_t value);
	/* Child pid in the parent, 0 in a real child, -1 if vm_create failed. */
	pid_t (*fork)(void);
	void (*yield)(void);
	void (*exit)(void); /* the running process; a real process does not return */
};

/* The run. Immutable while steps run, apart from nr_failures. */
struct exec_env {
	const char *path;
	const struct script *script;
	const struct exec_ops *ops;
	struct trace *trace; /* NULL: no trace */
	size_t page_size;
	uintptr_t arena_base;
	unsigned int nr_failures;
};

/* One simulated process: where it is in its steps and its variables.
 * Owned by whoever runs it (the in-process driver, or the real process). */
struct exec_proc {
	const struct script_proc *proc;
	size_t pc;
	pid_t pid;
	uintptr_t *vals; /* per script variable */
};

int exec_proc_init(struct exec_proc *p, const struct script *s, const struct script_proc *proc,
                   pid_t pid, const uintptr_t *vals);
void exec_proc_fini(struct exec_proc *p);

/* The step about to run, or NULL when the process has run all of them. */
const struct script_step *exec_next(const struct exec_proc *p);

/* Run p's next step (exit if it has none). Returns true while the process
 * lives on; false once it exited or was killed. *child gets the pid of a
 * child created by a fork step in the parent (else 0). A failed expectation
 * ends the process (exit), like `exit`. */
bool exec_step(struct exec_env *env, struct exec_proc *p, pid_t *child);

#endif
