/* SPDX-License-Identifier: MIT */
/*
 * The poller of pagerctl web: one thread, one control connection, three
 * requests (STATUS, whole-pager STATS, FRAMES as JSON) per poll, whatever
 * the number of viewers. Each poll becomes one snapshot, the JSON object
 * {"seq":N,"status":{...},"stats":{...},"frames":{...}} of
 * tools/web/README.md ("Live state"), reference-counted so that a viewer
 * still sending an old one never blocks the next.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "show.h"
#include "web.h"

/* Now plus ms on the clock condition variables use. */
static struct timespec webpoll_deadline(unsigned int ms)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	t.tv_sec += ms / 1000;
	t.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	return t;
}

static void webpoll_publish(struct web_poll *p, uint64_t seq, const char *json, size_t len)
{
	struct web_snap *s = malloc(sizeof(*s) + len + 1), *old;

	if (!s)
		return; /* viewers keep the previous state */
	/* JSON needs no raw newline (strings escape them); an event-stream
	 * message must hold none. */
	for (size_t i = 0; i < len; i++)
		s->json[i] = json[i] == '\n' ? ' ' : json[i];
	s->json[len] = '\0';
	s->len = len;
	s->refs = 1;
	pthread_mutex_lock(&p->lock);
	old = p->snap;
	s->seq = seq;
	p->snap = s;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	if (old)
		webpoll_put(p, old);
}

/* One poll into out. 0, or -errno of the request that failed. A pager that
 * refuses statistics or frames (ENOTSUP) is not asked again. */
static int webpoll_once(struct web_poll *p, FILE *out, uint64_t seq)
{
	struct proto_msg m;
	char *text = NULL;
	size_t len = 0;
	int err;

	fprintf(out, "{\"seq\":%llu,\"status\":", (unsigned long long)seq);
	if ((err = ctl_status(&p->ctl, &m)))
		return err;
	show_status(out, p->ctl.path, &m, true);
	if (!p->no_stats) {
		err = ctl_stats(&p->ctl, 0, &m);
		if (err == -ENOTSUP)
			p->no_stats = true;
		if (err)
			return err;
		fputs(",\"stats\":", out);
		if ((err = show_stats(out, &m, true)))
			return err;
	}
	if (!p->no_frames) {
		err = ctl_frames(&p->ctl, true, &text, &len);
		if (err == -ENOTSUP)
			p->no_frames = true;
		if (err)
			return err;
		fputs(",\"frames\":", out);
		fwrite(text, 1, len, out);
		free(text);
	}
	fputs("}", out);
	return 0;
}

static bool webpoll_stopping(struct web_poll *p, unsigned int ms)
{
	struct timespec until = webpoll_deadline(ms);
	bool stop;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && pthread_cond_timedwait(&p->changed, &p->lock, &until) != ETIMEDOUT)
		;
	stop = p->stop;
	pthread_mutex_unlock(&p->lock);
	return stop;
}

static void *webpoll_thread(void *arg)
{
	struct web_poll *p = arg;
	uint64_t seq = 1;

	do {
		char *json = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&json, &len);
		int err = out ? webpoll_once(p, out, seq) : -ENOMEM;

		if (out)
			fclose(out);
		if (!err)
			webpoll_publish(p, seq++, json, len);
		free(json);
		if (err && err != -ENOMEM) {
			/* A refusal ends the control connection (docs/protocol.md
			 * section 4); a lost daemon ends pagerctl web. */
			ctl_close(&p->ctl);
			if (err == -ENOTSUP && !ctl_open(&p->ctl, p->ctl.path, 0))
				continue;
			pthread_mutex_lock(&p->lock);
			p->lost = true;
			pthread_cond_broadcast(&p->changed);
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
	} while (!webpoll_stopping(p, p->interval_ms));
	return NULL;
}

int webpoll_start(struct web_poll *p, const char *path, unsigned int interval_ms)
{
	int err = ctl_open(&p->ctl, path, 0);

	if (err)
		return err;
	p->interval_ms = interval_ms;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->changed, NULL);
	err = -pthread_create(&p->thread, NULL, webpoll_thread, p);
	if (err) {
		fprintf(stderr, "pagerctl: cannot start the poller thread: %s\n", strerror(-err));
		ctl_close(&p->ctl);
	}
	return err;
}

void webpoll_stop(struct web_poll *p)
{
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	ctl_close(&p->ctl);
	if (p->snap)
		webpoll_put(p, p->snap);
	p->snap = NULL;
}

struct web_snap *webpoll_get(struct web_poll *p, uint64_t seq, unsigned int wait_ms)
{
	struct timespec until = webpoll_deadline(wait_ms);
	struct web_snap *s = NULL;

	pthread_mutex_lock(&p->lock);
	while (!p->stop && (!p->snap || p->snap->seq <= seq) &&
	       pthread_cond_timedwait(&p->changed, &p->lock, &until) != ETIMEDOUT)
		;
	if (!p->stop && p->snap && p->snap->seq > seq) {
		s = p->snap;
		s->refs++;
	}
	pthread_mutex_unlock(&p->lock);
	return s;
}

void webpoll_put(struct web_poll *p, struct web_snap *s)
{
	bool last;

	pthread_mutex_lock(&p->lock);
	last = --s->refs == 0;
	pthread_mutex_unlock(&p->lock);
	if (last)
		free(s);
}
