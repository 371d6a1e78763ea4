/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's data structures, shared by its files. Everything here
 * is owned by the pager thread (pager calls run one at a time). The numbered
 * invariants they keep are in docs/design.md and asserted by check.c.
 *
 * frames[]  frame table, indexed by frame number (pfn); frame 0 is the zero
 *           page. A resident frame points at its owner: the spage (swap-
 *           backed content) or the fpage (file block) it holds.
 * spage     swap-backed content, shared copy-on-write by its sharers (a list
 *           of vpages in sharing order); lives in a frame, in its block on
 *           swap, or nowhere (never written: the zero page).
 * fpage     one (file name, block), in a uthash; shared by its mappers; a
 *           resident fpage with no mappers is a ghost page.
 * vpage     one mapped virtual page of one process; chunked per process so
 *           it never moves. The sharer/mapper lists are the core map.
 */
#ifndef PAGERD_REFPAGER_INTERNAL_H
#define PAGERD_REFPAGER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hash.h"
#include "pagerd/pager.h"
#include "pagerd/stats.h"

typedef uint32_t pfn_t;	  /* frame (physical page) number */
typedef uint32_t blkno_t; /* swap block number */
typedef uint32_t vpn_t;	  /* virtual page index within the arena */

#define NO_FRAME UINT32_MAX
#define NO_BLOCK UINT32_MAX
#define ZERO_FRAME 0u
#define VPAGE_CHUNK 256u
/* Longest file name vm_map reads through the arena, NUL included. */
#define REFPAGER_NAME_MAX 4096u

enum frame_kind { FRAME_FREE, FRAME_ZERO, FRAME_SWAP, FRAME_FILE };

struct spage;
struct fpage;

struct frame {
	uint8_t kind; /* enum frame_kind */
	bool referenced;
	bool dirty;
	pfn_t clock_prev; /* clock queue links, NO_FRAME at the ends */
	pfn_t clock_next;
	union {
		struct spage *sp; /* FRAME_SWAP */
		struct fpage *fp; /* FRAME_FILE */
	} owner;
};

struct vpage {
	struct proc *proc;
	vpn_t vpn;
	bool file;
	blkno_t block; /* swap-backed: the block this page owns (rule 3) */
	union {
		struct spage *sp;
		struct fpage *fp;
	} obj;
	struct vpage *prev; /* sharers of obj.sp / mappers of obj.fp */
	struct vpage *next;
};

struct spage {
	struct vpage *head; /* sharers, in sharing order; head is first */
	struct vpage *tail;
	uint32_t nr_sharers;
	pfn_t frame;	/* NO_FRAME when not resident */
	blkno_t block;	/* the holder's block: where this content is swapped */
	bool on_swap;	/* block holds this content */
};

struct fpage {
	UT_hash_handle hh;
	struct vpage *head; /* mappers */
	struct vpage *tail;
	uint32_t nr_mappers;
	pfn_t frame;
	unsigned int block;
	const char *name; /* points into key */
	size_t keylen;
	char *key; /* hash key: the block (4 bytes) then the name and its NUL */
};

struct proc {
	UT_hash_handle hh;
	pid_t pid;
	struct pgd_pte *ptes;	/* the machine's table for pid */
	vpn_t nr_vpages;	/* the valid part of the arena: [0, nr_vpages) */
	uint32_t nr_chunks;
	struct vpage **chunks;	/* VPAGE_CHUNK vpages each */
	uint32_t nr_swap;	/* swap-backed pages = blocks owned */
	struct pgd_stats stats; /* counters of the events its calls caused */
};

/* A FIFO of numbers [first, limit) that starts in order and takes returned
 * numbers at its back: fresh numbers are handed out before returned ones. */
struct fifo {
	uint32_t next_fresh;
	uint32_t limit;
	uint32_t head;
	uint32_t count;
	uint32_t *ring; /* capacity limit */
};

