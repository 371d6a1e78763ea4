/* SPDX-License-Identifier: MIT */
/*
 * Sessions: the protocol a simulated process speaks, from HELLO to its end.
 * Each request becomes a pager job (run first in first out on the pager
 * thread); the simulated CPU (cpu.c) says who runs and queues the
 * vm_switch calls. A session's life:
 *
 *   ATTACHING --vm_create 0--> READY --CPU--> GRANTED --RUN sent--> RUNNING
 *                                ^                                  |    ^
 *                                +------------- YIELD --------------+    |
 *                                                     MAP/FAULT/FORK v   |
 *                                                                 BUSY --+
 *   any state --EOF, protocol error, refused fault--> ENDED (vm_destroy)
 *
 * A forked child's session starts READY when the parent's FORK succeeds,
 * before the child connects; until then its pidfd (or, where pidfd_open is
 * missing, a look at /proc every 50 ms) tells if it dies.
 *
 * MAP_OK and FAULT_OK(0) are sent by the pager thread, on the session's own
 * duplicate of its socket, and BUSY ends when the loop reaps the job. That
 * descriptor is closed only behind a job queued after the session ended, so
 * the pager thread never writes to a number that was closed and reused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "conn.h"
#include "cpu.h"
#include "hash.h"
#include "pagerthread.h"
#include "session.h"

enum session_state {
	SESSION_ATTACHING, /* vm_create in flight */
	SESSION_READY,     /* in the run queue, waiting for the CPU */
	SESSION_GRANTED,   /* given the CPU; RUN goes out when the switch is done */
	SESSION_RUNNING,   /* holds the CPU; may send one request */
	SESSION_BUSY,      /* holds the CPU; its request is in flight */
	SESSION_ENDED,     /* out of the table; kept until its jobs are done */
};

union session_watch {
	uv_handle_t handle;
	uv_poll_t poll;   /* on the pidfd */
	uv_timer_t timer; /* no pidfd: look at /proc */
};

/* Every field: loop thread. */
struct session {
	pid_t pid;
	pid_t parent; /* the launcher, or the process that forked it */
	enum session_state state;
	uint32_t busy_with;         /* BUSY: the request in flight */
	struct conn *conn;          /* NULL until a forked child connects, and after close */
	bool created;               /* vm_create returned 0: the machine has pid */
	bool run_owed;              /* RUNNING before its connection came: send RUN at HELLO */
	int pt_fd;                  /* page-table memfd until HELLO_OK carries it; -1 */
	int reply_fd;               /* dup of conn's socket for the pager thread's answers; -1 */
	int pidfd;                  /* unconnected forked child: for its death; -1 */
	uint64_t token;             /* unconnected forked child: its HELLO's token; 0 */
	union session_watch *watch; /* on pidfd, or a timer without one */
	unsigned int nr_jobs;       /* jobs in flight whose owner is this session */
	bool muted;                 /* the pager thread answers no more (pagerthread_mute) */
	UT_hash_handle hh;          /* in sessions.by_pid unless ENDED */
};

static struct sessions {
	uv_loop_t *loop;
	struct session *by_pid;   /* live sessions */
	struct pgd_geometry geom; /* immutable */
	int physmem_fd;           /* immutable */
	bool ending_all;          /* shutdown: give the CPU to no one */
	void (*on_idle)(void);
} sessions;

static const char *session_state_name[] = {
    [SESSION_ATTACHING] = "while attaching",
    [SESSION_READY] = "while waiting for the CPU",
    [SESSION_GRANTED] = "while waiting for the CPU",
    [SESSION_RUNNING] = "while running",
    [SESSION_BUSY] = "during a request",
    [SESSION_ENDED] = "after its end",
};

static const struct conn_handler session_conn_handler;
static pid_t session_proc(pid_t pid, char *state);
static bool session_proc_unknown(pid_t r);

int session_init(uv_loop_t *loop, const struct pgd_geometry *g, int physmem_fd)
{
	if (cpu_init())
		return -ENOMEM;
	conn_set_handler(&session_conn_handler);
	sessions.loop = loop;
	sessions.geom = *g;
	sessions.physmem_fd = physmem_fd;
	return 0;
}

