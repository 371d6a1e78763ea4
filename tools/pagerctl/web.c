/* SPDX-License-Identifier: MIT */
/*
 * The HTTP side of pagerctl web, on libmicrohttpd (one thread per
 * connection, at most WEB_MAX_CONNECTIONS, requests of at most
 * WEB_REQUEST_MEMORY bytes): GET of the embedded page and its scripts, of
 * /state.json (the latest snapshot), of /events (server-sent events, one
 * message per snapshot) and, with --log, of /log (the tail of the daemon's
 * event log, read from its file: the daemon is not asked). Every viewer is served from the poller's snapshots,
 * never by asking the daemon itself. On 127.0.0.1 a request must name the
 * loopback in its Host header (no DNS rebinding); on any other address
 * (--bind) it must carry the random token printed at start, as ?token= or
 * as the cookie the first such request sets.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "web.h"
#include "webassets.h"

#define WEB_POLL_MS 250		    /* how often the daemon is asked */
#define WEB_MAX_CONNECTIONS 192	    /* connections at once, event streams included */
#define WEB_MAX_VIEWERS 160	    /* event streams at once */
#define WEB_REQUEST_MEMORY (16 << 10) /* a request's line and headers */
#define WEB_IDLE_S 30		    /* a connection that sends or takes nothing */
#define WEB_KEEPALIVE_MS 10000	    /* an event stream's comment when nothing changes */
#define WEB_TOKEN_HEX 32
#define WEB_LOG_TAIL (64 << 10)	    /* /log: the log's last bytes, from a line's start */

struct web_server {
	struct web_poll poll;
	const char *log;	       /* --log; NULL: none */
	char token[WEB_TOKEN_HEX + 1]; /* "": none needed (loopback) */
	char host[2][32];	       /* loopback: "127.0.0.1:PORT", "localhost:PORT" */
	char cookie[WEB_TOKEN_HEX + 64];
	unsigned int nr_viewers;       /* under poll.lock */
};

/* One event stream: the snapshot it is sending and how far it got. */
struct web_viewer {
	struct web_server *srv;
	struct web_snap *snap; /* NULL between messages */
	uint64_t seq;	       /* the last snapshot sent */
	size_t off;	       /* bytes of "data: JSON\n\n" sent */
};

static const char web_data[] = "data: ";

