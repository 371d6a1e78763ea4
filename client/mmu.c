/* SPDX-License-Identifier: MIT */
/*
 * The simulated MMU on the client side. Each arena page is mapped as its
 * page-table entry says: a frame MAP_SHARED from physical memory (frame p at
 * offset (p - 1) x page size: the fd holds frames 1..N-1), readable or
 * readable and writable; frame 0, the zero page, which the daemon keeps to
 * itself, as anonymous read-only memory; nothing as anonymous PROT_NONE,
 * like the reservation. Anonymous neighbours merge into one kernel mapping,
 * so a process needs about one per resident frame, not one per page
 * (vm.max_map_count). A sync compares the valid part of the table (the only
 * part a correct pager changes) with a copy as last applied, in blocks with
 * memcmp, and re-maps only the entries that changed. A SIGSEGV in the arena
 * looks at the entry first, as hardware would, and asks pagerd (FAULT) only
 * if the entry does not allow the access.
 *
 * With a recording (pagerd --record), only the page the process touched
 * last keeps the access its entry allows, and only as much of it as was
 * used (read, or read and write); every other page is PROT_NONE whatever
 * its entry says. So each time the process touches another page, or first
 * writes the one it reads, it traps here, appends a record and moves the
 * window, without asking pagerd unless the entry itself forbids the access.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "client-internal.h"
#include "pagerd/pager.h"
#include "record.h"

/* An entry as the MMU reads it: the frame and the access it allows. */
#define MMU_PTE_R (1u << 30)
#define MMU_PTE_W (1u << 31)

/* Entries a sync compares at once: runs of 4 KiB, then 64-byte blocks
 * inside a run that differs, then single entries inside such a block. */
static const size_t mmu_spans[] = { 1024, 16 };

/* 0 unless r is set (w without r is illegal and allows nothing). */
static uint32_t mmu_decode(uint32_t raw)
{
	struct pgd_pte pte;

	memcpy(&pte, &raw, sizeof(pte));
	if (!pte.read_enable)
		return 0;
	return pte.ppage | MMU_PTE_R | (pte.write_enable ? MMU_PTE_W : 0);
}

/* The protection page i gets for decoded entry pte: what the entry allows,
 * and with a recording only on the page in the window (read only until it
 * was written). */
static int mmu_prot(size_t i, uint32_t pte)
{
	int prot = pte ? PROT_READ | (pte & MMU_PTE_W ? PROT_WRITE : 0) : PROT_NONE;

	if (client.record_fd < 0)
		return prot;
	if (i != client.rec_page)
		return PROT_NONE;
	return client.rec_write ? prot : prot & ~PROT_WRITE;
}

/* Map page i as the decoded entry pte says. Anonymous memory reads the same
 * as the zero page, and merges with its neighbours. An entry that names no
 * frame of physical memory, or the zero page writable, is a pager bug that
 * no mapping can honour. */
