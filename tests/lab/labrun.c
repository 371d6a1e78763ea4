/* SPDX-License-Identifier: MIT */
/* Running a policy over an inline reference string (labrun.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "labrun.h"

void labrun_trace(const char *refs, struct trace *t)
{
	char *copy = strdup(refs), *save = NULL;

	assert_non_null(copy);
	trace_init(t);
	for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *end;
		uint64_t page = strtoull(tok, &end, 10);

		assert_true(end != tok && (!*end || !strcmp(end, "w")));
		assert_int_equal(trace_push(t, page, *end == 'w'), 0);
	}
	free(copy);
}

/* The page number as written of dense page id. */
static uint64_t labrun_page(const char *refs, const struct trace *t, uint32_t id)
{
	for (uint64_t i = 0; i < t->n; i++) {
		if (t->page[i] == id) {
			const char *s = refs;

			for (uint64_t k = 0; k < i; k++)
				s = strchr(s, ' ') + 1;
			return strtoull(s, NULL, 10);
		}
	}
	fail_msg("page id %u is not in the trace", id);
	return 0;
}

void labrun(const char *policy, uint32_t frames, const char *refs, uint64_t seed,
	    struct labrun *out)
{
	const struct lab_policy *p = lab_policy_find(policy);
	struct trace t;
	uint64_t *next;
	struct lab_ctx ctx = {.frames = frames, .seed = seed};
	uint64_t faults = 0, soft = 0;
	void *cache;

	assert_non_null(p);
	labrun_trace(refs, &t);
	next = trace_next_use(&t);
	assert_non_null(next);
	ctx.t = &t;
	ctx.next = next;
	ctx.online = p->online;
	cache = p->cache->create(&ctx);
	assert_non_null(cache);
	memset(out, 0, sizeof(*out));
	for (uint64_t i = 0; i < t.n; i++) {
		uint32_t victim;
		enum lab_ref ref = p->cache->access(cache, i, &victim);

		faults += ref == LAB_MISS;
		soft += ref == LAB_SOFT;
		if (victim != LAB_NO_PAGE) {
			assert_true(out->nr_victims < LABRUN_MAX);
			out->victims[out->nr_victims++] = labrun_page(refs, &t, victim);
		}
	}
	if (p->cache->retries) /* an access the pager faults on again */
		soft += p->cache->retries(cache);
	p->cache->destroy(cache);
	/* lab_simulate, which pgd-lab runs, counts the same */
	assert_int_equal(lab_simulate(p, &ctx, &out->r), 0);
	assert_int_equal(out->r.faults, faults);
	assert_int_equal(out->r.soft_faults, soft);
	assert_int_equal(out->r.evictions_clean + out->r.evictions_dirty, out->nr_victims);
	free(next);
	trace_free(&t);
}
