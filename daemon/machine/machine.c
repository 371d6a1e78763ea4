/* SPDX-License-Identifier: MIT */
/*
 * The machine a pager runs on, a process-wide singleton because the classic
 * interface is made of globals. It owns physical memory, the page tables, the
 * swap file and the event log, and wraps every pager call: log the call, make
 * it, bring a classic pager's own table into the shared one, log the result
 * and the MMU's view, run vm_check. Everything here runs on the pager thread.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "evlog.h"
#include "fileio.h"
#include "generation.h"
#include "machine.h"
#include "pagetable.h"
#include "physmem.h"

struct pgd_page_table *page_table_base_register;

/* The singleton. Pager thread. */
static struct machine {
	bool started;
	struct machine_config cfg; /* immutable while started */
	pid_t current;             /* the process the MMU runs; 0: none */
	void (*observer)(void *);  /* machine_observe; NULL: none */
	void *observer_arg;
	bool abandoned;            /* machine_abandon: the pager is not called again */
	/* With pager_bug: the vm_fault answers of 0 in a row that did not
	 * allow the access, and the page and process they were for. */
	unsigned int nr_idle_faults;
	uintptr_t idle_vpage;
	pid_t idle_pid;
} machine;

void machine_config_defaults(struct machine_config *cfg)
{
	*cfg = (struct machine_config){
	    .geom =
	        {
	            .page_size = PGD_DEFAULT_PAGE_SIZE,
	            .arena_base = (uintptr_t)PGD_DEFAULT_ARENA_BASE,
	            .arena_pages = PGD_DEFAULT_ARENA_SIZE / PGD_DEFAULT_PAGE_SIZE,
	            .memory_pages = PGD_DEFAULT_MEMORY_PAGES,
	            .swap_blocks = PGD_DEFAULT_SWAP_BLOCKS,
	        },
	};
}

int machine_geometry_validate(const struct pgd_geometry *g, char *err, size_t errlen)
{
	size_t host_page = (size_t)sysconf(_SC_PAGESIZE);

	if (!g->page_size || (g->page_size & (g->page_size - 1)) || g->page_size % host_page) {
		snprintf(err, errlen,
		         "page size %zu is not a power of two and a multiple of the host page "
		         "size %zu",
		         g->page_size, host_page);
		return -EINVAL;
	}
	if (g->memory_pages < 2 || g->memory_pages > (1u << 30)) {
		snprintf(err, errlen, "memory pages %u is not between 2 and %u", g->memory_pages,
		         1u << 30);
		return -EINVAL;
	}
	if (g->swap_blocks < 1) {
		snprintf(err, errlen, "swap blocks %u is not at least 1", g->swap_blocks);
		return -EINVAL;
	}
	if (!g->arena_pages || g->arena_pages > SIZE_MAX / g->page_size / sizeof(struct pgd_pte)) {
		snprintf(err, errlen, "arena of %zu pages is empty or too large", g->arena_pages);
		return -EINVAL;
	}
	if (g->arena_base % g->page_size) {
		snprintf(err, errlen, "arena base 0x%" PRIxPTR " is not page-aligned",
		         g->arena_base);
		return -EINVAL;
	}
	if (g->arena_base > UINTPTR_MAX - g->arena_pages * g->page_size) {
		snprintf(err, errlen,
		         "arena at 0x%" PRIxPTR " of %zu pages wraps the address space",
		         g->arena_base, g->arena_pages);
		return -EINVAL;
	}
	return 0;
}

/* A classic pager compiles its generation's geometry in (vm_arena.h, which
 * records it in pgd_classic_geometry; the default one if it has none). */