static enum MHD_Result web_send(struct MHD_Connection *conn, unsigned int code,
				 const char *type, const void *body, size_t len,
				 const char *cookie)
{
	struct MHD_Response *r =
	    MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:");
	if (cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	ret = MHD_queue_response(conn, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result web_text(struct MHD_Connection *conn, unsigned int code, const char *msg)
{
	return web_send(conn, code, "text/plain; charset=utf-8", msg, strlen(msg), NULL);
}

/* Equal strings, in a time that does not depend on where they differ. */
static bool web_same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;

	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* NULL if the request may be served, else why not (403). *set_cookie: the
 * request brought the token in its URL. */
static const char *web_refused(struct web_server *s, struct MHD_Connection *conn,
			       bool *set_cookie)
{
	const char *t, *host;

	if (!s->token[0]) {
		host = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
		return host && (web_same(host, s->host[0]) || web_same(host, s->host[1]))
			   ? NULL
			   : "403: the Host header must name the address pagerctl web printed\n";
	}
	t = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token");
	if (t && web_same(t, s->token)) {
		*set_cookie = true;
		return NULL;
	}
	t = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "pagerd_token");
	if (t && web_same(t, s->token))
		return NULL;
	return "403: open the address with ?token= that pagerctl web printed\n";
}

static ssize_t web_events_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct web_viewer *v = cls;
	size_t total, n = 0;

	(void)pos;
	if (!v->snap) {
		v->snap = webpoll_get(&v->srv->poll, v->seq, WEB_KEEPALIVE_MS);
		if (!v->snap) {
			bool ended;

			pthread_mutex_lock(&v->srv->poll.lock);
			ended = v->srv->poll.stop || v->srv->poll.lost;
			pthread_mutex_unlock(&v->srv->poll.lock);
			if (ended || max < 3)
				return MHD_CONTENT_READER_END_OF_STREAM;
			memcpy(buf, ":\n\n", 3); /* a comment: the stream is alive */
			return 3;
		}
		v->seq = v->snap->seq;
		v->off = 0;
	}
	total = sizeof(web_data) - 1 + v->snap->len + 2;
	while (n < max && v->off < total) {
		size_t o = v->off, k;
		const char *src;

		if (o < sizeof(web_data) - 1) {
			src = web_data + o;
			k = sizeof(web_data) - 1 - o;
		} else if (o < sizeof(web_data) - 1 + v->snap->len) {
			src = v->snap->json + (o - (sizeof(web_data) - 1));
			k = v->snap->len - (o - (sizeof(web_data) - 1));
		} else {
			src = "\n\n" + (o - (sizeof(web_data) - 1 + v->snap->len));
			k = total - o;
		}
		if (k > max - n)
			k = max - n;
		memcpy(buf + n, src, k);
		n += k;
		v->off += k;
	}
	if (v->off == total) {
		webpoll_put(&v->srv->poll, v->snap);
		v->snap = NULL;
	}
	return (ssize_t)n;
}

static void web_events_free(void *cls)
{
	struct web_viewer *v = cls;

	if (v->snap)
		webpoll_put(&v->srv->poll, v->snap);
	pthread_mutex_lock(&v->srv->poll.lock);
	v->srv->nr_viewers--;
	pthread_mutex_unlock(&v->srv->poll.lock);
	free(v);
}

static enum MHD_Result web_events(struct web_server *s, struct MHD_Connection *conn)
{
	struct web_viewer *v = calloc(1, sizeof(*v));
	struct MHD_Response *r;
	enum MHD_Result ret;
	bool full;

	if (!v)
		return web_text(conn, 503, "503: out of memory\n");
	pthread_mutex_lock(&s->poll.lock);
	full = s->nr_viewers >= WEB_MAX_VIEWERS;
	if (!full)
		s->nr_viewers++;
	pthread_mutex_unlock(&s->poll.lock);
	if (full) {
		free(v);
		return web_text(conn, 503, "503: too many viewers of this pagerctl web\n");
	}
	v->srv = s;
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 << 10, web_events_read, v,
					      web_events_free);
	if (!r) {
		web_events_free(v);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(conn, 200, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result web_state(struct web_server *s, struct MHD_Connection *conn)
{
	struct web_snap *snap = webpoll_get(&s->poll, 0, 2000);
	enum MHD_Result ret;

	if (!snap)
		return web_text(conn, 503, "503: no answer from pagerd yet\n");
	ret = web_send(conn, 200, "application/json", snap->json, snap->len, NULL);
	webpoll_put(&s->poll, snap);
	return ret;
}

/* GET /log: the last WEB_LOG_TAIL bytes of the log file, less the line cut
 * at their start, as text. */
static enum MHD_Result web_log(struct web_server *s, struct MHD_Connection *conn)
{
	char *buf = malloc(WEB_LOG_TAIL), *start;
	FILE *f = s->log ? fopen(s->log, "r") : NULL;
	enum MHD_Result ret;
	long end;
	size_t n = 0;

	if (!s->log) {
		free(buf);
		return web_text(conn, 404, "404: start pagerctl web with --log FILE, the daemon's "
					   "--log, to see the event log\n");
	}
	if (f && buf && !fseek(f, 0, SEEK_END) && (end = ftell(f)) >= 0 &&
	    !fseek(f, end > WEB_LOG_TAIL ? end - WEB_LOG_TAIL : 0, SEEK_SET))
		n = fread(buf, 1, WEB_LOG_TAIL, f);
	start = buf;
	if (n == WEB_LOG_TAIL) { /* the window may start inside a line */
		char *nl = memchr(buf, '\n', n);

		start = nl ? nl + 1 : buf + n;
	}
	if (f)
		fclose(f);
	ret = !f || !buf ? web_text(conn, 503, "503: cannot read the log file\n")
			 : web_send(conn, 200, "text/plain; charset=utf-8", start,
				    n - (size_t)(start - buf), NULL);
	free(buf);
	return ret;
}

static enum MHD_Result web_answer(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload, size_t *upload_len, void **req)
{
	struct web_server *s = cls;
	const struct webasset *a;
	const char *why;
	bool set_cookie = false;

	(void)version;
	(void)upload;
	(void)upload_len;
	(void)req;
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return web_text(conn, 405, "405: pagerctl web answers GET only\n");
	if ((why = web_refused(s, conn, &set_cookie)))
		return web_text(conn, 403, why);
	if (!strcmp(url, "/events"))
		return web_events(s, conn);
	if (!strcmp(url, "/state.json"))
		return web_state(s, conn);
	if (!strcmp(url, "/log"))
		return web_log(s, conn);
	a = !strcmp(url, "/") ? webasset_find("index.html")
	    : url[0] == '/'   ? webasset_find(url + 1)
			      : NULL;
	if (!a)
		return web_text(conn, 404, "404: pagerctl web serves /, /state.json, /events and /log\n");
	return web_send(conn, 200, a->type, a->data, a->len, set_cookie ? s->cookie : NULL);
}

/* The address to listen on; -EINVAL with a message. */
static int web_address(const struct web_args *a, struct sockaddr_storage *ss, bool *v6)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
	const char *addr = a->bind ? a->bind : "127.0.0.1";

	memset(ss, 0, sizeof(*ss));
	*v6 = false;
	if (inet_pton(AF_INET, addr, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)a->port);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)a->port);
		*v6 = true;
		return 0;
	}
	fprintf(stderr, "pagerctl: --bind: '%s' is not a numeric IPv4 or IPv6 address\n", addr);
	return -EINVAL;
}

