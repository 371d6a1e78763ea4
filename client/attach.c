/* SPDX-License-Identifier: MIT */
/*
 * Attaching to pagerd: connect to its socket (checking it runs as our user),
 * HELLO, receive the geometry with the physical-memory and page-table
 * memfds, reserve the arena PROT_NONE at its fixed address, and wait for the
 * simulated CPU (client_wait_run, which every switch-in goes through).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "client-internal.h"

struct client client = { .sock = -1, .physmem_fd = -1 };

void client_wait_run(void)
{
	struct proto_msg m;
	unsigned int nfds;
	int err = proto_recv(client.sock, &m, NULL, 0, &nfds);

	if (err)
		client_fatal("lost the connection to pagerd while waiting for the CPU: %s",
			     proto_strerror(err));
	if (m.type == PROTO_ERROR) {
		client_refused(&m);
		_exit(1);
	}
	if (m.type != PROTO_RUN)
		client_fatal("pagerd sent %s while this process waited for the CPU",
			     proto_type_name(m.type));
	mmu_sync();
}

static int client_connect(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd, err;

	err = proto_socket_path(sa.sun_path, sizeof(sa.sun_path));
	if (err) {
		client_warn("the pagerd socket path ($PAGERD_SOCKET) is too long");
		return err;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		client_warn("no pagerd at %s (%s): start pagerd, or run this program as "
			    "`pagerd -- PROGRAM`",
			    sa.sun_path, strerror(-err));
		goto out_close;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.uid != geteuid()) {
		err = -EPERM;
		client_warn("the pagerd at %s does not run as this user", sa.sun_path);
		goto out_close;
	}
	return fd;

out_close:
	close(fd);
	return err;
}

/* Map len bytes of fd read-only and shared; what names it in the warning. */
static int client_map_ro(int fd, size_t len, const char *what, void **out)
{
	void *p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	int err;

	if (p == MAP_FAILED) {
		err = -errno;
		client_warn("cannot map %s: %s", what, strerror(-err));
		return err;
	}
	*out = p;
	return 0;
}

/* Check HELLO_OK's geometry and map the page table and the arena. */
static int client_map(const struct proto_msg *m, int pt_fd, bool forked)
{
	size_t host = (size_t)sysconf(_SC_PAGESIZE), size;
	void *p = NULL;
	int err;

	if (m->hello_ok.version != PROTO_VERSION || m->hello_ok.page_size % host ||
	    m->hello_ok.arena_base > UINTPTR_MAX ||
	    m->hello_ok.arena_pages > SIZE_MAX / m->hello_ok.page_size) {
		client_warn("pagerd sent a geometry this library cannot use");
		return -EPROTO;
	}
	client.base = (uintptr_t)m->hello_ok.arena_base;
	client.page_size = m->hello_ok.page_size;
	client.arena_pages = m->hello_ok.arena_pages;
	client.memory_pages = m->hello_ok.memory_pages;
	size = client.arena_pages * client.page_size;
	client.ptes_len = (client.arena_pages * sizeof(uint32_t) + host - 1) / host * host;
	err = client_map_ro(pt_fd, client.ptes_len, "the page table", &p);
	if (err)
		return err;
	client.ptes = p;
	client.applied = calloc(client.arena_pages, sizeof(uint32_t));
	if (!client.applied) {
		client_warn("out of memory for the arena's state");
		return -ENOMEM;
	}
	/* A forked child replaces the mappings it inherited. */
	p = mmap((void *)client.base, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
			 (forked ? MAP_FIXED : MAP_FIXED_NOREPLACE),
		 -1, 0);
	if (p != (void *)client.base) {
		client_warn("cannot reserve the arena at %p: %s", (void *)client.base,
			    p == MAP_FAILED ? strerror(errno) : "address in use");
		if (p != MAP_FAILED)
			munmap(p, size);
		return -EEXIST;
	}
	return 0;
}

void client_forget(void)
{
	if (client.sock >= 0)
		close(client.sock);
	if (client.physmem_fd >= 0)
		close(client.physmem_fd);
	if (client.ptes)
		munmap((void *)client.ptes, client.ptes_len);
	free(client.applied);
	client.sock = client.physmem_fd = -1;
	client.ptes = NULL;
	client.applied = NULL;
	client.attached = false;
}

int client_attach(uint32_t kind, pid_t parent, uint64_t token)
{
	struct proto_msg m = { .type = PROTO_HELLO };
	int fds[PROTO_MAX_FDS], err;
	unsigned int nfds = 0;

	client.sock = client_connect();
	if (client.sock < 0)
		return client.sock;
	m.hello.version = PROTO_VERSION;
	m.hello.kind = kind;
	m.hello.pid = getpid();
	m.hello.parent = parent;
	m.hello.token = token;
	err = proto_send(client.sock, &m, NULL, 0, 0);
	if (!err)
		err = proto_recv(client.sock, &m, fds, PROTO_MAX_FDS, &nfds);
	if (err) {
		client_warn("pagerd did not answer HELLO: %s", proto_strerror(err));
		goto out_forget;
	}
	if (m.type == PROTO_ERROR) {
		client_refused(&m);
		err = -m.error.err;
		goto out_forget;
	}
	if (m.type != PROTO_HELLO_OK || nfds != 2) {
		client_warn("pagerd answered HELLO with %s", proto_type_name(m.type));
		err = -EPROTO;
		goto out_fds;
	}
	client.physmem_fd = fds[0];
	err = client_map(&m, fds[1], kind == PROTO_ATTACH_FORKED);
	close(fds[1]);
	if (!err)
		err = mmu_install();
	if (err)
		goto out_forget;
	client.attached = true;
	client_wait_run();
	return 0;

out_fds:
	while (nfds)
		close(fds[--nfds]);
out_forget:
	client_forget();
	return err;
}