void session_fini(void)
{
	cpu_fini();
}

void session_on_idle(void (*cb)(void))
{
	sessions.on_idle = cb;
}

unsigned int session_count(void)
{
	return HASH_COUNT(sessions.by_pid);
}

/* STATUS_OK's description of the pager call in progress. */
static void session_status_call(struct proto_msg *out)
{
	struct pagerthread_call c;

	if (!pagerthread_current(&c))
		return;
	out->status_ok.call_pid = c.pid;
	out->status_ok.call_ms = c.ms > UINT32_MAX ? UINT32_MAX : (uint32_t)c.ms;
	switch (c.kind) {
	case JOB_CREATE:
		out->status_ok.call = PROTO_CALL_CREATE;
		out->status_ok.call_arg = (uint32_t)c.parent;
		break;
	case JOB_SWITCH:
		out->status_ok.call = PROTO_CALL_SWITCH;
		break;
	case JOB_MAP:
		out->status_ok.call = PROTO_CALL_MAP;
		out->status_ok.call_addr = c.addr;
		out->status_ok.call_arg = c.block;
		break;
	case JOB_FAULT:
		out->status_ok.call = PROTO_CALL_FAULT;
		out->status_ok.call_addr = c.addr;
		out->status_ok.call_arg = c.write;
		break;
	case JOB_DESTROY:
		out->status_ok.call = PROTO_CALL_DESTROY;
		break;
	default:
		out->status_ok.call = PROTO_CALL_OTHER;
		out->status_ok.call_pid = 0;
		break;
	}
}

void session_status(struct proto_msg *out)
{
	uint64_t held = cpu_running_ms(); /* 0 when nobody runs */

	memset(out, 0, sizeof(*out));
	out->type = PROTO_STATUS_OK;
	out->status_ok.nr_sessions = session_count();
	out->status_ok.nr_queued = cpu_nr_queued();
	out->status_ok.running = cpu_running();
	out->status_ok.running_ms = held > UINT32_MAX ? UINT32_MAX : (uint32_t)held;
	out->status_ok.nr_jobs = pagerthread_pending();
	session_status_call(out);
}

static struct session *session_find(pid_t pid)
{
	struct session *s;

	HASH_FIND(hh, sessions.by_pid, &pid, sizeof(pid), s);
	return s;
}

static struct session *session_new(pid_t pid, pid_t parent, enum session_state state)
{
	struct session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->pid = pid;
	s->parent = parent;
	s->state = state;
	s->pt_fd = -1;
	s->pidfd = -1;
	s->reply_fd = -1;
	HASH_ADD(hh, sessions.by_pid, pid, sizeof(s->pid), s);
	if (hash_oom_take()) {
		free(s);
		return NULL;
	}
	return s;
}

static void session_watch_closed(uv_handle_t *h)
{
	free(h);
}

static void session_unwatch(struct session *s)
{
	if (s->watch) {
		uv_close(&s->watch->handle, session_watch_closed);
		s->watch = NULL;
	}
	if (s->pidfd >= 0)
		close(s->pidfd);
	s->pidfd = -1;
}

static void session_free_if_done(struct session *s)
{
	if (s->state == SESSION_ENDED && !s->nr_jobs) {
		if (s->pt_fd >= 0)
			close(s->pt_fd);
		free(s);
	}
}

/* A job owned by s (NULL: by nobody). */
static struct job *session_job(struct session *s, enum job_kind kind, void (*done)(struct job *))
{
	struct job *job = pagerthread_job(kind);

	job->owner = s;
	job->done = done;
	if (s)
		s->nr_jobs++;
	return job;
}

/* In a done callback: the job no longer holds s. */
static void session_put(struct session *s)
{
	s->nr_jobs--;
	session_free_if_done(s);
}

static void session_comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void session_comment(const char *fmt, ...)
{
	struct job *job = session_job(NULL, JOB_COMMENT, NULL);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(job->text, sizeof(job->text), fmt, ap);
	va_end(ap);
	pagerthread_submit(job);
}