static int machine_check_classic(const struct machine_config *cfg, char *err, size_t errlen)
{
	static const struct pgd_classic_geometry defaults = {
	    PGD_DEFAULT_PAGE_SIZE, PGD_DEFAULT_ARENA_SIZE / PGD_DEFAULT_PAGE_SIZE,
	    PGD_DEFAULT_ARENA_BASE};
	const struct pgd_classic_geometry *c = cfg->ops->classic ? cfg->ops->classic : &defaults;
	const struct pgd_geometry *g = &cfg->geom;
	const struct generation *gen;

	if (cfg->ops->geometry_aware ||
	    (g->page_size == c->page_size && g->arena_base == c->arena_base &&
	     g->arena_pages == c->arena_pages))
		return 0;
	gen = generation_of(c->page_size, c->arena_base);
	snprintf(err, errlen,
	         "pager %s is not geometry-aware: it needs page size 0x%" PRIx32
	         " and an arena of %" PRIu32 " pages at 0x%" PRIx64 "%s%s%s",
	         cfg->ops->name ? cfg->ops->name : "(unnamed)", c->page_size, c->arena_pages,
	         c->arena_base, gen ? " (run pagerd --classic " : "", gen ? gen->name : "",
	         gen ? ")" : "");
	return -EINVAL;
}

/* After vm_init and after every pager call: the invariants, then the
 * observer sees the state they hold for. */
static void machine_run_check(void)
{
	if (machine.cfg.check && machine.cfg.ops->check)
		machine.cfg.ops->check();
	if (machine.observer)
		machine.observer(machine.observer_arg);
}

int machine_start(const struct machine_config *cfg)
{
	const struct pgd_geometry *g = &cfg->geom;
	char msg[256];
	int err;

	if (machine.started) {
		fprintf(stderr, "pagerd: the machine is already running\n");
		return -EBUSY;
	}
	if (!cfg->ops) {
		fprintf(stderr, "pagerd: no pager to start the machine with (machine_config.ops)\n");
		return -EINVAL;
	}
	err = machine_geometry_validate(g, msg, sizeof(msg));
	if (!err)
		err = machine_check_classic(cfg, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "pagerd: %s\n", msg);
		return err;
	}
	err = physmem_create(g->memory_pages, g->page_size);
	if (err) {
		fprintf(stderr, "pagerd: physical memory: %s\n", strerror(-err));
		return err;
	}
	err = fileio_start(cfg->files_dir, cfg->swap_dir, g->swap_blocks, g->page_size);
	if (err)
		goto out_physmem; /* fileio_start said why */
	pagetable_setup(g->arena_pages);
	machine.cfg = *cfg;
	machine.current = 0;
	machine.started = true;
	page_table_base_register = NULL;
	evlog_set(cfg->log);
	evlog_set_calls(!cfg->log_stats_only);
	evlog_set_name(cfg->log_name);
	evlog_set_format(cfg->log_pid_form ? EVLOG_PID : EVLOG_ARGS);
	evlog_started(g->memory_pages);
	cfg->ops->init(g->memory_pages, g->swap_blocks);
	machine_run_check();
	return 0;

out_physmem:
	physmem_destroy();
	return err;
}

void machine_stop(void)
{
	const struct pager_ops *ops = machine.cfg.ops;

	if (!machine.started)
		return;
	if (ops->sync && !machine.abandoned) {
		evlog_comment("shutdown: writing back dirty file-backed pages");
		evlog_set_aside(true);
		ops->sync();
		evlog_set_aside(false);
	}
	if (ops->fini && !machine.abandoned)
		ops->fini();
	pagetable_destroy_all();
	physmem_destroy();
	fileio_stop();
	page_table_base_register = NULL;
	evlog_flush();
	evlog_set(NULL);
	machine.current = 0;
	machine.started = false;
	machine.abandoned = false;
}

void machine_abandon(void)
{
	machine.abandoned = true;
}

/* A pager's bug (pager_bug set): say what it is, with the process and
 * the page, and do not come back. */
