/* SPDX-License-Identifier: MIT */
/* The progress line and Ctrl-C (progress.h). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "progress.h"

#define PROGRESS_AFTER 1.0  /* seconds before the first line */
#define PROGRESS_EVERY 0.25 /* seconds between lines */

static volatile sig_atomic_t progress_sigint;

static void progress_on_sigint(int sig)
{
	(void)sig;
	progress_sigint = 1;
}

static double progress_elapsed(const struct progress *p)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - p->start.tv_sec) + (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
}

void progress_start(struct progress *p, const char *what, uint64_t total)
{
	progress_start_units(p, what, total, NULL);
}

void progress_start_units(struct progress *p, const char *what, uint64_t total,
			  const char *unit)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = progress_on_sigint;
	sa.sa_flags = SA_RESETHAND; /* the second Ctrl-C kills */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	p->what = what;
	p->unit = unit;
	p->total = total ? total : 1;
	atomic_init(&p->done, 0);
	p->tty = isatty(2);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
	pthread_mutex_init(&p->lock, NULL);
	p->shown = 0;
}

bool progress_add(struct progress *p, uint64_t n)
{
	uint64_t done;
	double s;

	if (!p)
		return !progress_sigint;
	done = atomic_fetch_add(&p->done, n) + n;
	if (p->tty && (s = progress_elapsed(p)) >= PROGRESS_AFTER &&
	    !pthread_mutex_trylock(&p->lock)) {
		if (s - p->shown >= PROGRESS_EVERY && p->unit) {
			p->shown = s;
			fprintf(stderr, "\rpgd-lab %s: %3.0f%% (%llu of %llu %s), %.0f s ", p->what,
				100.0 * (double)done / (double)p->total, (unsigned long long)done,
				(unsigned long long)p->total, p->unit, s);
		} else if (s - p->shown >= PROGRESS_EVERY) {
			p->shown = s;
			fprintf(stderr, "\rpgd-lab %s: %3.0f%% (%.1fM of %.1fM references), %.0f s ",
				p->what, 100.0 * (double)done / (double)p->total, (double)done / 1e6,
				(double)p->total / 1e6, s);
		}
		pthread_mutex_unlock(&p->lock);
	}
	return !progress_sigint;
}

bool progress_interrupted(void)
{
	return progress_sigint;
}

void progress_end(struct progress *p)
{
	signal(SIGINT, SIG_DFL);
	if (p->tty && p->shown > 0)
		fputs("\r\033[K", stderr);
	pthread_mutex_destroy(&p->lock);
}
