/* SPDX-License-Identifier: MIT */
/*
 * The policies whose victim search keeps state beyond a scan of the frames
 * (the clock's and SIEVE's rings and hands, nru's and aging's cursors, and
 * wsclock's hand) against oracles: each rule as written at the top of its
 * file, checked the slow way, by scanning every resident frame in an array
 * kept in order. Both run side by side over seeded random reference
 * strings with writes, releases, 2 to a few hundred frames (and frame 0,
 * never resident, as the pager's zero page: so nr_frames - 1 faults can
 * reference every resident frame between two harvests) and several
 * processes (whose virtual times differ, and a frame's process changes now
 * and then), each with its own referenced and dirty bits; at every fault
 * both must choose the same victim, and after every step their bits must
 * agree (the same bits cleared, so the same faults follow).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "policy-common.h"

#define REF 1u   /* bit 0, as struct policy_host's referenced */
#define DIRTY 2u
#define NR_PROCS 3
#define NONE UINT32_MAX

/* What both sides share: the machine's pages, frames and virtual times. */
struct machine {
	uint32_t nr_frames, nr_pages;
	uint32_t *frame_of; /* by page: NONE if not resident */
	uint32_t *page_of;  /* by frame: NONE if free */
	uint32_t *proc_of;  /* by frame: the process it is charged to */
	uint64_t vtime[NR_PROCS];
	uint8_t *bits;	    /* by frame: the policy's side */
};

/* The oracle: its own bits, the resident frames in an array (in arrival
 * order, or the clock's queue order), and the rule's state. */
struct oracle {
	const char *rule;
	struct machine *m;
	uint8_t *bits;
	uint32_t *q, n;	    /* q[0 .. n) */
	uint32_t hand;	    /* sieve, wsclock: a frame, or NONE for q[0] */
	uint8_t *ref;	    /* nru, aging: the bit as the policy last saw it */
	uint8_t *history;   /* aging */
	uint64_t *last_use; /* wsclock */
	uint32_t events;    /* nru, aging: faults since the harvest */
};

static bool machine_test_and_clear(void *ctx, uint32_t frame)
{
	struct machine *m = ctx;
	bool r = m->bits[frame] & REF;

	m->bits[frame] &= (uint8_t)~REF;
	return r;
}

static bool machine_dirty(void *ctx, uint32_t frame)
{
	return ((struct machine *)ctx)->bits[frame] & DIRTY;
}

static uint64_t machine_vtime(void *ctx, uint32_t frame)
{
	struct machine *m = ctx;

	return m->vtime[m->proc_of[frame]];
}

static bool oracle_tac(struct oracle *o, uint32_t f)
{
	bool r = o->bits[f] & REF;

	o->bits[f] &= (uint8_t)~REF;
	return r;
}

static uint32_t oracle_index(const struct oracle *o, uint32_t f)
{
	for (uint32_t i = 0; i < o->n; i++)
		if (o->q[i] == f)
			return i;
	fail_msg("oracle: frame %u is not resident", f);
	return NONE;
}

static void oracle_remove(struct oracle *o, uint32_t f)
{
	uint32_t i = oracle_index(o, f);

	if (o->hand == f) /* sieve, wsclock: the hand to its successor */
		o->hand = i + 1 < o->n ? o->q[i + 1] : NONE;
	memmove(&o->q[i], &o->q[i + 1], (o->n - i - 1) * sizeof(*o->q));
	o->n--;
}

/* nru, aging: every nr_frames faults, all bits read and cleared. */
static void oracle_tick(struct oracle *o)
{
	if (++o->events < o->m->nr_frames)
		return;
	o->events = 0;
	for (uint32_t i = 0; i < o->n; i++) {
		uint32_t f = o->q[i];
		bool r = oracle_tac(o, f);

		o->history[f] = (uint8_t)(o->history[f] >> 1 | (unsigned int)r << 7);
		o->ref[f] = 0;
	}
}

static void oracle_referenced(struct oracle *o, uint32_t f)
{
	if (!strcmp(o->rule, "wsclock"))
		o->last_use[f] = machine_vtime(o->m, f);
	if (!strcmp(o->rule, "nru") || !strcmp(o->rule, "aging")) {
		o->ref[f] = 1;
		oracle_tick(o);
	}
}

static void oracle_resident(struct oracle *o, uint32_t f)
{
	o->q[o->n++] = f;
	o->history[f] = 0;
	oracle_referenced(o, f);
}

/* nru: the oldest frame of the lowest class 2 * ref + dirty. */
static uint32_t oracle_nru(struct oracle *o)
{
	for (unsigned int c = 0; c < 4; c++)
		for (uint32_t i = 0; i < o->n; i++)
			if (2u * o->ref[o->q[i]] + !!(o->bits[o->q[i]] & DIRTY) == c)
				return o->q[i];
	fail_msg("nru: no class");
	return NONE;
}

