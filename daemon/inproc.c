/* SPDX-License-Identifier: MIT */
/*
 * The in-process MMU: simulated processes that live in this process and make
 * the same pager calls, in the same order, as real clients under the daemon.
 * Each byte access checks the running process's machine page table as the
 * real MMU would and faults through the machine until the PTE allows it; a
 * refused fault kills the process. Single-threaded, like the machine.
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

/* The simulated processes. Caller's thread, like the machine. */
static struct inproc {
	struct runq *runq; /* run queue; its front is the running process */
	pid_t launcher;      /* the parent of every attached program */
	pid_t next_pid;      /* given to the next process created */
} inproc;

int inproc_start(const struct machine_config *cfg, pid_t launcher)
{
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
	return inproc.runq ? runq_running(inproc.runq) : 0;
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

	if (pid > 0 && inproc_running() == pid)
		machine_switch(pid);
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
	pid_t before = inproc_running();

	runq_yield(inproc.runq);
	if (inproc_running() != before)
		machine_switch(inproc_running());
}

void inproc_exit(void)
{
	pid_t pid = inproc_running();

	if (!pid)
		return;
	machine_destroy();
	runq_remove(inproc.runq, pid);
	if (inproc_running())
		machine_switch(inproc_running());
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

static bool inproc_in_arena(uintptr_t addr)
{
	const struct pgd_geometry *g = machine_geometry();

	return addr >= g->arena_base && (addr - g->arena_base) / g->page_size < g->arena_pages;
}

/* Where the running process's access to addr (in the arena) lands in
 * physical memory, or NULL if its PTE does not allow it. */
static uint8_t *inproc_translate(uintptr_t addr, bool write)
{
	const struct pgd_geometry *g = machine_geometry();
	uintptr_t offset = addr - g->arena_base;
	const struct pgd_pte *pte = &machine_page_table(inproc_running())[offset / g->page_size];

	if (pte->write_enable && !pte->read_enable)
		inproc_pager_bug("PTE with write_enable but not read_enable", addr);
	if (!(write ? pte->write_enable : pte->read_enable))
		return NULL;
	if (pte->ppage >= g->memory_pages)
		inproc_pager_bug("PTE points past physical memory", addr);
	return (uint8_t *)machine_physmem() + (size_t)pte->ppage * g->page_size +
	       offset % g->page_size;
}

/* One byte access by the running process. Outside the arena it is a plain
 * SIGSEGV, as in a real client: the pager is not asked. In the arena, fault
 * until the PTE allows the access, or kill the process if the pager
 * refuses. */
static int inproc_access(uintptr_t addr, bool write, uint8_t *byte)
{
	uint8_t *p;

	if (!inproc_running())
		return -ESRCH;
	if (!inproc_in_arena(addr))
		goto out_kill;
	for (int tries = 0; !(p = inproc_translate(addr, write)); tries++) {
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
