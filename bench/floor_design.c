/* SPDX-License-Identifier: MIT */
/*
 * The design floor: a minimal client and server doing only what every
 * pagerd fault must do. The client's arena is PROT_NONE; its SIGSEGV handler
 * sends a FAULT-sized request over a Unix stream socket, waits for a
 * FAULT_OK-sized reply from a forked server that only echoes, then maps one
 * page of a memfd at the faulting page and returns, so the store retries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "floors.h"
#include "harness.h"
#include "proto.h"

struct design_floor {
	int sock;       /* the client's end */
	pid_t server;   /* the echo server */
	int memfd;      /* nr_pages frames */
	uint8_t *arena; /* nr_pages pages, PROT_NONE until faulted in */
	size_t page_size;
	size_t nr_pages;
	size_t req_size;   /* the wire size of FAULT */
	size_t reply_size; /* the wire size of FAULT_OK */
	struct sigaction old_segv;
};

/* The floor the SIGSEGV handler serves. Main thread only. */
static struct design_floor *floor_design_active;

/* Move exactly len bytes; false on error or end of file. */
static bool floor_design_io(int fd, void *buf, size_t len, bool out)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = out ? write(fd, (uint8_t *)buf + done, len - done)
		                : read(fd, (uint8_t *)buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

static void floor_design_serve(int sock, size_t req_size, size_t reply_size)
{
	uint8_t req[PROTO_MAX_SIZE], reply[PROTO_MAX_SIZE] = {0};

	while (floor_design_io(sock, req, req_size, false))
		if (!floor_design_io(sock, reply, reply_size, true))
			break;
	_exit(0);
}

static void floor_design_segv(int sig, siginfo_t *si, void *ctx)
{
	struct design_floor *f = floor_design_active;
	uintptr_t addr = (uintptr_t)si->si_addr;
	uint8_t msg[PROTO_MAX_SIZE] = {0};
	size_t page;

	(void)ctx;
	if (!f || addr < (uintptr_t)f->arena ||
	    addr - (uintptr_t)f->arena >= f->nr_pages * f->page_size) {
		signal(sig, SIG_DFL); /* not ours: die of it as usual */
		return;
	}
	memcpy(msg + PROTO_HDR_SIZE, &addr, sizeof(addr));
	if (!floor_design_io(f->sock, msg, f->req_size, true) ||
	    !floor_design_io(f->sock, msg, f->reply_size, false))
		abort();
	page = (addr - (uintptr_t)f->arena) / f->page_size;
	if (mmap(f->arena + page * f->page_size, f->page_size, PROT_READ | PROT_WRITE,
	         MAP_SHARED | MAP_FIXED, f->memfd, (off_t)(page * f->page_size)) == MAP_FAILED)
		abort();
}

/* Make the whole arena PROT_NONE again, as a fresh process's is. */
static void floor_design_reset(struct design_floor *f)
{
	if (mmap(f->arena, f->nr_pages * f->page_size, PROT_NONE,
	         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0) == MAP_FAILED)
		bench_die("design floor: arena reset: %s", strerror(errno));
}

/* Frames hold data already, as the daemon's do after its zero fill. */
static void floor_design_fill(struct design_floor *f)
{
	size_t len = f->nr_pages * f->page_size;
	void *mem;

	if (ftruncate(f->memfd, (off_t)len) < 0)
		bench_die("design floor: memfd: %s", strerror(errno));
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, f->memfd, 0);
	if (mem == MAP_FAILED)
		bench_die("design floor: memfd mapping: %s", strerror(errno));
	memset(mem, 0xa5, len);
	munmap(mem, len);
}

struct design_floor *design_floor_start(size_t page_size, size_t nr_pages, enum placement p)
{
	struct design_floor *f = calloc(1, sizeof(*f));
	struct sigaction sa = {.sa_sigaction = floor_design_segv, .sa_flags = SA_SIGINFO};
	int sv[2];

	if (!f || floor_design_active)
		bench_die("design floor: out of memory, or started twice");
	f->page_size = page_size;
	f->nr_pages = nr_pages;
	f->req_size = proto_size(PROTO_FAULT);
	f->reply_size = proto_size(PROTO_FAULT_OK);
	f->memfd = memfd_create("pgd-bench-floor", MFD_CLOEXEC);
	if (f->memfd < 0)
		bench_die("design floor: memfd: %s", strerror(errno));
	floor_design_fill(f);
	f->arena = mmap(NULL, nr_pages * page_size, PROT_NONE,
	                MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (f->arena == MAP_FAILED)
		bench_die("design floor: arena: %s", strerror(errno));
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		bench_die("design floor: socketpair: %s", strerror(errno));
	f->server = fork();
	if (f->server < 0)
		bench_die("design floor: fork: %s", strerror(errno));
	if (f->server == 0) {
		size_t req_size = f->req_size, reply_size = f->reply_size;

		free(f); /* the parent's */
		bench_place(p, true);
		close(sv[0]);
		floor_design_serve(sv[1], req_size, reply_size);
	}
	close(sv[1]);
	f->sock = sv[0];
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, &f->old_segv) < 0)
		bench_die("design floor: sigaction: %s", strerror(errno));
	floor_design_active = f;
	return f;
}

double design_floor_sample(struct design_floor *f)
{
	volatile uint8_t *arena = f->arena;
	uint64_t t0, t1;

	floor_design_reset(f);
	t0 = bench_now_ns();
	for (size_t i = 0; i < f->nr_pages; i++)
		arena[i * f->page_size] = 1;
	t1 = bench_now_ns();
	return (double)(t1 - t0) / (double)f->nr_pages;
}

void design_floor_stop(struct design_floor *f)
{
	sigaction(SIGSEGV, &f->old_segv, NULL);
	floor_design_active = NULL;
	close(f->sock); /* the server sees end of file and exits */
	waitpid(f->server, NULL, 0);
	munmap(f->arena, f->nr_pages * f->page_size);
	close(f->memfd);
	free(f);
}