/* aging: the oldest frame of the smallest key ref << 8 | history. */
static uint32_t oracle_aging(struct oracle *o)
{
	uint32_t best = o->q[0];

	for (uint32_t i = 0; i < o->n; i++) {
		uint32_t f = o->q[i];

		if ((o->ref[f] << 8 | o->history[f]) < (o->ref[best] << 8 | o->history[best]))
			best = f;
	}
	return best;
}

/* clock: the head; if referenced, cleared and to the tail; again. */
static uint32_t oracle_clock(struct oracle *o)
{
	for (;;) {
		uint32_t f = o->q[0];

		if (!oracle_tac(o, f))
			return f;
		memmove(&o->q[0], &o->q[1], (o->n - 1) * sizeof(*o->q));
		o->q[o->n - 1] = f;
	}
}

/* sieve: from the hand towards the newest, wrapping; a set bit is cleared
 * and the frame stays; the first clear one goes, the hand stays at its
 * successor (oracle_remove). */
static uint32_t oracle_sieve(struct oracle *o)
{
	uint32_t i = o->hand == NONE ? 0 : oracle_index(o, o->hand);

	while (oracle_tac(o, o->q[i]))
		i = (i + 1) % o->n;
	o->hand = o->q[i];
	return o->q[i];
}

/* wsclock: from the hand, one turn at most: a set bit is cleared and the
 * frame stamped; the first clear, clean frame older than tau goes; after
 * the turn the first old dirty frame, else the oldest (the first of
 * equals), else the frame the hand started at. */
static uint32_t oracle_wsclock(struct oracle *o)
{
	uint32_t start = o->hand == NONE ? 0 : oracle_index(o, o->hand), f;
	uint32_t old_dirty = NONE, oldest = NONE;
	uint64_t oldest_age = 0, tau = o->m->nr_frames;

	for (uint32_t k = 0; k < o->n; k++) {
		uint64_t now, age;

		f = o->q[(start + k) % o->n];
		now = machine_vtime(o->m, f);
		if (oracle_tac(o, f)) {
			o->last_use[f] = now;
			continue;
		}
		age = now > o->last_use[f] ? now - o->last_use[f] : 0;
		if (age > tau && !(o->bits[f] & DIRTY))
			goto out;
		if (age > tau && old_dirty == NONE)
			old_dirty = f;
		if (oldest == NONE || age > oldest_age) {
			oldest = f;
			oldest_age = age;
		}
	}
	f = old_dirty != NONE ? old_dirty : oldest != NONE ? oldest : o->q[start];
out:
	o->hand = f;
	return f;
}

static uint32_t oracle_victim(struct oracle *o)
{
	uint32_t f = !strcmp(o->rule, "clock")	 ? oracle_clock(o)
		     : !strcmp(o->rule, "sieve") ? oracle_sieve(o)
		     : !strcmp(o->rule, "nru")	 ? oracle_nru(o)
		     : !strcmp(o->rule, "aging") ? oracle_aging(o)
						 : oracle_wsclock(o);

	oracle_remove(o, f);
	return f;
}

static uint64_t rnd(uint64_t *s, uint64_t n)
{
	return policy_rand(s) % n;
}

/* A resident frame's access wants bits; both sides hear of each fault,
 * again while the policy's call cleared what the access needs (host.c's
 * retry). */
static void run_faults(struct machine *m, struct policy *p, struct oracle *o, uint32_t f,
		       uint8_t want)
{
	while ((m->bits[f] & want) != want) {
		m->vtime[m->proc_of[f]]++;
		m->bits[f] |= want;
		o->bits[f] |= want;
		if (p->ops->referenced)
			p->ops->referenced(p, f);
		oracle_referenced(o, f);
	}
}

