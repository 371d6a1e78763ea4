/* SPDX-License-Identifier: MIT */
/*
 * The control connection of pagerctl: one connection, requests one at a
 * time, answers checked for their type. A daemon's ERROR is turned into a
 * sentence that names what the user asked for; a connection lost or a
 * malformed answer says so with the socket's path. A daemon that does not
 * answer in time (stopped, or stuck) ends pagerctl from a SIGALRM handler.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "ctl.h"

/* The message the timer prints: made before it is armed. */
static char ctl_timeout_msg[256];

static void ctl_on_alarm(int sig)
{
	ssize_t n = write(STDERR_FILENO, ctl_timeout_msg, strlen(ctl_timeout_msg));

	(void)sig;
	(void)n; /* nothing more to do if even that fails */
	_exit(CTL_EXIT_TIMEOUT);
}

static int ctl_arm(const char *path, unsigned int timeout_ms)
{
	struct itimerval it = {.it_value = {timeout_ms / 1000, (timeout_ms % 1000) * 1000}};
	struct sigaction sa = {.sa_handler = ctl_on_alarm};

	snprintf(ctl_timeout_msg, sizeof(ctl_timeout_msg),
	         "pagerctl: pagerd at %s did not answer within %u.%03u s (--timeout)\n", path,
	         timeout_ms / 1000, timeout_ms % 1000);
	if (sigaction(SIGALRM, &sa, NULL) || setitimer(ITIMER_REAL, &it, NULL)) {
		fprintf(stderr, "pagerctl: cannot set the --timeout timer: %s\n", strerror(errno));
		return -errno;
	}
	return 0;
}

int ctl_open(struct ctl *c, const char *path, unsigned int timeout_ms)
{
	int err = 0;

	c->sock = -1;
	if (path)
		err = snprintf(c->path, sizeof(c->path), "%s", path) >= (int)sizeof(c->path)
		          ? -ENAMETOOLONG
		          : 0;
	else
		err = proto_socket_path(c->path, sizeof(c->path));
	if (err) {
		fprintf(stderr, "pagerctl: the socket path is too long\n");
		return err;
	}
	if (timeout_ms && (err = ctl_arm(c->path, timeout_ms)))
		return err;
	c->sock = proto_connect(c->path);
	if (c->sock >= 0)
		return 0;
	err = c->sock;
	if (err == -EPERM)
		fprintf(stderr, "pagerctl: the pagerd at %s does not run as this user\n", c->path);
	else
		fprintf(stderr,
		        "pagerctl: no pagerd at %s (%s); start one with `pagerd &`, or name its "
		        "socket with --socket or $PAGERD_SOCKET\n",
		        c->path, strerror(-err));
	return err;
}

void ctl_close(struct ctl *c)
{
	if (c->sock >= 0)
		close(c->sock);
	c->sock = -1;
}

/* The daemon refused req with ERROR(err): say what that means. */
static void ctl_refused(const struct proto_msg *req, int err)
{
	const char *what = proto_type_name(req->type);

	if (req->type == PROTO_STATS && err == ESRCH)
		fprintf(stderr, "pagerctl: pid %ld is not a process of this pagerd\n",
		        (long)req->stats.pid);
	else if (req->type == PROTO_STATS && err == ENOTSUP)
		fprintf(stderr, "pagerctl: this pagerd's pager keeps no statistics\n");
	else if (req->type == PROTO_FRAMES && err == ENOTSUP)
		fprintf(stderr, "pagerctl: this pagerd's pager cannot show its frame table\n");
	else if (req->type == PROTO_FRAMES && err == EFBIG)
		fprintf(stderr,
		        "pagerctl: the frame table is longer than %u MiB, the protocol's "
		        "limit\n",
		        PROTO_TEXT_MAX >> 20);
	else if (req->type == PROTO_FRAMES && err == EBUSY)
		fprintf(stderr,
		        "pagerctl: pagerd is sending as many frame tables as it allows at once "
		        "(pagerd --answer-memory); try again\n");
	else if (err == EBADMSG || err == ENOMSG)
		fprintf(stderr, "pagerctl: pagerd refused %s: %s (is it another version?)\n", what,
		        strerror(err));
	else
		fprintf(stderr, "pagerctl: pagerd refused %s: %s\n", what, strerror(err));
}

/* Send req, receive the answer of type want into *ans. 0 or -errno. */
static int ctl_call(struct ctl *c, const struct proto_msg *req, enum proto_type want,
                    struct proto_msg *ans)
{
	unsigned int nfds;
	int err = proto_send(c->sock, req, NULL, 0, 0);

	if (!err)
		err = proto_recv(c->sock, ans, NULL, 0, &nfds);
	if (err) {
		fprintf(stderr, "pagerctl: lost the connection to pagerd at %s during %s: %s\n",
		        c->path, proto_type_name(req->type), proto_strerror(err));
		return err;
	}
	if (ans->type == PROTO_ERROR) {
		ctl_refused(req, ans->error.err);
		return -ans->error.err;
	}
	if (ans->type != want) {
		fprintf(stderr, "pagerctl: pagerd answered %s with %s\n",
		        proto_type_name(req->type), proto_type_name(ans->type));
		return -EPROTO;
	}
	return 0;
}

int ctl_status(struct ctl *c, struct proto_msg *out)
{
	struct proto_msg req = {.type = PROTO_STATUS};

	return ctl_call(c, &req, PROTO_STATUS_OK, out);
}

int ctl_stats(struct ctl *c, pid_t pid, struct proto_msg *out)
{
	struct proto_msg req = {.type = PROTO_STATS};
	int err;

	req.stats.pid = pid;
	err = ctl_call(c, &req, PROTO_STATS_OK, out);
	if (!err && out->stats_ok.pid != pid) {
		fprintf(stderr, "pagerctl: pagerd answered for pid %ld, not %ld\n",
		        (long)out->stats_ok.pid, (long)pid);
		return -EPROTO;
	}
	return err;
}

int ctl_frames(struct ctl *c, bool json, char **text, size_t *len)
{
	struct proto_msg req = {.type = PROTO_FRAMES}, head;
	int err;

	req.frames.format = json ? PROTO_FORMAT_JSON : PROTO_FORMAT_TEXT;
	err = ctl_call(c, &req, PROTO_FRAMES_OK, &head);
	if (err)
		return err;
	err = proto_recv_chunked(c->sock, head.frames_ok.len, text);
	if (err) {
		fprintf(stderr, "pagerctl: the frame table from pagerd at %s did not arrive: %s\n",
		        c->path, proto_strerror(err));
		return err;
	}
	*len = head.frames_ok.len;
	return 0;
}
