/* SPDX-License-Identifier: MIT */
/*
 * The simulated MMU on the client side. Each arena page is mapped as its
 * page-table entry says: the frame (MAP_SHARED from physical memory) readable,
 * or readable and writable, or nothing (PROT_NONE). A private copy of the
 * entry each mapping follows lets a sync re-map only the entries that
 * changed; it scans the valid prefix of the arena (pages vm_map handed out),
 * the only part a correct pager ever changes. A SIGSEGV in the arena first
 * looks at the entry, as hardware would, and asks pagerd (FAULT) only if the
 * entry does not allow the access.
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

/* What a mapping follows, in client.applied: the frame and the access. */
#define MMU_PTE_R (1u << 30)
#define MMU_PTE_W (1u << 31)

/* The entry of page i as the MMU reads it: 0 unless r is set (w without r
 * is illegal and allows nothing). */
static uint32_t mmu_pte(size_t i)
{
	uint32_t raw = client.ptes[i];
	struct pgd_pte pte;

	memcpy(&pte, &raw, sizeof(pte));
	if (!pte.read_enable)
		return 0;
	return pte.ppage | MMU_PTE_R | (pte.write_enable ? MMU_PTE_W : 0);
}

static void mmu_apply(size_t i)
{
	uint32_t pte = mmu_pte(i), ppage = pte & PGD_MAX_PPAGE;
	void *addr = (void *)(client.base + i * client.page_size), *p;

	if (pte == client.applied[i])
		return;
	if (!pte) {
		p = mmap(addr, client.page_size, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
	} else {
		if (ppage >= client.memory_pages)
			client_fatal("page table entry %zu points at frame %u, outside physical "
				     "memory",
				     i, ppage);
		p = mmap(addr, client.page_size, PROT_READ | (pte & MMU_PTE_W ? PROT_WRITE : 0),
			 MAP_SHARED | MAP_FIXED, client.physmem_fd, (off_t)ppage * (off_t)client.page_size);
	}
	if (p == MAP_FAILED)
		client_fatal("cannot map arena page %p: %s", addr, strerror(errno));
	client.applied[i] = pte;
}

void mmu_sync(void)
{
	for (size_t i = 0; i < client.nr_valid; i++)
		mmu_apply(i);
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
	if (mmu_pte(i) & (write ? MMU_PTE_W : MMU_PTE_R)) {
		mmu_apply(i); /* changed while another process ran */
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
