/* SPDX-License-Identifier: MIT */
/*
 * mrc's curves (lab_curves, commands.h): lru and opt in one pass each
 * (mrc.h), every other policy by a simulation per size, the simulations
 * shared among threads, one per online CPU (at most 8), smallest size
 * first (so that an interrupted run has whole rows for the small sizes).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "mrc.h"

#define CURVES_MAX_THREADS 8

struct curves {
	const struct lab_args *a;
	const struct trace *t;
	const uint64_t *next;
	uint64_t **misses;
	struct progress *progress;
	uint64_t nr_jobs; /* sizes x policies */
	atomic_uint_fast64_t next_job;
	atomic_bool failed, interrupted;
};

static bool curves_one_pass(const struct lab_policy *p)
{
	return !strcmp(p->name, "lru") || !strcmp(p->name, "opt");
}

/* lru's or opt's curve; beyond the number of pages it is flat. */
static int curves_stack(const struct curves *cv, const struct lab_policy *p, uint64_t *misses)
{
	const struct trace *t = cv->t;
	uint32_t lo = cv->a->frames_lo, hi = cv->a->frames_hi;
	uint32_t top = hi < t->nr_pages ? hi : t->nr_pages ? t->nr_pages : 1;
	uint64_t *all = malloc(((size_t)top + 1) * sizeof(*all));
	int ret = !all		    ? -1
		  : p->name[0] == 'l' ? mrc_lru(t, top, all, cv->progress)
				      : mrc_opt(t, cv->next, top, all, cv->progress);

	for (uint32_t c = lo; c <= hi && !ret; c++)
		misses[c - lo] = all[c < top ? c : top];
	free(all);
	return ret;
}

/* Take simulations (a policy at a size) until there are none left. */
static void *curves_worker(void *arg)
{
	struct curves *cv = arg;
	unsigned int nr = cv->a->nr_policies;
	uint64_t j;

	while ((j = atomic_fetch_add(&cv->next_job, 1)) < cv->nr_jobs && !atomic_load(&cv->failed) &&
	       !atomic_load(&cv->interrupted)) {
		const struct lab_policy *p = cv->a->policies[j % nr];
		struct lab_ctx ctx = {.frames = cv->a->frames_lo + (uint32_t)(j / nr),
				      .t = cv->t,
				      .next = cv->next,
				      .seed = cv->a->seed,
				      .progress = cv->progress};
		struct lab_result r;
		int ret;

		if (curves_one_pass(p))
			continue;
		ret = lab_simulate(p, &ctx, &r);
		if (ret < 0)
			atomic_store(&cv->failed, true);
		else if (ret)
			atomic_store(&cv->interrupted, true);
		else
			cv->misses[j % nr][j / nr] = r.faults;
	}
	return NULL;
}

int lab_curves(const struct lab_args *a, const struct trace *t, uint64_t **misses,
	       struct progress *progress)
{
	struct curves cv = {.a = a, .t = t, .misses = misses, .progress = progress};
	uint64_t sizes = (uint64_t)a->frames_hi - a->frames_lo + 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int nr = cpus < 1			? 1
			  : cpus > CURVES_MAX_THREADS ? CURVES_MAX_THREADS
						      : (unsigned int)cpus;
	pthread_t threads[CURVES_MAX_THREADS];
	unsigned int started = 0;

	for (unsigned int p = 0; p < a->nr_policies; p++)
		for (uint64_t s = 0; s < sizes; s++)
			misses[p][s] = LAB_NOT_DONE;
	cv.next = trace_next_use(t);
	if (!cv.next)
		return -1;
	for (unsigned int p = 0; p < a->nr_policies && !cv.failed && !cv.interrupted; p++) {
		int ret = curves_one_pass(a->policies[p]) ? curves_stack(&cv, a->policies[p], misses[p])
							  : 0;

		if (ret)
			atomic_store(ret < 0 ? &cv.failed : &cv.interrupted, true);
	}
	cv.nr_jobs = a->nr_policies * sizes;
	while (started + 1 < nr && !pthread_create(&threads[started], NULL, curves_worker, &cv))
		started++;
	curves_worker(&cv);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free((void *)cv.next);
	return cv.failed ? -1 : cv.interrupted ? 1 : 0;
}