/* s talks on c from now on. The pager thread answers on a duplicate of c's
 * socket; without one (no descriptor left) the loop answers. */
static void session_connect(struct session *s, struct conn *c)
{
	s->conn = c;
	conn_bind(c, s);
	s->reply_fd = conn_dup(c);
}

/* Close reply_fd behind every job queued so far: one of them may answer on it. */
static void session_disconnect(struct session *s)
{
	struct job *job;

	if (s->reply_fd < 0)
		return;
	job = session_job(NULL, JOB_BARRIER, NULL);
	job->fd = s->reply_fd;
	s->reply_fd = -1;
	pagerthread_submit(job);
}

static void session_send(struct session *s, const struct proto_msg *m, const int *fds,
                         unsigned int nfds)
{
	if (s->conn)
		conn_reply(s->conn, m, fds, nfds);
}

static void session_send_run(struct session *s)
{
	struct proto_msg m = {.type = PROTO_RUN};

	session_send(s, &m, NULL, 0);
}

static void session_granted(struct job *job)
{
	struct session *s = job->owner;

	if (s->state == SESSION_GRANTED) {
		s->state = SESSION_RUNNING;
		if (s->conn)
			session_send_run(s);
		else
			s->run_owed = true;
	}
	session_put(s);
}

/* Give the CPU to the front of the run queue: vm_switch if the machine's
 * current process is another one, then RUN once that is done. */
static void session_dispatch(void)
{
	pid_t next = sessions.ending_all ? 0 : cpu_dispatch();
	struct session *s;

	if (!next)
		return;
	s = session_find(next);
	if (s->state == SESSION_READY) {
		s->state = SESSION_GRANTED;
		pagerthread_submit(session_job(s, JOB_BARRIER, session_granted));
	}
}

static void session_end_quietly(struct session *s, const char *reason, bool quiet)
{
	enum session_state was = s->state;
	struct conn *c = s->conn;

	if (was == SESSION_ENDED)
		return;
	s->state = SESSION_ENDED;
	HASH_DEL(sessions.by_pid, s);
	if (!quiet && reason)
		session_comment("pid %ld: %s; session ended", (long)s->pid, reason);
	else if (!quiet && was != SESSION_RUNNING)
		session_comment("pid %ld: connection closed %s%s%s; session ended", (long)s->pid,
		                session_state_name[was], was == SESSION_BUSY ? " " : "",
		                was == SESSION_BUSY ? proto_type_name(s->busy_with) : "");
	if (c) {
		s->conn = NULL;
		conn_bind(c, NULL);
		conn_close(c, NULL);
	}
	session_disconnect(s);
	session_unwatch(s);
	/* ATTACHING: session_attached destroys it once vm_create is done. */
	if (was != SESSION_ATTACHING && s->created)
		cpu_destroy(s->pid);
	session_dispatch();
	session_free_if_done(s);
	if (!session_count() && sessions.on_idle)
		sessions.on_idle();
}

void session_end(struct session *s, const char *reason)
{
	session_end_quietly(s, reason, false);
}

void session_end_all(int err, const char *reason)
{
	struct session *s, *tmp;

	sessions.ending_all = true;
	HASH_ITER(hh, sessions.by_pid, s, tmp) {
		if (s->conn) /* ERROR, then the session ends as the connection closes */
			conn_fail(s->conn, err, 0, reason);
		else
			session_end(s, reason);
	}
}

/* Nothing the pager thread answers goes out after this: the connection's
 * next message, an ERROR, is its last. */
static void session_silence(struct session *s)
{
	pagerthread_mute(&s->muted);
}

