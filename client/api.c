/* SPDX-License-Identifier: MIT */
/*
 * The application interface: the classic vm_map and vm_yield of vm_app.h and
 * the native pgd_ calls of pagerd/client.h. Every call attaches first if the
 * process is not attached yet (a new program: vm_create(parent, pid)), as
 * fork() does (fork.c).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "client-internal.h"
#include "pagerd/client.h"
#define PGD_CLASSIC_LIBRARY /* pagerd/classic.h */
#include "vm_app.h"

CLIENT_API int pgd_attach(void)
{
	if (client.attached)
		return 0;
	return client_attach(PROTO_ATTACH_NEW, getppid(), 0);
}

/* The classic calls cannot report a failure to attach: exit(1). */
void api_attach_or_exit(void)
{
	if (pgd_attach())
		exit(1);
}

CLIENT_API void *pgd_map(const char *filename, unsigned int block)
{
	struct proto_msg req = { .type = PROTO_MAP }, ans;
	uint64_t addr;
	size_t page;

	api_attach_or_exit();
	req.map.filename = (uintptr_t)filename;
	req.map.block = block;
	client_call(&req, PROTO_MAP_OK, &ans);
	addr = ans.map_ok.addr;
	if (!addr)
		return NULL;
	if (addr < client.base || (addr - client.base) % client.page_size ||
	    (page = (addr - client.base) / client.page_size) >= client.arena_pages)
		client_fatal("vm_map returned %#llx, not a page of the arena",
			     (unsigned long long)addr);
	if (page >= client.nr_valid)
		client.nr_valid = page + 1;
	mmu_mapped(page, filename != NULL);
	mmu_sync();
	return (void *)(uintptr_t)addr;
}

CLIENT_API void pgd_yield(void)
{
	struct proto_msg req = { .type = PROTO_YIELD };
	int err;

	api_attach_or_exit();
	err = proto_send(client.sock, &req, NULL, 0, 0);
	if (err)
		client_fatal("lost the connection to pagerd during YIELD: %s", proto_strerror(err));
	client_wait_run();
}

CLIENT_API void *pgd_arena_base(void)
{
	api_attach_or_exit();
	return (void *)client.base;
}

CLIENT_API size_t pgd_arena_size(void)
{
	api_attach_or_exit();
	return client.arena_pages * client.page_size;
}

CLIENT_API size_t pgd_page_size(void)
{
	api_attach_or_exit();
	return client.page_size;
}

CLIENT_API void *vm_map(const char *filename, unsigned int block)
{
	return pgd_map(filename, block);
}

CLIENT_API void vm_yield(void)
{
	pgd_yield();
}