struct refpager {
	struct pgd_geometry geom;
	uint8_t *mem;		/* vm_physmem */
	struct frame *frames;	/* geom.memory_pages */
	struct fifo free_frames;
	struct fifo free_blocks;
	pfn_t clock_head;
	pfn_t clock_tail;
	uint32_t nr_resident;
	struct proc *procs;	/* uthash by pid */
	struct proc *current;
	struct fpage *fpages;	/* uthash by (block, name) */
	struct pgd_stats stats; /* counters; gauges are computed when asked */
};

extern struct refpager rp;

/* Count an event globally and for the process whose call caused it. */
#define STAT_INC(field)                                                                            \
	do {                                                                                       \
		rp.stats.field++;                                                                  \
		if (rp.current)                                                                    \
			rp.current->stats.field++;                                                 \
	} while (0)

/* fifo.c */
int fifo_init(struct fifo *q, uint32_t first, uint32_t limit);
void fifo_fini(struct fifo *q);
uint32_t fifo_pop(struct fifo *q); /* UINT32_MAX if empty */
void fifo_push(struct fifo *q, uint32_t v);
uint32_t fifo_len(const struct fifo *q);

static inline uint8_t *frame_mem(pfn_t pfn)
{
	return rp.mem + (size_t)pfn * rp.geom.page_size;
}

static inline struct pgd_pte *vpage_pte(const struct vpage *vp)
{
	return &vp->proc->ptes[vp->vpn];
}

/* frames.c */
int frames_init(unsigned int nr_frames);
void frames_fini(void);
pfn_t frame_get(void); /* a free frame, evicting if none (rule 5) */
void frame_make_resident(pfn_t pfn, enum frame_kind kind, void *owner, bool dirty);
void frame_release(pfn_t pfn); /* leave the clock queue if in it; to the free list */
void frame_sync_ptes(pfn_t pfn);

/* clock.c */
void clock_append(pfn_t pfn);
void clock_remove(pfn_t pfn);
pfn_t clock_evict(void);

/* swap.c */
int swap_init(unsigned int nr_blocks);
void swap_fini(void);
blkno_t swap_take(void); /* NO_BLOCK if none free */
void swap_release(blkno_t b);
uint32_t swap_nr_free(void);

/* cow.c: swap-backed content and copy-on-write */
struct spage *spage_new(struct vpage *holder);
void spage_add_sharer(struct spage *sp, struct vpage *vp);
void spage_remove_sharer(struct spage *sp, struct vpage *vp);
void spage_sync(const struct spage *sp);
struct pgd_pte spage_pte(const struct spage *sp);
int spage_fault(struct vpage *vp, bool write);

/* filepages.c */
struct fpage *fpage_get(const char *name, unsigned int block); /* NULL: ENOMEM */
void fpage_add_mapper(struct fpage *fp, struct vpage *vp);
void fpage_remove_mapper(struct fpage *fp, struct vpage *vp);
void fpage_sync(const struct fpage *fp);
struct pgd_pte fpage_pte(const struct fpage *fp);
int fpage_fault(struct fpage *fp, bool write);
void fpage_evicted(struct fpage *fp);
void fpages_sync(void);
void fpages_fini(void);

/* procs.c */
struct proc *proc_new(pid_t pid, struct pgd_pte *ptes, vpn_t nr_vpages);
struct proc *proc_find(pid_t pid);
void proc_free(struct proc *p);
struct vpage *proc_vpage(const struct proc *p, vpn_t vpn);
struct vpage *proc_push_vpage(struct proc *p); /* next vpn; NULL if none */
void proc_pop_vpage(struct proc *p);
int proc_vpage_index(const struct proc *p, uintptr_t addr, vpn_t *vpn);

/* stats.c */
int refpager_stats(pid_t pid, struct pgd_stats *out);

/* dump.c */
void refpager_dump(FILE *out, bool json);

/* check.c */
void refpager_check(void);

#endif