static void run_one(const char *rule, uint64_t seed)
{
	uint64_t s = seed;
	uint32_t nr_frames = 3 + (uint32_t)(rnd(&s, 4) ? rnd(&s, 30) : rnd(&s, 300));
	struct machine m = {.nr_frames = nr_frames, .nr_pages = nr_frames + 1 + (uint32_t)rnd(&s, nr_frames)};
	struct oracle o = {.rule = rule, .m = &m, .hand = NONE};
	bool lab_bits = seed & 1; /* half the runs with the bits at hand, as pgd-lab */
	struct policy_host host = {.ctx = &m,
				   .test_and_clear_referenced = machine_test_and_clear,
				   .dirty = machine_dirty,
				   .vtime = machine_vtime};
	struct policy_params params = {.seed = seed};
	const struct policy_ops *ops = policy_find(rule);
	struct policy *p;
	uint32_t nr_free = nr_frames - 1, *free_frames, *order, faults = 0;
	/* Phases of locality: most accesses in a window of ws pages, at
	 * random or in a loop over it (so that every frame is referenced
	 * between two harvests, or few are), writes at a rate of the phase's. */
	uint32_t ws = 1 + (uint32_t)rnd(&s, m.nr_pages), base = 0, loop = 0;
	bool in_order = false;
	uint64_t writes = 30; /* percent */

	m.frame_of = malloc(m.nr_pages * sizeof(*m.frame_of));
	m.page_of = malloc(nr_frames * sizeof(*m.page_of));
	m.proc_of = calloc(nr_frames, sizeof(*m.proc_of));
	m.bits = calloc(nr_frames, 1);
	o.bits = calloc(nr_frames, 1);
	o.q = calloc(nr_frames, sizeof(*o.q));
	o.ref = calloc(nr_frames, 1);
	o.history = calloc(nr_frames, 1);
	o.last_use = calloc(nr_frames, sizeof(*o.last_use));
	free_frames = malloc(nr_frames * sizeof(*free_frames));
	order = malloc(nr_frames * sizeof(*order));
	assert_true(m.frame_of && m.page_of && m.proc_of && m.bits && o.bits && o.q && o.ref &&
		    o.history && o.last_use && free_frames && order && ops);
	if (lab_bits) {
		host.referenced = m.bits;
		host.test_and_clear_referenced = NULL;
	}
	p = ops->create(nr_frames, &host, &params);
	assert_non_null(p);
	for (uint32_t pg = 0; pg < m.nr_pages; pg++)
		m.frame_of[pg] = NONE;
	for (uint32_t f = 0; f < nr_frames; f++)
		m.page_of[f] = NONE;
	for (uint32_t f = 1; f < nr_frames; f++) /* frame 0 is the pager's zero page */
		free_frames[f - 1] = nr_frames - f;
	for (uint32_t step = 0; step < 3000; step++) {
		uint32_t in_ws = in_order ? loop++ % ws : (uint32_t)rnd(&s, ws);
		uint32_t pg = rnd(&s, 20) ? (base + in_ws) % m.nr_pages : (uint32_t)rnd(&s, m.nr_pages);
		uint32_t f = m.frame_of[pg];
		uint8_t want = (uint8_t)(REF | (rnd(&s, 100) < writes ? DIRTY : 0));

		if (rnd(&s, 200) == 0) { /* the next phase */
			base = (uint32_t)rnd(&s, m.nr_pages);
			ws = 1 + (uint32_t)rnd(&s, rnd(&s, 2) ? nr_frames : m.nr_pages);
			in_order = rnd(&s, 2);
			writes = rnd(&s, 5) * 25; /* 0, 25, 50, 75, 100 */
		}
		if (nr_frames < 40 || step % 64 == 0) /* its invariants' checks, as vm_check */
			assert_int_equal(p->ops->order(p, order), nr_frames - 1 - nr_free);

		if (rnd(&s, 50) == 0 && nr_free < nr_frames - 1) { /* a page goes away */
			do
				f = (uint32_t)rnd(&s, nr_frames);
			while (m.page_of[f] == NONE);
			p->ops->released(p, f);
			oracle_remove(&o, f);
			m.frame_of[m.page_of[f]] = NONE;
			m.page_of[f] = NONE;
			m.bits[f] = o.bits[f] = 0;
			free_frames[nr_free++] = f;
			continue;
		}
		if (rnd(&s, 100) == 0) /* a sharer leaves: a frame's process changes */
			m.proc_of[rnd(&s, nr_frames)] = (uint32_t)rnd(&s, NR_PROCS);
		if (f != NONE) {
			run_faults(&m, p, &o, f, want);
		} else {
			faults++;
			if (nr_free) {
				f = free_frames[--nr_free];
			} else {
				uint32_t expected = oracle_victim(&o);

				f = p->ops->victim(p);
				if (f != expected)
					fail_msg("%s, seed %llu, %u frames, fault %u: victim %u, the "
						 "rule's %u",
						 rule, (unsigned long long)seed, nr_frames, faults, f,
						 expected);
				m.frame_of[m.page_of[f]] = NONE;
			}
			m.vtime[pg % NR_PROCS]++;
			m.frame_of[pg] = f;
			m.page_of[f] = pg;
			m.proc_of[f] = pg % NR_PROCS;
			m.bits[f] = o.bits[f] = want;
			p->ops->resident(p, f, pg);
			oracle_resident(&o, f);
			run_faults(&m, p, &o, f, want);
		}
		if (memcmp(m.bits, o.bits, nr_frames))
			fail_msg("%s, seed %llu, step %u: the bits differ from the rule's", rule,
				 (unsigned long long)seed, step);
	}
	p->ops->destroy(p);
	free(order);
	free(free_frames);
	free(o.last_use);
	free(o.history);
	free(o.ref);
	free(o.q);
	free(o.bits);
	free(m.bits);
	free(m.proc_of);
	free(m.page_of);
	free(m.frame_of);
}

/* One test per policy; its name in the state (cmocka's initial state). */
static void test_policy_oracle(void **state)
{
	for (uint64_t seed = 1; seed <= 120; seed++)
		run_one(*state, seed);
}

#define ORACLE_TEST(rule)                                                                          \
	{                                                                                          \
		.name = "test_policy_oracle_" rule, .test_func = test_policy_oracle,               \
		.initial_state = (void *)rule                                                      \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    ORACLE_TEST("clock"), ORACLE_TEST("sieve"),	  ORACLE_TEST("nru"),
	    ORACLE_TEST("aging"), ORACLE_TEST("wsclock"),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