/* 0, or -errno if it could not be sent (the session must end). */
static int session_send_hello_ok(struct session *s)
{
	struct proto_msg m = {.type = PROTO_HELLO_OK};
	int fds[2] = {sessions.physmem_fd, s->pt_fd};
	int err;

	m.hello_ok.version = PROTO_VERSION;
	m.hello_ok.page_size = (uint32_t)sessions.geom.page_size;
	m.hello_ok.arena_base = sessions.geom.arena_base;
	m.hello_ok.arena_pages = (uint32_t)sessions.geom.arena_pages;
	m.hello_ok.memory_pages = sessions.geom.memory_pages;
	err = s->conn ? conn_reply(s->conn, &m, fds, 2) : -EPIPE;
	close(s->pt_fd);
	s->pt_fd = -1;
	return err;
}

/* vm_create(launcher, pid) of a new program is done. */
static void session_attached(struct job *job)
{
	struct session *s = job->owner;
	struct proto_msg m = {.type = PROTO_ERROR};

	s->created = !job->ret;
	if (s->state == SESSION_ENDED) {
		if (s->created)
			cpu_destroy(s->pid);
		session_dispatch();
	} else if (!s->created || job->pt_fd < 0) {
		/* -1: vm_create refused (no swap for it); else what ran out. No
		 * descriptor for the page table: EMFILE (F_DUPFD's only one). */
		m.error.err = job->ret == -1 ? ENOMEM : job->ret ? -job->ret : EMFILE;
		m.error.request = PROTO_HELLO;
		session_send(s, &m, NULL, 0);
		session_end_quietly(s, NULL, true);
	} else {
		s->pt_fd = job->pt_fd;
		job->pt_fd = -1;
		s->state = SESSION_READY;
		if (session_send_hello_ok(s))
			session_end(s, "HELLO_OK could not be sent");
		else if (cpu_add(s->pid))
			session_end(s, "out of memory for the run queue");
		else
			session_dispatch();
	}
	session_put(s);
}

static int session_hello_forked(struct conn *c, const struct proto_msg *m, char *why, size_t len)
{
	struct session *s = session_find(m->hello.pid);

	if (!s || s->conn || !s->created || s->parent != m->hello.parent) {
		snprintf(why, len, "HELLO of a forked child %ld that no FORK of %ld announced",
		         (long)m->hello.pid, (long)m->hello.parent);
		return -EPERM;
	}
	if (s->token != m->hello.token) {
		snprintf(why, len,
		         "HELLO of forked child %ld without the token its FORK handed out",
		         (long)m->hello.pid);
		return -EPERM;
	}
	s->token = 0; /* one use */
	session_unwatch(s);
	session_connect(s, c);
	if (session_send_hello_ok(s)) {
		snprintf(why, len, "HELLO_OK could not be sent");
		return -EPIPE;
	}
	if (s->run_owed) {
		s->run_owed = false;
		session_send_run(s);
	}
	return 0;
}

int session_hello(struct conn *c, pid_t peer, const struct proto_msg *m, char *why, size_t len)
{
	struct session *s;
	struct job *job;
	pid_t real_parent;
	char state;

	if (m->hello.version != PROTO_VERSION) {
		snprintf(why, len, "protocol version %" PRIu32 "; this pagerd speaks %d",
		         m->hello.version, PROTO_VERSION);
		return -EPROTONOSUPPORT;
	}
	if (m->hello.pid != peer) {
		snprintf(why, len, "HELLO claims pid %ld but the peer is pid %ld",
		         (long)m->hello.pid, (long)peer);
		return -EPERM;
	}
	if (sessions.ending_all) {
		snprintf(why, len, "pagerd is shutting down");
		return -ESHUTDOWN;
	}
	if (m->hello.kind == PROTO_ATTACH_FORKED)
		return session_hello_forked(c, m, why, len);
	if (session_find(peer)) {
		snprintf(why, len, "pid %ld is already attached", (long)peer);
		return -EEXIST;
	}
	real_parent = m->hello.parent ? session_proc(peer, &state) : 0;
	if (session_proc_unknown(real_parent)) {
		snprintf(why, len, "cannot read /proc/%ld/stat: %s", (long)peer,
		         strerror(-real_parent));
		return real_parent;
	}
	if (real_parent != m->hello.parent) {
		/* vm_create would give it a copy of a managed parent's arena */
		snprintf(why, len, "HELLO names parent %ld, which is not the parent of pid %ld",
		         (long)m->hello.parent, (long)peer);
		return -EPERM;
	}
	s = session_new(peer, m->hello.parent, SESSION_ATTACHING);
	if (!s) {
		snprintf(why, len, "out of memory");
		return -ENOMEM;
	}
	session_connect(s, c);
	job = session_job(s, JOB_CREATE, session_attached);
	job->parent = s->parent;
	job->pid = s->pid;
	pagerthread_submit(job);
	return 0;
}

