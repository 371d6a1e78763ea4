/* SPDX-License-Identifier: MIT */
/*
 * The client library's one piece of state and the functions its files share.
 * A simulated process is single-threaded as far as the arena goes: the
 * state is touched by the program's thread, in library calls and in the
 * SIGSEGV handler, never by two at once (the library makes no arena accesses
 * of its own while a request is outstanding).
 */
#ifndef PAGERD_CLIENT_INTERNAL_H
#define PAGERD_CLIENT_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proto.h"

#define CLIENT_API __attribute__((visibility("default")))

struct client {
	bool attached;
	int sock;			/* connection to pagerd; -1 */
	int physmem_fd;			/* physical frames 1..N-1 memfd; -1 */
	const volatile uint32_t *ptes;	/* this process's page table, read-only */
	size_t ptes_len;		/* bytes mapped at ptes */
	uint32_t *applied;		/* per page: the raw PTE its mapping follows */
	size_t nr_valid;		/* arena pages vm_map has handed out */
	uintptr_t base;			/* geometry, from HELLO_OK */
	size_t page_size;
	size_t arena_pages;
	unsigned int memory_pages;
	struct sigaction old_segv;	/* the program's SIGSEGV action before ours */
	/* --record (mmu.c): the recording from HELLO_OK (-1: not recording),
	 * the one page kept accessible beyond a PROT_NONE default (SIZE_MAX:
	 * none) and whether it was written, and per arena page whether vm_map
	 * gave a file (1) or swap (0); kinds survives a fork, like the arena. */
	int record_fd;
	size_t rec_page;
	bool rec_write;
	uint8_t *kinds;
};

extern struct client client;

/* api.c: attach if not attached yet, else exit(1) (the message is out). */
void api_attach_or_exit(void);

/* attach.c: HELLO of a new program (token 0), or of a forked child with
 * its FORK_OK's token. */
int client_attach(uint32_t kind, pid_t parent, uint64_t token);
/* Drop the inherited connection and mappings in a forked child. */
void client_forget(void);
/* Wait for RUN, then bring the mappings in line (switch-in). */
void client_wait_run(void);

/* call.c: exchange one request for its answer of type want; fatal on any
 * error. */
void client_call(const struct proto_msg *req, enum proto_type want, struct proto_msg *ans);
/* A refusal from pagerd (ERROR m), in words on stderr. */
void client_refused(const struct proto_msg *m);

/* warn.c: message on stderr ("pagerd-client: ...") and _exit(1).
 * Signal-safe enough for the fault path: no allocation, one write. */
void client_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void client_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* mmu.c */
int mmu_install(void);
/* Bring every valid page's mapping in line with the page table. */
void mmu_sync(void);
/* A switch-in: the next access to any page is recorded again. */
void mmu_record_reset(void);
/* vm_map gave page i, backed by a file or by swap (for the recording). */
void mmu_mapped(size_t i, bool file);

#endif
