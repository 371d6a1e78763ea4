/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's frame table for live inspection (pagerctl frames):
 * every frame with its state, referenced and dirty bits, backing store and
 * owners (pid and vpage of every PTE that maps it), the replacement
 * policy's order from its next candidate (the hand, for a policy with one),
 * and swap use. As text for people or as one JSON
 * object. Runs on the pager thread between calls; linear in the frames and
 * their owners.
 */
#include <stdio.h>

#include "escape.h"
#include "refpager-internal.h"

static const char *const frame_state[] = {
	[FRAME_FREE] = "free",
	[FRAME_ZERO] = "zero",
	[FRAME_PRIVATE] = "swap",
	[FRAME_SHARED] = "swap",
	[FRAME_FILE] = "file",
};

/* File names come from clients: escape everything JSON needs escaped. */
static void dump_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* The first vpage id mapping the frame; the rest follow vpage.next. */
static vpid_t frame_owners(const struct frame *f)
{
	if (f->kind == FRAME_PRIVATE)
		return f->owner;
	if (f->kind == FRAME_SHARED)
		return spage_at(f->owner)->head;
	if (f->kind == FRAME_FILE)
		return fpage_at(f->owner)->head;
	return NO_VPAGE;
}

/* A private page is its frame's only owner; others are in a list. */
static vpid_t frame_next_owner(const struct frame *f, vpid_t id)
{
	return f->kind == FRAME_PRIVATE ? NO_VPAGE : vpid_vpage(id)->next;
}

static uintptr_t vpage_number(vpid_t id)
{
	return rp.geom.arena_base / rp.geom.page_size + vpid_vpn(id);
}

static bool frame_ghost(const struct frame *f)
{
	return f->kind == FRAME_FILE && fpage_at(f->owner)->nr_mappers == 0;
}

static blkno_t frame_block(const struct frame *f)
{
	if (f->kind == FRAME_PRIVATE)
		return vpid_vpage(f->owner)->block;
	if (f->kind == FRAME_SHARED)
		return spage_at(f->owner)->block;
	return fpage_at(f->owner)->block;
}

static bool frame_swapped(const struct frame *f)
{
	return f->kind == FRAME_PRIVATE || f->kind == FRAME_SHARED;
}

static void dump_frame_text(FILE *out, pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];
	bool resident = frame_swapped(f) || f->kind == FRAME_FILE;

	fprintf(out, "%-7u %-5s %-3s %-5s ", pfn, frame_state[f->kind],
		resident && f->referenced ? "r" : "-", resident && f->dirty ? "d" : "-");
	if (frame_swapped(f)) {
		fprintf(out, "<swap> %u", frame_block(f));
	} else if (f->kind == FRAME_FILE) {
		escape_fputs(fpage_at(f->owner)->name, out);
		fprintf(out, " %u%s", frame_block(f), frame_ghost(f) ? " (ghost)" : "");
	} else {
		fputs(f->kind == FRAME_ZERO ? "(pinned)" : "-", out);
	}
	for (vpid_t id = frame_owners(f); id != NO_VPAGE; id = frame_next_owner(f, id))
		fprintf(out, " %ld:0x%jx", (long)vpid_proc(id)->pid, (uintmax_t)vpage_number(id));
	fputc('\n', out);
}

static void dump_frame_json(FILE *out, pfn_t pfn)
{
	const struct frame *f = &rp.frames[pfn];
	const char *sep = "";

	fprintf(out, "{\"frame\":%u,\"state\":\"%s\",\"referenced\":%s,\"dirty\":%s", pfn,
		frame_state[f->kind], f->referenced ? "true" : "false", f->dirty ? "true" : "false");
	if (frame_swapped(f)) {
		fprintf(out, ",\"block\":%u", frame_block(f));
	} else if (f->kind == FRAME_FILE) {
		fputs(",\"file\":", out);
		dump_json_string(out, fpage_at(f->owner)->name);
		fprintf(out, ",\"block\":%u,\"ghost\":%s", frame_block(f),
			frame_ghost(f) ? "true" : "false");
	}
	fputs(",\"owners\":[", out);
	for (vpid_t id = frame_owners(f); id != NO_VPAGE; id = frame_next_owner(f, id), sep = ",")
		fprintf(out, "%s{\"pid\":%ld,\"vpage\":%ju}", sep, (long)vpid_proc(id)->pid,
			(uintmax_t)vpage_number(id));
	fputs("]}", out);
}

void refpager_dump(FILE *out, bool json)
{
	uint32_t nr_free_blocks = swap_nr_free();
	const char *sep = "", *policy = rp.policy->ops->name;
	bool hand = rp.policy->ops->hand;
	char describe[128] = "";
	uint32_t n;
	const pfn_t *order = frames_in_order(&n);

	if (rp.policy->ops->describe)
		rp.policy->ops->describe(rp.policy, describe, sizeof(describe));

	if (!json) {
		fprintf(out, "%u frames: %u resident, %u free; %s %s frame ", rp.geom.memory_pages,
			rp.nr_resident, fifo_len(&rp.free_frames), policy,
			hand ? "hand at" : "next candidate is");
		if (n == 0)
			fputs("(none)\n", out);
		else
			fprintf(out, "%u\n", order[0]);
		fputs("frame   state ref dirty backing and owners (pid:vpage)\n", out);
		for (pfn_t pfn = 0; pfn < rp.geom.memory_pages; pfn++)
			dump_frame_text(out, pfn);
		fprintf(out, "%s queue (%s first):", policy, hand ? "hand" : "next candidate");
		for (uint32_t i = 0; i < n; i++)
			fprintf(out, " %u", order[i]);
		fputc('\n', out);
		if (describe[0])
			fprintf(out, "%s: %s\n", policy, describe);
		fprintf(out, "swap: %u blocks, %u reserved, %u free\n", rp.geom.swap_blocks,
			rp.geom.swap_blocks - nr_free_blocks, nr_free_blocks);
		return;
	}
	fputs("{\"frames\":[", out);
	for (pfn_t pfn = 0; pfn < rp.geom.memory_pages; pfn++, sep = ",") {
		fputs(sep, out);
		dump_frame_json(out, pfn);
	}
	fprintf(out, "],\"%s\":[", policy);
	sep = "";
	for (uint32_t i = 0; i < n; i++, sep = ",")
		fprintf(out, "%s%u", sep, order[i]);
	fprintf(out, "],\"policy\":{\"name\":\"%s\",\"hand\":%s", policy, hand ? "true" : "false");
	if (describe[0]) {
		fputs(",\"describe\":", out);
		dump_json_string(out, describe);
	}
	fprintf(out, "},\"swap\":{\"blocks\":%u,\"reserved\":%u,\"free\":%u}}\n",
		rp.geom.swap_blocks,
		rp.geom.swap_blocks - nr_free_blocks, nr_free_blocks);
}
