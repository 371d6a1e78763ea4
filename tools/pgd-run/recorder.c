/* SPDX-License-Identifier: MIT */
/* The in-process recording (recorder.h): per process, the kind of each page
 * vm_map handed out; the last record, to skip repeats. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "record.h"
#include "recorder.h"

struct recorder_proc {
	pid_t pid;
	uint8_t *kinds; /* by arena page below nr_valid: enum record_kind */
	size_t nr_valid;
};

static struct recorder {
	int fd; /* -1: not recording */
	int err;
	uintptr_t arena_base;
	size_t page_size;
	struct recorder_proc *procs;
	size_t nr_procs;
	struct record last; /* pid 0: none */
} rec = {.fd = -1};

bool recorder_on(void)
{
	return rec.fd >= 0;
}

int recorder_open(const char *path, const struct pgd_geometry *g)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	int err;

	if (fd < 0)
		return -errno;
	err = record_write_header(fd, (uint32_t)g->page_size);
	if (err) {
		close(fd);
		return err;
	}
	rec = (struct recorder){.fd = fd, .arena_base = g->arena_base, .page_size = g->page_size};
	return 0;
}

int recorder_close(void)
{
	int err = rec.err;

	if (rec.fd < 0)
		return 0;
	if (close(rec.fd) && !err)
		err = -errno;
	for (size_t i = 0; i < rec.nr_procs; i++)
		free(rec.procs[i].kinds);
	free(rec.procs);
	rec = (struct recorder){.fd = -1};
	return err;
}

static struct recorder_proc *recorder_find(pid_t pid)
{
	for (size_t i = 0; i < rec.nr_procs; i++)
		if (rec.procs[i].pid == pid)
			return &rec.procs[i];
	return NULL;
}

/* pid's entry, made if it has none; NULL out of memory (noted). */
static struct recorder_proc *recorder_get(pid_t pid)
{
	struct recorder_proc *p = recorder_find(pid), *v;

	if (p)
		return p;
	v = realloc(rec.procs, (rec.nr_procs + 1) * sizeof(*v));
	if (!v) {
		rec.err = -ENOMEM;
		return NULL;
	}
	rec.procs = v;
	p = &v[rec.nr_procs++];
	*p = (struct recorder_proc){.pid = pid};
	return p;
}

/* Make p's table cover n pages; 0 or -ENOMEM (noted). */
static int recorder_grow(struct recorder_proc *p, size_t n)
{
	uint8_t *k;

	if (n <= p->nr_valid)
		return 0;
	k = realloc(p->kinds, n);
	if (!k) {
		rec.err = -ENOMEM;
		return -ENOMEM;
	}
	memset(k + p->nr_valid, RECORD_SWAP, n - p->nr_valid);
	p->kinds = k;
	p->nr_valid = n;
	return 0;
}

void recorder_mapped(pid_t pid, uintptr_t page_addr, bool file)
{
	struct recorder_proc *p;
	size_t i;

	if (rec.fd < 0 || !page_addr || !(p = recorder_get(pid)))
		return;
	i = (page_addr - rec.arena_base) / rec.page_size; /* page_size: 0 when off */
	if (recorder_grow(p, i + 1))
		return;
	p->kinds[i] = file ? RECORD_FILE : RECORD_SWAP;
}

void recorder_forked(pid_t parent, pid_t child)
{
	struct recorder_proc *c, *p;

	if (rec.fd < 0 || child <= 0 || !(c = recorder_get(child)))
		return;
	p = recorder_find(parent); /* after recorder_get: the array may move */
	if (p && p->nr_valid && !recorder_grow(c, p->nr_valid))
		memcpy(c->kinds, p->kinds, p->nr_valid);
}

void recorder_exited(pid_t pid)
{
	struct recorder_proc *p = rec.fd >= 0 ? recorder_find(pid) : NULL;

	if (!p)
		return;
	free(p->kinds);
	*p = rec.procs[--rec.nr_procs];
}

void recorder_yielded(void)
{
	rec.last.pid = 0;
}

void recorder_access(pid_t pid, const struct pgd_pte *ptes, uintptr_t addr, bool write)
{
	struct recorder_proc *p = rec.fd >= 0 ? recorder_find(pid) : NULL;
	size_t i = (addr - rec.arena_base) / rec.page_size;
	struct record r;
	int err;

	/* Below the arena i wraps to a huge number: not a valid page either. */
	if (!p || addr < rec.arena_base || i >= p->nr_valid)
		return;
	r = (struct record){.pid = (uint32_t)pid,
	                    .write = write,
	                    .kind = ptes[i].read_enable && !ptes[i].ppage ? RECORD_ZERO : p->kinds[i],
	                    .vpage = rec.arena_base / rec.page_size + i};
	/* A repeat: the same page, read again or written again. A first write
	 * after reads is recorded (and write is then true). */
	if (rec.last.pid == r.pid && rec.last.vpage == r.vpage && (rec.last.write || !write))
		return;
	err = record_append(rec.fd, &r);
	if (err && !rec.err)
		rec.err = err;
	rec.last = r;
}
