/* SPDX-License-Identifier: MIT */
/*
 * The in-process MMU: simulated processes that live in this process and make
 * the same pager calls, in the same order, as real clients under the daemon.
 * Each byte access checks the running process's machine page table as the
 * real MMU would and faults through the machine until the PTE allows it; a
 * refused fault kills the process. The running process's table and the
 * geometry (as shifts and masks) are cached, so that an access that hits
 * looks nothing up. Single-threaded, like the machine.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inproc.h"
#include "runq.h"

/* A pager that answers every fault with 0 without granting the access would
 * loop for ever; after this many faults in a row the MMU gives up. */
#define INPROC_MAX_RETRIES 1000

/* The simulated processes and what the MMU needs of the machine. Caller's
 * thread, like the machine. */
static struct inproc {
	struct runq *runq; /* run queue; its front is the running process */
	pid_t launcher;    /* the parent of every attached program */
	pid_t next_pid;    /* given to the next process created */
	/* The front of runq and its page table (NULL if none), refreshed by
	 * inproc_follow_runq whenever the front changes. */
	pid_t running;
	const struct pgd_pte *ptes;
	/* The geometry, immutable from inproc_start to inproc_stop. */
	uintptr_t arena_base;
	size_t arena_pages;
	unsigned int page_shift; /* page size = 1 << page_shift */
	uintptr_t page_mask;     /* page size - 1 */
	unsigned int memory_pages;
	uint8_t *physmem;
} inproc;

/* After a change to the run queue: if its front is not the process that
 * ran, cache the new one and its table and switch to it (vm_switch is made
 * only when the running process changes). */
static void inproc_follow_runq(void)
{
	pid_t front = runq_running(inproc.runq);

	if (front == inproc.running)
		return;
	inproc.running = front;
	inproc.ptes = front ? machine_page_table(front) : NULL;
	if (front)
		machine_switch(front);
}

int inproc_start(const struct machine_config *cfg, pid_t launcher)
{
	const struct pgd_geometry *g = &cfg->geom;
	int err;

	inproc.runq = runq_new();
	if (!inproc.runq)
		return -ENOMEM;
	err = machine_start(cfg);
	if (err) {
		runq_free(inproc.runq);
		inproc.runq = NULL;
		return err;
	}
	inproc.launcher = launcher;
	inproc.next_pid = launcher + 1;
	inproc.arena_base = g->arena_base;
	inproc.arena_pages = g->arena_pages;
	inproc.page_shift = (unsigned int)__builtin_ctzll(g->page_size); /* a power of two */
	inproc.page_mask = g->page_size - 1;
	inproc.memory_pages = g->memory_pages;
	inproc.physmem = machine_physmem();
	return 0;
}

void inproc_stop(void)
{
	while (inproc_running())
		inproc_exit();
	machine_stop();
	runq_free(inproc.runq);
	inproc.runq = NULL;
}

pid_t inproc_running(void)
{
	return inproc.running;
}

/* Create pid as a child of parent. The run-queue entry is made first, so
 * that a failure after a successful vm_create cannot happen. */
static pid_t inproc_create(pid_t parent)
{
	pid_t pid = inproc.next_pid++;

	if (runq_add(inproc.runq, pid))
		return -1;
	if (machine_create(parent, pid)) {
		runq_remove(inproc.runq, pid);
		return -1;
	}
	return pid;
}

pid_t inproc_attach(void)
{
	pid_t pid = inproc_create(inproc.launcher);

	inproc_follow_runq(); /* it runs if nothing did */
	return pid;
}

pid_t inproc_fork(void)
{
	if (!inproc_running())
		return -1;
	return inproc_create(inproc_running());
}

void inproc_yield(void)
{
	runq_yield(inproc.runq);
	inproc_follow_runq();
}

void inproc_exit(void)
{
	pid_t pid = inproc.running;

	if (!pid)
		return;
	machine_destroy();
	runq_remove(inproc.runq, pid);
	inproc_follow_runq();
}

uintptr_t inproc_map(uintptr_t filename, unsigned int block)
{
	if (!inproc_running())
		return 0;
	return machine_map(filename, block);
}

static void inproc_pager_bug(const char *what, uintptr_t addr)
{
	fprintf(stderr, "pagerd: pager bug: %s (pid %ld, address 0x%" PRIxPTR ")\n", what,
	        (long)inproc_running(), addr);
	abort();
}

/* Where the running process's access at offset into the arena lands in
 * physical memory, or NULL if its PTE does not allow it. */
static uint8_t *inproc_translate(uintptr_t offset, bool write)
{
	struct pgd_pte pte = inproc.ptes[offset >> inproc.page_shift];

	if (pte.write_enable && !pte.read_enable)
		inproc_pager_bug("PTE with write_enable but not read_enable",
		                 inproc.arena_base + offset);
	if (!(write ? pte.write_enable : pte.read_enable))
		return NULL;
	if (pte.ppage >= inproc.memory_pages)
		inproc_pager_bug("PTE points past physical memory", inproc.arena_base + offset);
	return inproc.physmem + ((size_t)pte.ppage << inproc.page_shift) +
	       (offset & inproc.page_mask);
}

/* One byte access by the running process. Outside the arena it is a plain
 * SIGSEGV, as in a real client: the pager is not asked. In the arena, fault
 * until the PTE allows the access, or kill the process if the pager
 * refuses. */
static int inproc_access(uintptr_t addr, bool write, uint8_t *byte)
{
	uintptr_t offset = addr - inproc.arena_base; /* wraps below the arena */
	uint8_t *p;

	if (!inproc.running)
		return -ESRCH;
	if (addr < inproc.arena_base || offset >> inproc.page_shift >= inproc.arena_pages)
		goto out_kill;
	for (int tries = 0; !(p = inproc_translate(offset, write)); tries++) {
		if (tries == INPROC_MAX_RETRIES)
			inproc_pager_bug("vm_fault keeps returning 0 without granting access",
			                 addr);
		if (machine_fault(addr, write))
			goto out_kill;
	}
	if (write)
		*p = *byte;
	else
		*byte = *p;
	return 0;

out_kill:
	inproc_exit();
	return -EFAULT;
}

int inproc_load(uintptr_t addr, uint8_t *out)
{
	return inproc_access(addr, false, out);
}

int inproc_store(uintptr_t addr, uint8_t value)
{
	return inproc_access(addr, true, &value);
}

int inproc_read(uintptr_t addr, void *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int err = inproc_load(addr + i, (uint8_t *)buf + i);

		if (err)
			return err;
	}
	return 0;
}

int inproc_write(uintptr_t addr, const void *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int err = inproc_store(addr + i, ((const uint8_t *)buf)[i]);

		if (err)
			return err;
	}
	return 0;
}

int inproc_store_str(uintptr_t addr, const char *s)
{
	return inproc_write(addr, s, strlen(s) + 1);
}