static void mmu_map(size_t i, uint32_t pte)
{
	uint32_t ppage = pte & PGD_MAX_PPAGE;
	void *addr = (void *)(client.base + i * client.page_size), *p;

	if (ppage >= client.memory_pages)
		client_fatal("page table entry %zu points at frame %u, outside physical memory", i,
			     ppage);
	if (!ppage && (pte & MMU_PTE_W))
		client_fatal("page table entry %zu maps the zero page writable", i);
	if (!ppage) {
		p = mmap(addr, client.page_size, mmu_prot(i, pte),
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	} else {
		p = mmap(addr, client.page_size, mmu_prot(i, pte),
			 MAP_SHARED | MAP_FIXED, client.physmem_fd,
			 (off_t)(ppage - 1) * (off_t)client.page_size);
	}
	if (p == MAP_FAILED)
		client_fatal("cannot map arena page %p: %s", addr, strerror(errno));
}

/* Bring page i in line with its entry. The entry is read once: if pagerd
 * changes it later, the copy differs and the next sync sees it. An entry
 * that stays the same keeps its mapping. */
static void mmu_apply(size_t i)
{
	uint32_t raw = client.ptes[i], pte = mmu_decode(raw);

	if (raw == client.applied[i])
		return;
	if (pte != mmu_decode(client.applied[i]))
		mmu_map(i, pte);
	client.applied[i] = raw;
}

/* Entries [first, end) at span mmu_spans[level]. The table is only written
 * while this process waits for pagerd, or (a copy-on-write sharer's exit)
 * to allow more, which the SIGSEGV handler catches; so a plain memcmp of
 * the shared memory is enough. */
static void mmu_sync_range(size_t first, size_t end, size_t level)
{
	size_t span = mmu_spans[level], n;

	for (size_t i = first; i < end; i += n) {
		n = span < end - i ? span : end - i;
		if (!memcmp((const void *)(client.ptes + i), client.applied + i,
			    n * sizeof(*client.applied)))
			continue;
		if (level + 1 < sizeof(mmu_spans) / sizeof(mmu_spans[0])) {
			mmu_sync_range(i, i + n, level + 1);
			continue;
		}
		for (size_t j = i; j < i + n; j++)
			mmu_apply(j);
	}
}

void mmu_sync(void)
{
	mmu_sync_range(0, client.nr_valid, 0);
}

/* With a recording: give page i (mapped as applied[i] says) the protection
 * mmu_prot gives it now. */
static void mmu_protect(size_t i)
{
	void *addr = (void *)(client.base + i * client.page_size);

	if (client.record_fd < 0 || i >= client.nr_valid)
		return;
	if (mprotect(addr, client.page_size, mmu_prot(i, mmu_decode(client.applied[i]))))
		client_fatal("cannot protect arena page %p: %s", addr, strerror(errno));
}

void mmu_record_reset(void)
{
	size_t old = client.rec_page;

	client.rec_page = SIZE_MAX;
	client.rec_write = false;
	if (old != SIZE_MAX)
		mmu_protect(old);
}

void mmu_mapped(size_t i, bool file)
{
	client.kinds[i] = file ? RECORD_FILE : RECORD_SWAP;
}

/* The access of page i (write or read) enters the recording unless it
 * repeats the last one; the window moves to page i. Pages vm_map did not
 * hand out are not recorded: pagerd refuses them. */
static void mmu_record(size_t i, bool write)
{
	uint32_t pte = mmu_decode(client.ptes[i]);
	size_t old = client.rec_page;
	struct record r;
	int err;

	if (client.record_fd < 0 || i >= client.nr_valid ||
	    (i == old && (client.rec_write || !write)))
		return;
	r.pid = (uint32_t)getpid();
	r.write = write;
	r.kind = (pte & MMU_PTE_R) && !(pte & PGD_MAX_PPAGE) ? RECORD_ZERO : client.kinds[i];
	r.vpage = client.base / client.page_size + i;
	err = record_append(client.record_fd, &r);
	if (err)
		client_fatal("cannot write the recording: %s", strerror(-err));
	client.rec_page = i;
	client.rec_write = write || (i == old && client.rec_write);
	if (old != SIZE_MAX && old != i)
		mmu_protect(old);
}

/* Let the program's own SIGSEGV action (by default: death) take this one. */
static void mmu_pass_on(const siginfo_t *si)
{
	sigaction(SIGSEGV, &client.old_segv, NULL);
	if (si->si_code <= 0) /* sent, not a fault: it will not happen again */
		raise(SIGSEGV);
}

static void mmu_on_segv(int sig, siginfo_t *si, void *uctx)
{
	const ucontext_t *uc = uctx;
	uintptr_t addr = (uintptr_t)si->si_addr;
	bool write = uc->uc_mcontext.gregs[REG_ERR] & 2;
	struct proto_msg req = { .type = PROTO_FAULT }, ans;
	int saved = errno;
	size_t i;

	(void)sig;
	if (!client.attached || si->si_code <= 0 || addr < client.base ||
	    addr - client.base >= client.arena_pages * client.page_size) {
		mmu_pass_on(si);
		return;
	}
	i = (addr - client.base) / client.page_size;
	mmu_record(i, write);
	if (mmu_decode(client.ptes[i]) & (write ? MMU_PTE_W : MMU_PTE_R)) {
		mmu_apply(i); /* changed while another process ran, or recorded */
		mmu_protect(i);
		errno = saved;
		return;
	}
	req.fault.addr = addr;
	req.fault.write = write;
	client_call(&req, PROTO_FAULT_OK, &ans);
	if (ans.fault_ok.result) {
		/* The pager refused: die of this SIGSEGV, as the program would. */
		signal(SIGSEGV, SIG_DFL);
		return;
	}
	mmu_sync();
	mmu_protect(i);
	errno = saved;
}

int mmu_install(void)
{
	static bool installed; /* a forked child inherits the handler */
	struct sigaction sa;

	if (installed)
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = mmu_on_segv;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &client.old_segv)) {
		client_warn("cannot install the SIGSEGV handler: %s", strerror(errno));
		return -errno;
	}
	installed = true;
	return 0;
}