static int web_token(struct web_server *s)
{
	unsigned char r[WEB_TOKEN_HEX / 2];

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		fprintf(stderr, "pagerctl: no random bytes for the access token: %s\n",
			strerror(errno));
		return -EIO;
	}
	for (size_t i = 0; i < sizeof(r); i++)
		snprintf(s->token + 2 * i, 3, "%02x", r[i]);
	snprintf(s->cookie, sizeof(s->cookie), "pagerd_token=%s; HttpOnly; SameSite=Strict; Path=/",
		 s->token);
	return 0;
}

/* Wait for SIGINT or SIGTERM (blocked in every thread), or a lost daemon. */
static int web_wait(struct web_server *s, const sigset_t *set)
{
	struct timespec tick = {0, 200 * 1000000L};

	for (;;) {
		bool lost;

		if (sigtimedwait(set, NULL, &tick) > 0)
			return 0;
		pthread_mutex_lock(&s->poll.lock);
		lost = s->poll.lost;
		pthread_mutex_unlock(&s->poll.lock);
		if (lost) {
			fprintf(stderr, "pagerctl: web: lost pagerd at %s; stopping\n",
				s->poll.ctl.path);
			return 1;
		}
	}
}

int web_run(const struct web_args *a)
{
	static struct web_server s; /* the threads' until web_run returns */
	struct sockaddr_storage ss;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	sigset_t set;
	bool v6, loopback;
	int ret = 1;

	if (web_address(a, &ss, &v6))
		return 2;
	s.log = a->log;
	loopback = !a->bind || !strcmp(a->bind, "127.0.0.1");
	if (!loopback && web_token(&s))
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (webpoll_start(&s.poll, a->socket, WEB_POLL_MS))
		return 1;
	d = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
				 (v6 ? MHD_USE_IPv6 : 0),
			     0, NULL, NULL, web_answer, &s, MHD_OPTION_SOCK_ADDR, &ss,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)WEB_MAX_CONNECTIONS,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_REQUEST_MEMORY,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)WEB_IDLE_S,
			     MHD_OPTION_THREAD_STACK_SIZE, (size_t)(256 << 10), MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "pagerctl: web: cannot listen on %s port %u (--bind, --port): %s\n",
			a->bind ? a->bind : "127.0.0.1", a->port, strerror(errno));
		goto out_poll;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	snprintf(s.host[0], sizeof(s.host[0]), "127.0.0.1:%u", info ? info->port : a->port);
	snprintf(s.host[1], sizeof(s.host[1]), "localhost:%u", info ? info->port : a->port);
	printf("pagerctl web: the live view of pagerd at %s is at http://%s%s%s:%u/%s%s\n",
	       s.poll.ctl.path, v6 ? "[" : "", a->bind ? a->bind : "127.0.0.1", v6 ? "]" : "",
	       info ? info->port : a->port, s.token[0] ? "?token=" : "", s.token);
	fflush(stdout);
	ret = web_wait(&s, &set);
	/* Wake the event streams first: stopping the server waits for them. */
	pthread_mutex_lock(&s.poll.lock);
	s.poll.stop = true;
	pthread_cond_broadcast(&s.poll.changed);
	pthread_mutex_unlock(&s.poll.lock);
	MHD_stop_daemon(d);
out_poll:
	webpoll_stop(&s.poll);
	return ret;
}
