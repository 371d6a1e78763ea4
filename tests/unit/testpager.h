/* SPDX-License-Identifier: MIT */
/*
 * A small, honest pager for testing the machine and the in-process MMU: page
 * i of every process is frame i + 1 (processes share memory), mapped on the
 * first fault. It counts its calls and has switches that make it misbehave
 * on purpose. testpager_ops uses the machine's page tables; the classic
 * variant keeps its own, as a course pager does.
 */
#ifndef PAGERD_TESTPAGER_H
#define PAGERD_TESTPAGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pager_ops.h"

#define TESTPAGER_MAX_PROCS 8

struct testpager_proc {
	pid_t pid;                  /* 0: slot free */
	size_t nr_mapped;           /* vm_map'd pages */
	struct pgd_page_table *own; /* classic variant: its own table */
};

struct testpager {
	/* what the machine told it */
	unsigned int memory_pages, swap_blocks;
	uintptr_t last_map_filename;
	unsigned int last_map_block;
	/* calls counted */
	unsigned int nr_init, nr_create, nr_switch, nr_map, nr_fault, nr_destroy;
	unsigned int nr_check, nr_sync, nr_fini;
	/* switches set by tests */
	bool refuse_create; /* vm_create returns -1 */
	bool lazy;          /* vm_fault returns 0 and grants nothing */
	bool bad_pte;       /* vm_fault sets write_enable without read_enable */
	/* state */
	bool classic;
	struct testpager_proc *current;
	struct testpager_proc procs[TESTPAGER_MAX_PROCS];
};

extern struct testpager testpager;
extern const struct pager_ops testpager_ops;
extern const struct pager_ops testpager_classic_ops;

#endif
