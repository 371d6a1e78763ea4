/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's data structures, shared by its files. Everything here
 * is owned by the pager thread (pager calls run one at a time). The numbered
 * invariants they keep are in docs/design.md and asserted by check.c.
 *
 * frames[]  frame table, indexed by frame number (pfn); frame 0 is the zero
 *           page. A resident frame names its owner: a private page (by vpage
 *           id), shared content (spage index) or a file block (fpage index).
 * vpage     one mapped virtual page of one process, 16 bytes, in fixed
 *           chunks per process; named across the pager by a 32-bit vpage id
 *           (process slot and vpn). A swap-backed page that nobody shares
 *           holds its own state (zero, on swap, or its frame): most pages
 *           need nothing else.
 * spage     swap-backed content shared copy-on-write by two or more vpages
 *           (its sharers, a list of vpage ids in sharing order); in a pool.
 * fpage     one (file name, block), in a uthash; shared by its mappers; a
 *           resident fpage with no mappers is a ghost page.
 * The sharer and mapper lists are the core map.
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
#include "policy.h"

typedef uint32_t pfn_t;	  /* frame (physical page) number */
typedef uint32_t blkno_t; /* swap block number */
typedef uint32_t vpn_t;	  /* virtual page index within the arena */
typedef uint32_t vpid_t;  /* vpage id: process slot << vpn_bits | vpn */

#define NO_FRAME UINT32_MAX
#define NO_BLOCK UINT32_MAX
#define NO_VPAGE UINT32_MAX
#define ZERO_FRAME 0u
#define VPAGE_CHUNK 1024u
/* Longest file name vm_map reads through the arena, NUL included. */
#define REFPAGER_NAME_MAX 4096u

/* vpage.obj: a kind in the top two bits and a value below. */
#define OBJ_SHIFT 30
#define OBJ_VALUE ((1u << OBJ_SHIFT) - 1)
enum obj_kind {
	OBJ_PRIVATE, /* swap-backed, unshared: value is a frame or PRIV_* */
	OBJ_SHARED,  /* swap-backed, shared: value is an spage index */
	OBJ_FILE,    /* file-backed: value is an fpage index */
};
#define PRIV_ZERO OBJ_VALUE	   /* never written: the zero page */
#define PRIV_SWAPPED (OBJ_VALUE - 1) /* in the page's own block */
/* Frame numbers must stay below the PRIV_* values. */
#define REFPAGER_MAX_FRAMES (OBJ_VALUE - 1)
/* A vpage id keeps 2 bits for the process slot (procs_init). */
#define REFPAGER_MAX_ARENA_PAGES (1u << 30)

enum frame_kind { FRAME_FREE, FRAME_ZERO, FRAME_PRIVATE, FRAME_SHARED, FRAME_FILE };

struct frame {
	uint8_t kind; /* enum frame_kind */
	bool referenced;
	bool dirty;
	bool used;	  /* has held content: else still the memfd's zeros */
	uint32_t owner;	  /* vpage id, spage index or fpage index, by kind */
};

/* How a kind of resident frame's owner writes it back and lets it go: the
 * one interface between eviction (frames.c) and the owners (cow.c for
 * FRAME_PRIVATE and FRAME_SHARED, filepages.c for FRAME_FILE), registered
 * at start. Each takes a resident frame of its kind. */
struct frame_owner {
	/* The frame is taken away: its content is written to its backing
	 * store if dirty, the owner's pages go back to that store, and every
	 * PTE that mapped the frame gets r=w=0. */
	void (*evict)(pfn_t pfn);
	/* Rule 8: every PTE that maps the frame gets the bits its state gives. */
	void (*sync)(pfn_t pfn);
};

struct vpage {
	uint32_t obj;	/* kind and value, see OBJ_* */
	blkno_t block;	/* swap-backed: the block this page owns (rule 3) */
	vpid_t prev;	/* sharers of its spage / mappers of its fpage */
	vpid_t next;
};