static void session_mapped(struct job *job)
{
	struct session *s = job->owner;
	struct proto_msg m = {.type = PROTO_MAP_OK};

	if (s->state == SESSION_BUSY) {
		s->state = SESSION_RUNNING;
		m.map_ok.addr = job->addr_ret;
		if (!job->replied)
			session_send(s, &m, NULL, 0);
	}
	session_put(s);
}

/* A refused fault kills the process (semantics.md rule 11): it gets its
 * answer, and its session ends at once, as the process's will. */
static void session_faulted(struct job *job)
{
	struct session *s = job->owner;
	struct proto_msg m = {.type = PROTO_FAULT_OK};

	if (s->state == SESSION_BUSY) {
		s->state = SESSION_RUNNING;
		m.fault_ok.result = job->ret ? -1 : 0;
		if (!job->replied)
			session_send(s, &m, NULL, 0);
		if (job->ret)
			session_end_quietly(s, NULL, true);
	}
	session_put(s);
}

static void session_child_died(struct session *s)
{
	session_end(s, "exited before it attached (between the two halves of fork)");
}

static void session_pidfd_ready(uv_poll_t *h, int status, int events)
{
	(void)status;
	(void)events;
	session_child_died(h->data);
}

/* A session_proc result that says nothing of the process: /proc could not
 * be read for want of descriptors or memory. */
static bool session_proc_unknown(pid_t r)
{
	return r == -EMFILE || r == -ENFILE || r == -ENOMEM;
}

/* The parent pid of pid, from /proc, and its state letter ('Z': a zombie);
 * -ENOENT if there is no such process, another -errno if /proc could not be
 * read (out of descriptors or memory: nothing is known). */
static pid_t session_proc(pid_t pid, char *state)
{
	char path[64], buf[512], *p;
	long ppid = -ENOENT;
	FILE *f;

	*state = '?';
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "re");
	if (!f)
		return session_proc_unknown(-errno) ? -errno : -ENOENT;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		sscanf(p + 1, " %c %ld", state, &ppid);
	fclose(f);
	return (pid_t)ppid;
}

static void session_proc_tick(uv_timer_t *h)
{
	struct session *s = h->data;
	char state;

	pid_t parent = session_proc(s->pid, &state);

	if (session_proc_unknown(parent))
		return; /* nothing known: look again at the next tick */
	if (parent != s->parent || state == 'Z')
		session_child_died(s);
}

/* Watch a forked child that has not connected yet. */
static int session_watch(struct session *s)
{
	int err;

	s->watch = malloc(sizeof(*s->watch));
	if (!s->watch)
		return -ENOMEM;
	s->watch->handle.data = s;
	if (s->pidfd >= 0) {
		err = uv_poll_init(sessions.loop, &s->watch->poll, s->pidfd);
		if (!err)
			return uv_poll_start(&s->watch->poll, UV_READABLE, session_pidfd_ready);
	} else {
		err = uv_timer_init(sessions.loop, &s->watch->timer);
		if (!err)
			return uv_timer_start(&s->watch->timer, session_proc_tick, 50, 50);
	}
	free(s->watch);
	s->watch = NULL;
	return err;
}

/* The one-time token a forked child presents in its HELLO: 64 random
 * bits, never 0. */
static int session_token(uint64_t *token)
{
	do
		if (getrandom(token, sizeof(*token), 0) != (ssize_t)sizeof(*token))
			return -1;
	while (!*token);
	return 0;
}

/* vm_create(parent, child) of a FORK is done. The parent learns the child's
 * token only if the child's session is set up. */
