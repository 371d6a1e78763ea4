/* SPDX-License-Identifier: MIT */
/*
 * File-backed pages: one fpage per (file name, block), found through a
 * uthash and named by an index elsewhere, shared by every vpage that maps
 * it in any process (rule 9). An fpage lives while it has mappers or a
 * frame; a resident one with no mappers is a ghost page (rule 13), reused
 * by a later vm_map of the same name and block without a file_read.
 */
#include <stdlib.h>
#include <string.h>

#include "refpager-internal.h"

/* The hash key: the block's 4 bytes, then the name with its NUL. */
static size_t fpage_key(char *key, const char *name, size_t namelen, unsigned int block)
{
	memcpy(key, &block, sizeof(block));
	memcpy(key + sizeof(block), name, namelen + 1);
	return sizeof(block) + namelen + 1;
}

static void fpage_free(struct fpage *fp)
{
	HASH_DEL(rp.fpages, fp);
	pool_put(&rp.fpages_pool, fp->index);
	free(fp->key);
	free(fp);
}

int fpage_get(const char *name, unsigned int block, uint32_t *index)
{
	size_t namelen = strlen(name);
	char *key = malloc(sizeof(block) + namelen + 1);
	size_t keylen;
	struct fpage *fp = NULL;

	if (!key)
		return -1;
	keylen = fpage_key(key, name, namelen, block);
	HASH_FIND(hh, rp.fpages, key, keylen, fp);
	if (fp) {
		free(key);
		*index = fp->index;
		return 0;
	}
	fp = calloc(1, sizeof(*fp));
	if (!fp || pool_reserve(&rp.fpages_pool, 1) < 0)
		goto out_fp;
	*fp = (struct fpage){.head = NO_VPAGE, .tail = NO_VPAGE, .frame = NO_FRAME,
			     .block = block, .key = key, .keylen = keylen,
			     .name = key + sizeof(block)};
	HASH_ADD_KEYPTR(hh, rp.fpages, fp->key, fp->keylen, fp);
	if (hash_oom_take())
		goto out_fp;
	fp->index = pool_take(&rp.fpages_pool);
	*(struct fpage **)pool_at(&rp.fpages_pool, fp->index) = fp;
	*index = fp->index;
	return 0;
out_fp:
	free(fp);
	free(key);
	return -1;
}

void fpage_add_mapper(struct fpage *fp, vpid_t id)
{
	struct vpage *vp = vpid_vpage(id);

	vp->obj = obj_make(OBJ_FILE, fp->index);
	vp->prev = fp->tail;
	vp->next = NO_VPAGE;
	if (fp->tail != NO_VPAGE)
		vpid_vpage(fp->tail)->next = id;
	else
		fp->head = id;
	fp->tail = id;
	fp->nr_mappers++;
	*vpid_pte(id) = fpage_pte(fp); /* rule 9: the frame's state, maybe rw */
}

/* An fpage with neither mappers nor a frame is gone (I8). */
static void fpage_maybe_free(struct fpage *fp)
{
	if (fp->nr_mappers == 0 && fp->frame == NO_FRAME)
		fpage_free(fp);
}

void fpage_remove_mapper(struct fpage *fp, vpid_t id)
{
	struct vpage *vp = vpid_vpage(id);

	if (vp->prev != NO_VPAGE)
		vpid_vpage(vp->prev)->next = vp->next;
	else
		fp->head = vp->next;
	if (vp->next != NO_VPAGE)
		vpid_vpage(vp->next)->prev = vp->prev;
	else
		fp->tail = vp->prev;
	vp->prev = vp->next = NO_VPAGE;
	fp->nr_mappers--;
	fpage_maybe_free(fp); /* else a ghost if resident (rule 13) */
}

struct pgd_pte fpage_pte(const struct fpage *fp)
{
	return fp->frame != NO_FRAME ? frame_pte(fp->frame, true) : (struct pgd_pte){0};
}

void fpage_sync(const struct fpage *fp)
{
	struct pgd_pte pte = fpage_pte(fp);

	for (vpid_t id = fp->head; id != NO_VPAGE; id = vpid_vpage(id)->next)
		*vpid_pte(id) = pte;
}

/* A file page's frame (struct frame_owner); write-back also at shutdown. */
static void fpage_write_back(pfn_t pfn, const struct fpage *fp)
{
	STAT_INC(file_writes);
	file_write(fp->name, fp->block, frame_mem(pfn));
}

static void fpage_evict(pfn_t pfn)
{
	struct fpage *fp = fpage_at(rp.frames[pfn].owner);

	if (rp.frames[pfn].dirty)
		fpage_write_back(pfn, fp);
	fp->frame = NO_FRAME;
	fpage_sync(fp);
	fpage_maybe_free(fp);
}

static void fpage_sync_frame(pfn_t pfn)
{
	fpage_sync(fpage_at(rp.frames[pfn].owner));
}

const struct frame_owner fpage_owner = {
	.evict = fpage_evict,
	.sync = fpage_sync_frame,
};

int fpage_fault(struct fpage *fp, bool write)
{
	if (fp->frame == NO_FRAME) {
		pfn_t pfn = frame_get(); /* C4: the frame first, then the read */

		STAT_INC(file_reads);
		if (file_read(fp->name, fp->block, frame_mem(pfn)) < 0) {
			frame_release(pfn);
			return -1; /* rule 11 */
		}
		STAT_INC(faults_file_in);
		fp->frame = pfn;
		frame_make_resident(pfn, FRAME_FILE, fp->index, write);
	} else {
		STAT_INC(faults_permission);
		frame_referenced(fp->frame, write);
	}
	fpage_sync(fp);
	return 0;
}

/* Rule 13 at shutdown (design C7): write back every dirty file frame, in
 * the policy's order (the clock's: from the hand). */
void fpages_sync(void)
{
	uint32_t n;
	const pfn_t *order = frames_in_order(&n);

	for (uint32_t i = 0; i < n; i++) {
		struct frame *f = &rp.frames[order[i]];
		struct fpage *fp;

		if (f->kind != FRAME_FILE || !f->dirty)
			continue;
		fp = fpage_at(f->owner);
		fpage_write_back(order[i], fp);
		f->dirty = false;
		fpage_sync(fp);
	}
}

void fpages_fini(void)
{
	struct fpage *fp, *tmp;

	HASH_ITER(hh, rp.fpages, fp, tmp)
		fpage_free(fp);
	pool_fini(&rp.fpages_pool);
}
