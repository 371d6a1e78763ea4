/* SPDX-License-Identifier: MIT */
/*
 * The run queue of the one simulated CPU: a doubly linked list whose front is
 * the running process, plus a uthash index by pid, so that add, yield and
 * remove are O(1). It only answers "who runs now"; callers make the
 * vm_switch call themselves when the answer changes.
 */
#include <errno.h>

#include "hash.h"
#include "runq.h"

struct runq_entry {
	pid_t pid;                       /* immutable; the hash key */
	struct runq_entry *prev, *next; /* run-queue neighbours */
	UT_hash_handle hh;
};

/* Owned by one thread (the loop thread in the daemon). */
struct runq {
	struct runq_entry *by_pid; /* uthash head */
	struct runq_entry *front;  /* running */
	struct runq_entry *back;
	unsigned int nr_entries;
};

struct runq *runq_new(void)
{
	return calloc(1, sizeof(struct runq));
}

static void runq_unlink(struct runq *s, struct runq_entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		s->front = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		s->back = e->prev;
	e->prev = e->next = NULL;
}

static void runq_append(struct runq *s, struct runq_entry *e)
{
	e->prev = s->back;
	e->next = NULL;
	if (s->back)
		s->back->next = e;
	else
		s->front = e;
	s->back = e;
}

void runq_free(struct runq *s)
{
	struct runq_entry *e, *tmp;

	if (!s)
		return;
	HASH_ITER(hh, s->by_pid, e, tmp)
	{
		HASH_DEL(s->by_pid, e);
		free(e);
	}
	free(s);
}

int runq_add(struct runq *s, pid_t pid)
{
	struct runq_entry *e;

	if (runq_contains(s, pid))
		return -EEXIST;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->pid = pid;
	HASH_ADD(hh, s->by_pid, pid, sizeof(e->pid), e);
	if (hash_oom_take()) {
		free(e);
		return -ENOMEM;
	}
	runq_append(s, e);
	s->nr_entries++;
	return 0;
}

void runq_remove(struct runq *s, pid_t pid)
{
	struct runq_entry *e;

	HASH_FIND(hh, s->by_pid, &pid, sizeof(pid), e);
	if (!e)
		return;
	runq_unlink(s, e);
	HASH_DEL(s->by_pid, e);
	free(e);
	s->nr_entries--;
}

void runq_yield(struct runq *s)
{
	struct runq_entry *e = s->front;

	if (!e || e == s->back)
		return;
	runq_unlink(s, e);
	runq_append(s, e);
}

pid_t runq_running(const struct runq *s)
{
	return s->front ? s->front->pid : 0;
}

bool runq_contains(const struct runq *s, pid_t pid)
{
	struct runq_entry *e;

	HASH_FIND(hh, s->by_pid, &pid, sizeof(pid), e);
	return e != NULL;
}

unsigned int runq_count(const struct runq *s)
{
	return s->nr_entries;
}
