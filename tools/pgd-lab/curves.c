/* SPDX-License-Identifier: MIT */
/*
 * mrc's curves (lab_curves, commands.h): lru and opt in one pass each
 * (mrc.h), every other policy by a simulation per size, the simulations
 * shared among threads, one per online CPU (at most 8).
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
	uint64_t nr_jobs; /* policies x sizes */
	atomic_uint_fast64_t next_job;
	atomic_bool failed;
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
	int ret = !all ? -1 : p->name[0] == 'l' ? mrc_lru(t, top, all) : mrc_opt(t, cv->next, top, all);

	for (uint32_t c = lo; c <= hi && !ret; c++)
		misses[c - lo] = all[c < top ? c : top];
	free(all);
	return ret;
}

/* Take simulations (a policy at a size) until there are none left. */
static void *curves_worker(void *arg)
{
	struct curves *cv = arg;
	uint64_t sizes = (uint64_t)cv->a->frames_hi - cv->a->frames_lo + 1, j;

	while ((j = atomic_fetch_add(&cv->next_job, 1)) < cv->nr_jobs && !atomic_load(&cv->failed)) {
		const struct lab_policy *p = cv->a->policies[j / sizes];
		struct lab_ctx ctx = {.frames = cv->a->frames_lo + (uint32_t)(j % sizes),
				      .t = cv->t,
				      .next = cv->next,
				      .seed = cv->a->seed};
		struct lab_result r;

		if (curves_one_pass(p))
			continue;
		if (lab_simulate(p, &ctx, &r))
			atomic_store(&cv->failed, true);
		else
			cv->misses[j / sizes][j % sizes] = r.faults;
	}
	return NULL;
}

int lab_curves(const struct lab_args *a, const struct trace *t, uint64_t **misses)
{
	struct curves cv = {.a = a, .t = t, .misses = misses};
	uint64_t sizes = (uint64_t)a->frames_hi - a->frames_lo + 1;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned int nr = cpus < 1			? 1
			  : cpus > CURVES_MAX_THREADS ? CURVES_MAX_THREADS
						      : (unsigned int)cpus;
	pthread_t threads[CURVES_MAX_THREADS];
	unsigned int started = 0;

	cv.next = trace_next_use(t);
	if (!cv.next)
		return -1;
	for (unsigned int p = 0; p < a->nr_policies && !cv.failed; p++)
		if (curves_one_pass(a->policies[p]) && curves_stack(&cv, a->policies[p], misses[p]))
			cv.failed = true;
	cv.nr_jobs = a->nr_policies * sizes;
	while (started + 1 < nr && !pthread_create(&threads[started], NULL, curves_worker, &cv))
		started++;
	curves_worker(&cv);
	for (unsigned int i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free((void *)cv.next);
	return cv.failed ? -1 : 0;
}