static void machine_bug(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void machine_bug(const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	machine.cfg.pager_bug(what);
	abort(); /* pager_bug does not return */
}

/* Every entry of the current process's table names a frame of physical
 * memory, and none is writable without being readable (docs/semantics.md,
 * the page table). */
static void machine_validate_table(const struct pgd_pte *ptes, size_t nr_valid)
{
	const struct pgd_geometry *g = &machine.cfg.geom;

	for (size_t i = 0; i < nr_valid; i++) {
		struct pgd_pte pte = ptes[i];
		uintptr_t vpage = g->arena_base / g->page_size + i;

		if (pte.write_enable && !pte.read_enable)
			machine_bug("the page table entry of pid %ld vpage 0x%" PRIxPTR
			            " is writable but not readable (write_enable without "
			            "read_enable)",
			            (long)machine.current, vpage);
		if ((pte.read_enable || pte.write_enable) && pte.ppage >= g->memory_pages)
			machine_bug("the page table entry of pid %ld vpage 0x%" PRIxPTR
			            " names frame %u, beyond physical memory (%u frames)",
			            (long)machine.current, vpage, (unsigned int)pte.ppage,
			            g->memory_pages);
	}
}

/* Show the current process's table as the MMU sees it. A classic pager keeps
 * its own tables and points the base register at one: copy that into the
 * shared table first, logging or not, since that copy is what the client
 * maps. */
static void machine_publish_table(void)
{
	const struct pgd_geometry *g = &machine.cfg.geom;
	struct pagetable *pt;
	struct pgd_pte *ptes;
	size_t nr_valid;

	if (!machine.current)
		return;
	pt = pagetable_find(machine.current);
	assert(pt);
	ptes = pagetable_ptes(pt);
	nr_valid = pagetable_nr_valid(pt); /* only these can be enabled */
	if (page_table_base_register && page_table_base_register->ptes != ptes)
		memcpy(ptes, page_table_base_register->ptes, nr_valid * sizeof(*ptes));
	if (machine.cfg.pager_bug)
		machine_validate_table(ptes, nr_valid);
	evlog_table(machine.current, ptes, nr_valid, g->arena_base, g->page_size);
}

/* After every pager call. */
static void machine_after_call(void)
{
	machine_publish_table();
	machine_run_check();
}

int machine_create(pid_t parent, pid_t child)
{
	struct pagetable *pt;
	int ret, err;

	assert(machine.started);
	err = pagetable_create(child, &pt);
	if (err) {
		evlog_comment("vm_create(%ld, %ld) not made: page table: %s", (long)parent,
		              (long)child, strerror(-err));
		/* a pid made twice is refused like vm_create's -1; a resource
		 * that ran out (EMFILE, ENOMEM...) is told as it is */
		return err == -EEXIST ? -1 : err;
	}
	evlog_create(parent, child);
	ret = machine.cfg.ops->create(parent, child);
	evlog_create_ret(ret);
	if (ret) {
		pagetable_destroy(pt);
	} else {
		struct pagetable *ppt = pagetable_find(parent);

		/* The child's arena is a copy of the parent's valid part. */
		pagetable_extend_valid(pt, ppt ? pagetable_nr_valid(ppt) : 0);
	}
	machine_after_call();
	return ret;
}

void machine_switch(pid_t pid)
{
	assert(machine.started && pagetable_find(pid));
	evlog_switch(pid);
	machine.cfg.ops->switch_to(pid);
	machine.current = pid;
	machine_after_call();
}

/* The valid part of the current process's arena grows to cover a page
 * vm_map handed out (an address outside the arena, a pager bug, is not). */
static bool machine_in_arena(uintptr_t addr)
{
	const struct pgd_geometry *g = &machine.cfg.geom;

	return addr >= g->arena_base && (addr - g->arena_base) / g->page_size < g->arena_pages;
}

static void machine_note_mapped(uintptr_t addr)
{
	const struct pgd_geometry *g = &machine.cfg.geom;

	if (!machine_in_arena(addr))
		return;
	pagetable_extend_valid(pagetable_find(machine.current),
			       (addr - g->arena_base) / g->page_size + 1);
}

uintptr_t machine_map(uintptr_t filename, unsigned int block)
{
	uintptr_t ret;

	assert(machine.current);
	evlog_map(machine.current, filename, block);
	ret = (uintptr_t)machine.cfg.ops->map((const char *)filename, block);
	if (ret && machine.cfg.pager_bug && !machine_in_arena(ret))
		machine_bug("vm_map returned 0x%" PRIxPTR ", outside the arena (0x%" PRIxPTR
		            " to 0x%" PRIxPTR ")",
		            ret, machine.cfg.geom.arena_base,
		            machine.cfg.geom.arena_base +
		                machine.cfg.geom.arena_pages * machine.cfg.geom.page_size);
	evlog_map_ret(ret);
	machine_note_mapped(ret);
	machine_after_call();
	return ret;
}

/* After a vm_fault (pager_bug set): an answer of 0 that left the access
 * refused makes the MMU fault again; MACHINE_MAX_IDLE_FAULTS of them in a
 * row for one page are a pager that loops. */
static void machine_count_idle_fault(uintptr_t addr, bool write, int ret)
{
	const struct pgd_geometry *g = &machine.cfg.geom;
	uintptr_t vpage = addr / g->page_size;
	struct pgd_pte pte = {0};
	bool allowed;

	if (machine_in_arena(addr))
		pte = machine_page_table(machine.current)[vpage - g->arena_base / g->page_size];
	allowed = write ? pte.write_enable : pte.read_enable;
	if (ret || allowed || vpage != machine.idle_vpage || machine.current != machine.idle_pid)
		machine.nr_idle_faults = 0;
	machine.idle_vpage = vpage;
	machine.idle_pid = machine.current;
	if (!ret && !allowed && ++machine.nr_idle_faults >= MACHINE_MAX_IDLE_FAULTS)
		machine_bug("vm_fault returned 0 %d times in a row for pid %ld vpage 0x%" PRIxPTR
		            " without allowing the %s",
		            MACHINE_MAX_IDLE_FAULTS, (long)machine.current, vpage,
		            write ? "write" : "read");
}

int machine_fault(uintptr_t addr, bool write)
{
	int ret;

	assert(machine.current);
	evlog_fault(machine.current, addr, write);
	ret = machine.cfg.ops->fault((const void *)addr, write);
	evlog_fault_ret(ret);
	machine_after_call();
	if (machine.cfg.pager_bug)
		machine_count_idle_fault(addr, write, ret);
	return ret;
}

void machine_destroy(void)
{
	struct pagetable *pt;

	assert(machine.current);
	evlog_destroy(machine.current);
	machine.cfg.ops->destroy();
	pt = pagetable_find(machine.current);
	if ((struct pgd_pte *)page_table_base_register == pagetable_ptes(pt))
		page_table_base_register = NULL;
	pagetable_destroy(pt);
	machine.current = 0;
	machine_run_check();
}

pid_t machine_current(void)
{
	return machine.current;
}

const struct pgd_geometry *machine_geometry(void)
{
	return machine.started ? &machine.cfg.geom : NULL;
}

const struct pgd_geometry *pgd_geometry(void)
{
	return machine_geometry();
}

struct pgd_pte *machine_page_table(pid_t pid)
{
	struct pagetable *pt = pagetable_find(pid);

	return pt ? pagetable_ptes(pt) : NULL;
}

struct pgd_pte *pgd_page_table(pid_t pid)
{
	return machine_page_table(pid);
}

int machine_page_table_fd(pid_t pid)
{
	struct pagetable *pt = pagetable_find(pid);

	return pt ? pagetable_fd(pt) : -1;
}

int machine_physmem_fd(void)
{
	return physmem_fd();
}

void *machine_physmem(void)
{
	return vm_physmem;
}

FILE *machine_log(void)
{
	return machine.started ? machine.cfg.log : NULL;
}

int machine_stats(pid_t pid, struct pgd_stats *out)
{
	if (!machine.started)
		return -ESRCH;
	if (!machine.cfg.ops->stats)
		return -ENOTSUP;
	return machine.cfg.ops->stats(pid, out);
}

int machine_dump(FILE *out, bool json)
{
	if (!machine.started)
		return -ESRCH;
	if (!machine.cfg.ops->dump)
		return -ENOTSUP;
	machine.cfg.ops->dump(out, json);
	return 0;
}

void machine_each_table(void (*fn)(pid_t pid, const struct pgd_pte *ptes, size_t nr_valid,
                                   void *arg),
                        void *arg)
{
	for (struct pagetable *pt = pagetable_next(NULL); pt; pt = pagetable_next(pt))
		fn(pagetable_pid(pt), pagetable_ptes(pt), pagetable_nr_valid(pt), arg);
}

void machine_observe(void (*fn)(void *arg), void *arg)
{
	machine.observer = fn;
	machine.observer_arg = arg;
}
