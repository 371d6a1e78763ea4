/* SPDX-License-Identifier: MIT */
/* A reference string in memory, pages renumbered densely (trace.h). */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

#define TRACE_EMPTY_KEY UINT64_MAX

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
}

void trace_free(struct trace *t)
{
	free(t->page);
	free(t->write);
	free(t->keys);
	free(t->ids);
	trace_init(t);
}

static uint64_t trace_slot(const struct trace *t, uint64_t key)
{
	uint64_t s = (key * 0x9e3779b97f4a7c15ull) & (t->nr_slots - 1);

	while (t->keys[s] != key && t->keys[s] != TRACE_EMPTY_KEY)
		s = (s + 1) & (t->nr_slots - 1);
	return s;
}

/* The table at least twice as big as the pages it holds. */
static int trace_grow_table(struct trace *t)
{
	uint64_t old_n = t->nr_slots, n = old_n ? old_n * 2 : 1024;
	uint64_t *old_keys = t->keys;
	uint32_t *old_ids = t->ids;

	t->keys = malloc(n * sizeof(*t->keys));
	t->ids = malloc(n * sizeof(*t->ids));
	if (!t->keys || !t->ids) {
		free(t->keys);
		free(t->ids);
		t->keys = old_keys;
		t->ids = old_ids;
		return -1;
	}
	memset(t->keys, 0xff, n * sizeof(*t->keys));
	t->nr_slots = n;
	for (uint64_t s = 0; s < old_n; s++) {
		if (old_keys[s] == TRACE_EMPTY_KEY)
			continue;
		uint64_t d = trace_slot(t, old_keys[s]);

		t->keys[d] = old_keys[s];
		t->ids[d] = old_ids[s];
	}
	free(old_keys);
	free(old_ids);
	return 0;
}

/* The dense number of key; UINT64_MAX, the table's empty mark, is kept
 * apart. */
static int trace_id(struct trace *t, uint64_t key, uint32_t *id)
{
	uint32_t *to;
	uint64_t s;

	if ((uint64_t)t->nr_pages * 2 + 2 > t->nr_slots && trace_grow_table(t))
		return -1;
	s = trace_slot(t, key);
	to = key == TRACE_EMPTY_KEY ? &t->max_key_id : &t->ids[s];
	if (key == TRACE_EMPTY_KEY ? !t->has_max_key : t->keys[s] == TRACE_EMPTY_KEY) {
		if (t->nr_pages == UINT32_MAX)
			return -1;
		if (key == TRACE_EMPTY_KEY)
			t->has_max_key = true;
		else
			t->keys[s] = key;
		*to = t->nr_pages++;
	}
	*id = *to;
	return 0;
}

int trace_push(struct trace *t, uint64_t key, bool write)
{
	uint32_t id;

	if (t->n == t->cap) {
		uint64_t cap = t->cap ? t->cap * 2 : 4096;
		uint32_t *page = realloc(t->page, cap * sizeof(*page));
		uint8_t *w;

		if (!page)
			return -1;
		t->page = page;
		w = realloc(t->write, cap * sizeof(*w));
		if (!w)
			return -1;
		t->write = w;
		t->cap = cap;
	}
	if (trace_id(t, key, &id))
		return -1;
	t->page[t->n] = id;
	t->write[t->n] = write;
	t->n++;
	return 0;
}

uint64_t *trace_next_use(const struct trace *t)
{
	uint64_t *next = malloc((t->n ? t->n : 1) * sizeof(*next));
	uint64_t *last = malloc((t->nr_pages ? t->nr_pages : 1) * sizeof(*last));

	if (!next || !last) {
		free(next);
		free(last);
		return NULL;
	}
	for (uint32_t p = 0; p < t->nr_pages; p++)
		last[p] = TRACE_NEVER;
	for (uint64_t i = t->n; i-- > 0;) {
		next[i] = last[t->page[i]];
		last[t->page[i]] = i;
	}
	free(last);
	return next;
}

uint64_t *trace_keys(const struct trace *t)
{
	uint64_t *keys = malloc((t->nr_pages ? t->nr_pages : 1) * sizeof(*keys));

	if (!keys)
		return NULL;
	for (uint64_t s = 0; s < t->nr_slots; s++)
		if (t->keys[s] != TRACE_EMPTY_KEY)
			keys[t->ids[s]] = t->keys[s];
	if (t->has_max_key)
		keys[t->max_key_id] = TRACE_EMPTY_KEY;
	return keys;
}
