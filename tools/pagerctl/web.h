/* SPDX-License-Identifier: MIT */
/*
 * pagerctl web: the live browser view. One poller thread (webpoll.c) asks
 * the daemon for its status, statistics and frame table a few times a second
 * over one control connection and publishes each answer as one JSON snapshot;
 * the HTTP server (web.c, libmicrohttpd) serves every viewer from the latest
 * snapshot, so the daemon's load does not grow with the viewers.
 */
#ifndef PAGERCTL_WEB_H
#define PAGERCTL_WEB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ctl.h"

struct web_args {
	const char *socket; /* NULL: the default path */
	const char *bind;   /* NULL: 127.0.0.1 */
	unsigned int port;  /* 0: any free port */
	const char *log;    /* --log: the daemon's event log, served as /log; NULL: none */
};

/* One published state of the daemon: immutable once published, freed by
 * whoever drops the last reference (webpoll_put). */
struct web_snap {
	unsigned int refs; /* under web_poll.lock */
	uint64_t seq;	   /* 1, 2, ...: the poll it came from */
	size_t len;
	char json[];	   /* one line of JSON (no newline), NUL-terminated */
};

/* The poller and what it publishes. lock guards snap and stop. */
struct web_poll {
	struct ctl ctl;		/* poller thread */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed; /* a new snapshot, or stop */
	struct web_snap *snap;	/* the latest; NULL before the first poll */
	bool stop;
	bool lost;		/* poller: the daemon went away (pagerctl web ends) */
	bool no_stats, no_frames; /* poller: the daemon's pager refused them */
	unsigned int interval_ms;
};

/* Connect to the daemon at path and start polling every interval_ms. 0 or
 * -errno (a message printed). */
int webpoll_start(struct web_poll *p, const char *path, unsigned int interval_ms);
/* Stop the poller, wake every waiter, drop the latest snapshot. */
void webpoll_stop(struct web_poll *p);
/* A reference to a snapshot newer than seq (0: any), waiting at most
 * wait_ms for one; NULL if none came or the poller stops. */
struct web_snap *webpoll_get(struct web_poll *p, uint64_t seq, unsigned int wait_ms);
void webpoll_put(struct web_poll *p, struct web_snap *s);

/* pagerctl web: serve until SIGINT or SIGTERM, or until the daemon goes
 * away. pagerctl's exit status. */
int web_run(const struct web_args *a);

#endif
