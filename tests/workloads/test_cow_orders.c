/* SPDX-License-Identifier: MIT */
/*
 * Copy-on-write in every order (design C5, C6; rule 3): seeded random fork
 * trees over a few swap pages, in 1 to 3 frames so that nearly every fault
 * evicts, whose processes write, read back, fork, map and yield in random
 * order. Each script is generated with its expected content: a process's
 * pages hold what it wrote last, or what its parent's held when it forked,
 * so every `read` checks that no page ever reads another page's data,
 * whichever way blocks and frames were handed around. pgd-run runs each
 * in-process with vm_check after every call; some also under a private
 * pagerd (real processes), whose log must match the in-process one.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "logpids.h"
#include "wlrun.h"

#define ORDERS_MAX_PROCS 8 /* processes in one tree */
#define ORDERS_MAX_VARS  6 /* pages one process maps or inherits */
#define ORDERS_MAX_DEPTH 3 /* fork nesting */

/* Seeds run in-process, and how many of them also run under pagerd. */
#define ORDERS_NR_IN_PROCESS 400
#define ORDERS_NR_DAEMON     24

/* One script being generated. */
struct gen {
	uint64_t rng;
	FILE *out;
	unsigned int nr_procs;  /* forked so far, the first process included */
	unsigned int nr_stamps; /* bytes written so far: each write's is unique */
	unsigned int nr_names;  /* variables named so far */
};

/* What one process's pages hold, as far as the script knows. */
struct model {
	unsigned int nr;
	unsigned int name[ORDERS_MAX_VARS]; /* variable vN */
	uint8_t value[ORDERS_MAX_VARS];
};

static unsigned int gen_pick(struct gen *g, unsigned int n)
{
	g->rng ^= g->rng << 13; /* xorshift64 */
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return (unsigned int)(g->rng % n);
}

static void gen_line(struct gen *g, unsigned int depth, const char *fmt, ...)
{
	va_list ap;

	for (unsigned int i = 0; i <= depth; i++)
		fputc('\t', g->out);
	va_start(ap, fmt);
	vfprintf(g->out, fmt, ap);
	va_end(ap);
	fputc('\n', g->out);
}

static void gen_map(struct gen *g, struct model *m, unsigned int depth)
{
	m->name[m->nr] = g->nr_names++;
	m->value[m->nr] = 0; /* never written: the zero page */
	gen_line(g, depth, "map v%u swap", m->name[m->nr]);
	m->nr++;
}

/* The steps of one process; m is its own copy of its pages' content. */
static void gen_body(struct gen *g, struct model m, unsigned int depth)
{
	unsigned int nr_steps = 3 + gen_pick(g, 10);

	for (unsigned int i = 0; i < nr_steps; i++) {
		unsigned int what = gen_pick(g, 20), v = gen_pick(g, m.nr);

		if (what < 6) {
			m.value[v] = (uint8_t)++g->nr_stamps;
			gen_line(g, depth, "write v%u %u", m.name[v], m.value[v]);
		} else if (what < 12) {
			gen_line(g, depth, "read v%u %u", m.name[v], m.value[v]);
		} else if (what < 16 && g->nr_procs < ORDERS_MAX_PROCS &&
		           depth < ORDERS_MAX_DEPTH) {
			g->nr_procs++;
			gen_line(g, depth, "fork");
			gen_body(g, m, depth + 1);
			gen_line(g, depth, "end");
		} else if (what < 17 && m.nr < ORDERS_MAX_VARS) {
			gen_map(g, &m, depth);
		} else {
			gen_line(g, depth, "yield");
		}
	}
	for (unsigned int v = 0; v < m.nr; v++) /* what the process ends with */
		gen_line(g, depth, "read v%u %u", m.name[v], m.value[v]);
}

/* The script of seed (malloc'd): memory 2 to 4, three pages to start. */
static char *gen_script(unsigned int seed)
{
	struct gen g = {.rng = 0x9e3779b97f4a7c15ull * (seed + 1)};
	struct model m = {0};
	char *text = NULL;
	size_t len;

	g.out = open_memstream(&text, &len);
	assert_non_null(g.out);
	fprintf(g.out, "# cow orders, seed %u\nmemory %u\nswap 64\nprocess\n", seed, 2 + seed % 3);
	g.nr_procs = 1;
	for (int i = 0; i < 3; i++)
		gen_map(&g, &m, 0);
	gen_body(&g, m, 0);
	fprintf(g.out, "end\n");
	fclose(g.out);
	/* at most 8 processes of 12 steps and 6 final reads: fewer than 255
	 * writes, so every stamp is a different non-zero byte */
	assert_true(g.nr_stamps < 255);
	return text;
}

struct orders {
	char dir[PATH_MAX];
	char script[PATH_MAX + 16];
	char err[PATH_MAX + 16];
};

static int orders_setup(void **state)
{
	struct orders *o = calloc(1, sizeof(*o));

	if (!o || !wlrun_mkdtemp(o->dir, sizeof(o->dir)))
		return -1;
	snprintf(o->script, sizeof(o->script), "%s/orders.pgd", o->dir);
	snprintf(o->err, sizeof(o->err), "%s/err", o->dir);
	*state = o;
	return 0;
}

static int orders_teardown(void **state)
{
	struct orders *o = *state;

	wlrun_rmtree(o->dir);
	free(o);
	return 0;
}

/* pgd-run --check [--in-process] --log DIR/name.log SCRIPT must exit 0 (every
 * read found its value); its log (malloc'd). */
static char *orders_run(struct orders *o, const char *name, bool in_process, const char *text)
{
	char log[PATH_MAX + 16];
	char *argv[] = {(char *)PGD_RUN, "--check", "--log", log, o->script, NULL, NULL};
	int status;

	snprintf(log, sizeof(log), "%s/%s.log", o->dir, name);
	if (in_process) {
		argv[4] = "--in-process";
		argv[5] = o->script;
	}
	status = wlrun(argv, "/dev/null", o->err);
	if (status) {
		char *msg = wlrun_read(o->err);

		fprintf(stderr, "pgd-run %s exited with %d:\n%s\nscript:\n%s", name, status,
		        msg ? msg : "", text);
		free(msg);
	}
	assert_int_equal(status, 0);
	return wlrun_read(log);
}

static void test_cow_orders_in_process(void **state)
{
	struct orders *o = *state;

	for (unsigned int seed = 0; seed < ORDERS_NR_IN_PROCESS; seed++) {
		char *text = gen_script(seed);

		assert_true(wlrun_write(o->script, text));
		free(orders_run(o, "inproc", true, text));
		free(text);
	}
}

static void test_cow_orders_daemon(void **state)
{
	struct orders *o = *state;

	for (unsigned int seed = 0; seed < ORDERS_NR_DAEMON; seed++) {
		char *text = gen_script(seed), *want, *got, *log;

		assert_true(wlrun_write(o->script, text));
		log = orders_run(o, "inproc", true, text);
		want = logpids_normalize(log);
		free(log);
		log = orders_run(o, "daemon", false, text);
		got = logpids_normalize(log);
		free(log);
		assert_true(wlrun_same(o->script, want, got));
		free(want);
		free(got);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_cow_orders_in_process, orders_setup,
	                                    orders_teardown),
	    cmocka_unit_test_setup_teardown(test_cow_orders_daemon, orders_setup, orders_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