struct spage {
	vpid_t head; /* sharers, in sharing order; head is first */
	vpid_t tail;
	uint32_t nr_sharers; /* >= 2 */
	pfn_t frame;	     /* NO_FRAME when not resident */
	blkno_t block;	     /* the holder's block: where this content is swapped */
	bool on_swap;	     /* block holds this content */
};

struct fpage {
	UT_hash_handle hh;
	vpid_t head; /* mappers */
	vpid_t tail;
	uint32_t nr_mappers;
	pfn_t frame;
	unsigned int block;
	uint32_t index; /* in rp.fpage_at */
	const char *name; /* points into key */
	size_t keylen;
	char *key; /* hash key: the block (4 bytes) then the name and its NUL */
};

struct proc {
	UT_hash_handle hh;
	pid_t pid;
	uint32_t slot;		/* in rp.proc_at; the high bits of its vpage ids */
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

/* A growable array of fixed-size items named by index; freed indices are
 * reused first. Room is reserved before a call that must not fail. */
struct pool {
	char *items;
	size_t item_size;
	uint32_t nr;	  /* indices handed out so far (high-water mark) */
	uint32_t cap;
	uint32_t limit;	  /* largest number of indices */
	uint32_t *free;	  /* stack of freed indices, capacity cap */
	uint32_t nr_free;
};

struct refpager {
	struct pgd_geometry geom;
	uint8_t *mem;		/* vm_physmem */
	struct frame *frames;	/* geom.memory_pages */
	struct fifo free_frames;
	struct fifo free_blocks;
	struct policy *policy;	/* the resident frames' replacement order */
	pfn_t *order;		/* geom.memory_pages: the policy's order, for frames_in_order */
	const struct frame_owner *owners[FRAME_FILE + 1]; /* by frame kind */
	uint32_t nr_resident;
	unsigned int vpn_bits;	/* vpage id = slot << vpn_bits | vpn */
	struct pool procs_pool; /* struct proc *, by slot */
	struct pool spages;	/* struct spage, by index */
	struct pool fpages_pool; /* struct fpage *, by index */
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

/* pool.c */
void pool_init(struct pool *p, size_t item_size, uint32_t limit);
void pool_fini(struct pool *p);
int pool_reserve(struct pool *p, uint32_t n); /* 0, or -1: cannot */
uint32_t pool_take(struct pool *p);	      /* after pool_reserve */
void pool_put(struct pool *p, uint32_t i);

static inline void *pool_at(const struct pool *p, uint32_t i)
{
	return p->items + (size_t)i * p->item_size;
}

static inline enum obj_kind obj_kind(uint32_t obj)
{
	return (enum obj_kind)(obj >> OBJ_SHIFT);
}

static inline uint32_t obj_value(uint32_t obj)
{
	return obj & OBJ_VALUE;
}

static inline uint32_t obj_make(enum obj_kind kind, uint32_t value)
{
	return (uint32_t)kind << OBJ_SHIFT | value;
}

static inline uint8_t *frame_mem(pfn_t pfn)
{
	return rp.mem + (size_t)pfn * rp.geom.page_size;
}

static inline struct proc *slot_proc(uint32_t slot)
{
	return *(struct proc **)pool_at(&rp.procs_pool, slot);
}

static inline struct spage *spage_at(uint32_t i)
{
	return pool_at(&rp.spages, i);
}

static inline struct fpage *fpage_at(uint32_t i)
{
	return *(struct fpage **)pool_at(&rp.fpages_pool, i);
}

static inline vpid_t vpid_make(const struct proc *p, vpn_t vpn)
{
	return p->slot << rp.vpn_bits | vpn;
}

static inline struct proc *vpid_proc(vpid_t id)
{
	return slot_proc(id >> rp.vpn_bits);
}

static inline vpn_t vpid_vpn(vpid_t id)
{
	return id & ((1u << rp.vpn_bits) - 1);
}

struct vpage *proc_vpage(const struct proc *p, vpn_t vpn);

static inline struct vpage *vpid_vpage(vpid_t id)
{
	return proc_vpage(vpid_proc(id), vpid_vpn(id));
}

static inline struct pgd_pte *vpid_pte(vpid_t id)
{
	return &vpid_proc(id)->ptes[vpid_vpn(id)];
}

/* The PTE a resident frame gives: r if referenced, w also if dirty and the
 * mapping may write (not shared copy-on-write). */
static inline struct pgd_pte frame_pte(pfn_t pfn, bool may_write)
{
	const struct frame *f = &rp.frames[pfn];
	struct pgd_pte pte = {.ppage = pfn};

	pte.read_enable = f->referenced;
	pte.write_enable = f->referenced && f->dirty && may_write;
	return pte;
}

/* frames.c */
int frames_init(unsigned int nr_frames, const struct policy_ops *policy,
		const struct policy_params *params);
void frames_fini(void);
void frame_owner_register(enum frame_kind kind, const struct frame_owner *owner);
pfn_t frame_get(void); /* a free frame, evicting if none (rule 5) */
void frame_make_resident(pfn_t pfn, enum frame_kind kind, uint32_t owner, bool dirty);
void frame_release(pfn_t pfn); /* leave the policy if resident; to the free list */
void frame_clear(pfn_t pfn);   /* free and ownerless, not yet on the free list */
/* The resident frames in the policy's order, the next candidate for
 * eviction first (rp.order, valid until the next call); *n of them. */
const pfn_t *frames_in_order(uint32_t *n);

/* A fault on resident frame pfn (rule 7): referenced again, dirty if a
 * write; the policy hears of it. */
static inline void frame_referenced(pfn_t pfn, bool write)
{
	struct frame *f = &rp.frames[pfn];

	f->referenced = true;
	f->dirty = f->dirty || write;
	if (rp.policy->ops->referenced)
		rp.policy->ops->referenced(rp.policy, pfn);
}

/* vtime.c: struct policy_host's vtime */
uint64_t frame_vtime(void *ctx, uint32_t pfn);

/* swap.c */
int swap_init(unsigned int nr_blocks);
void swap_fini(void);
blkno_t swap_take(void); /* NO_BLOCK if none free */
void swap_release(blkno_t b);
uint32_t swap_nr_free(void);

/* cow.c: swap-backed pages, private and shared copy-on-write */
void anon_new(vpid_t id);			 /* a never-written private page */
struct pgd_pte anon_pte(const struct vpage *vp); /* rule 8 */
void anon_sync(const struct vpage *vp, vpid_t id);
int anon_fault(vpid_t id, bool write);
void anon_share(vpid_t parent, vpid_t child); /* after anon_reserve_share */
int anon_reserve_share(uint32_t nr_pages);
void anon_release(vpid_t id); /* vm_destroy; the caller frees its block */
void spage_sync(uint32_t si);
extern const struct frame_owner anon_private_owner; /* FRAME_PRIVATE */
extern const struct frame_owner anon_shared_owner;  /* FRAME_SHARED */

/* filepages.c */
int fpage_get(const char *name, unsigned int block, uint32_t *index); /* -1: ENOMEM */
void fpage_add_mapper(struct fpage *fp, vpid_t id);
void fpage_remove_mapper(struct fpage *fp, vpid_t id);
void fpage_sync(const struct fpage *fp);
struct pgd_pte fpage_pte(const struct fpage *fp);
int fpage_fault(struct fpage *fp, bool write);
void fpages_sync(void);
extern const struct frame_owner fpage_owner; /* FRAME_FILE */
void fpages_fini(void);

/* procs.c */
int procs_init(void);
void procs_fini(void);
struct proc *proc_new(pid_t pid, struct pgd_pte *ptes, vpn_t reserve);
struct proc *proc_find(pid_t pid);
void proc_free(struct proc *p);
struct vpage *proc_push_vpage(struct proc *p, vpid_t *id); /* next vpn; NULL if none */
void proc_pop_vpage(struct proc *p);
int proc_vpage_index(const struct proc *p, uintptr_t addr, vpn_t *vpn);

/* stats.c */
int refpager_stats(pid_t pid, struct pgd_stats *out);

/* dump.c */
void refpager_dump(FILE *out, bool json);

/* check.c */
void refpager_check(void);

#endif