static void session_forked(struct job *job)
{
	struct session *s = job->owner, *child;
	struct proto_msg m = {.type = PROTO_FORK_OK};
	uint64_t token = 0;

	if (!job->ret) {
		child = job->pt_fd < 0 ? NULL : session_new(job->pid, s->pid, SESSION_READY);
		if (!child) {
			/* no memory, or no descriptor for its page table */
			job->ret = -1;
			cpu_destroy(job->pid);
		} else {
			child->created = true;
			child->pt_fd = job->pt_fd;
			child->pidfd = job->fd;
			job->pt_fd = -1;
			job->fd = -1;
			if (session_token(&child->token))
				session_end(child, "getrandom failed: no token for its HELLO");
			else if (session_watch(child) || cpu_add(child->pid))
				session_end(child, "out of memory while forking");
			else
				token = child->token;
		}
	}
	if (s->state == SESSION_BUSY) {
		s->state = SESSION_RUNNING;
		m.fork_ok.result = token ? 0 : -1;
		m.fork_ok.token = token;
		session_send(s, &m, NULL, 0);
	}
	session_dispatch();
	session_put(s);
}

static int session_fork(struct session *s, pid_t child, char *why, size_t len)
{
	struct job *job;
	char state;
	int pidfd;

	pid_t parent = session_find(child) ? 0 : session_proc(child, &state);

	if (session_proc_unknown(parent)) {
		snprintf(why, len, "FORK of %ld: cannot read /proc/%ld/stat: %s", (long)child,
		         (long)child, strerror(-parent));
		return parent;
	}
	if (parent != s->pid) {
		snprintf(why, len, "FORK of %ld, which is not a new child of %ld", (long)child,
		         (long)s->pid);
		return -EINVAL;
	}
	pidfd = (int)syscall(SYS_pidfd_open, child, 0);
	if (pidfd < 0 && errno != ENOSYS) {
		snprintf(why, len, "FORK of %ld: pidfd_open: %s", (long)child, strerror(errno));
		return -errno;
	}
	s->state = SESSION_BUSY;
	s->busy_with = PROTO_FORK;
	job = session_job(s, JOB_CREATE, session_forked);
	job->parent = s->pid;
	job->pid = child;
	job->fd = pidfd;
	pagerthread_submit(job);
	return 0;
}

int session_request(struct session *s, const struct proto_msg *m, char *why, size_t len)
{
	uint64_t end =
	    sessions.geom.arena_base + sessions.geom.arena_pages * sessions.geom.page_size;
	struct job *job;

	if (s->state != SESSION_RUNNING) {
		snprintf(why, len, "%s %s", proto_type_name(m->type), session_state_name[s->state]);
		return -EPROTO;
	}
	switch (m->type) {
	case PROTO_MAP:
		job = session_job(s, JOB_MAP, session_mapped);
		job->addr = m->map.filename;
		job->block = m->map.block;
		break;
	case PROTO_FAULT:
		if (m->fault.addr < sessions.geom.arena_base || m->fault.addr >= end) {
			snprintf(why, len, "FAULT at 0x%" PRIx64 ", outside the arena",
			         m->fault.addr);
			return -EFAULT;
		}
		job = session_job(s, JOB_FAULT, session_faulted);
		job->addr = m->fault.addr;
		job->write = m->fault.write;
		break;
	case PROTO_YIELD:
		cpu_yield();
		s->state = SESSION_READY;
		session_dispatch();
		return 0;
	case PROTO_FORK:
		return session_fork(s, m->fork.child, why, len);
	default:
		snprintf(why, len, "%s is not a session request", proto_type_name(m->type));
		return -EPROTO;
	}
	job->pid = s->pid;
	job->reply_fd = s->reply_fd;
	job->muted = &s->muted;
	s->state = SESSION_BUSY;
	s->busy_with = m->type;
	pagerthread_submit(job);
	return 0;
}

static const struct conn_handler session_conn_handler = {
	.hello = session_hello,
	.request = session_request,
	.end = session_end,
	.silence = session_silence,
	.status = session_status,
};
