/* SPDX-License-Identifier: MIT */
/*
 * The run queue of the one simulated CPU: a doubly linked list whose front is
 * the running process, plus a uthash index by pid, so that add, yield and
 * remove are O(1). It only answers "who runs now"; callers make the
 * vm_switch call themselves when the answer changes.
 */
#include <errno.h>

#include "hash.h"
#include "sched.h"

struct sched_entry {
	pid_t pid;                       /* immutable; the hash key */
	struct sched_entry *prev, *next; /* run-queue neighbours */
	UT_hash_handle hh;
};

/* Owned by one thread (the loop thread in the daemon). */
struct sched {
	struct sched_entry *by_pid; /* uthash head */
	struct sched_entry *front;  /* running */
	struct sched_entry *back;
	unsigned int nr_entries;
};

struct sched *sched_new(void)
{
	return calloc(1, sizeof(struct sched));
}

static void sched_unlink(struct sched *s, struct sched_entry *e)
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

static void sched_append(struct sched *s, struct sched_entry *e)
{
	e->prev = s->back;
	e->next = NULL;
	if (s->back)
		s->back->next = e;
	else
		s->front = e;
	s->back = e;
}

void sched_free(struct sched *s)
{
	struct sched_entry *e, *tmp;

	if (!s)
		return;
	HASH_ITER(hh, s->by_pid, e, tmp)
	{
		HASH_DEL(s->by_pid, e);
		free(e);
	}
	free(s);
}

int sched_add(struct sched *s, pid_t pid)
{
	struct sched_entry *e;

	if (sched_contains(s, pid))
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
	sched_append(s, e);
	s->nr_entries++;
	return 0;
}

void sched_remove(struct sched *s, pid_t pid)
{
	struct sched_entry *e;

	HASH_FIND(hh, s->by_pid, &pid, sizeof(pid), e);
	if (!e)
		return;
	sched_unlink(s, e);
	HASH_DEL(s->by_pid, e);
	free(e);
	s->nr_entries--;
}

void sched_yield(struct sched *s)
{
	struct sched_entry *e = s->front;

	if (!e || e == s->back)
		return;
	sched_unlink(s, e);
	sched_append(s, e);
}

pid_t sched_running(const struct sched *s)
{
	return s->front ? s->front->pid : 0;
}

bool sched_contains(const struct sched *s, pid_t pid)
{
	struct sched_entry *e;

	HASH_FIND(hh, s->by_pid, &pid, sizeof(pid), e);
	return e != NULL;
}

unsigned int sched_count(const struct sched *s)
{
	return s->nr_entries;
}
