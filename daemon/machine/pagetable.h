/* SPDX-License-Identifier: MIT */
/*
 * Per-process page tables: arena_pages 32-bit PTEs in a memfd per process,
 * mapped read-write here and sealed so that a client can map it read-only
 * only. Looked up by pid (uthash).
 */
#ifndef PAGERD_PAGETABLE_H
#define PAGERD_PAGETABLE_H

#include <stddef.h>
#include <sys/types.h>

#include "pagerd/pager.h"

struct pagetable;

void pagetable_setup(size_t arena_pages);
int pagetable_create(pid_t pid, struct pagetable **out); /* all entries zero; -EEXIST */
struct pagetable *pagetable_find(pid_t pid);
void pagetable_destroy(struct pagetable *pt);
void pagetable_destroy_all(void);
struct pgd_pte *pagetable_ptes(const struct pagetable *pt);
int pagetable_fd(const struct pagetable *pt);
/* The valid part: entries [0, n) that vm_map has handed out (or that the
 * process inherited at fork). Only these can be enabled, so only these are
 * logged, copied from a classic pager's table, or scanned by clients. */
size_t pagetable_nr_valid(const struct pagetable *pt);
void pagetable_extend_valid(struct pagetable *pt, size_t n); /* grows only */
/* Every table in creation order: start with NULL, NULL at the end. */
struct pagetable *pagetable_next(const struct pagetable *pt);
pid_t pagetable_pid(const struct pagetable *pt);

#endif
