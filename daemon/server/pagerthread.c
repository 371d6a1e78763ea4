/* SPDX-License-Identifier: MIT */
/*
 * The pager thread and its two lists: jobs waiting to run (loop thread adds,
 * pager thread takes) and jobs finished (pager thread adds, loop thread takes
 * on uv_async or when it reaps), both under one mutex, which also guards the
 * job running now so that STATUS can name it. An idle pager thread sleeps on
 * a futex that the loop wakes only when the thread sleeps: after a condition
 * variable's wait the mutex is taken as if contended, and every unlock would
 * cost a system call. The event log is flushed after every job, before any
 * answer, so that it interleaves with the programs' own output in order.
 */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "evlog.h"
#include "machine.h"
#include "pagerguard.h"
#include "pagerthread.h"
#include "proto.h"
#include "statsrec.h"

struct joblist {
	struct job *head;
	struct job *tail;
};

static struct pagerthread {
	pthread_t thread; /* immutable after start */
	uv_async_t async; /* loop thread */
	pthread_mutex_t lock;
	pthread_mutex_t reply_lock; /* held while a job's answer is decided and sent */
	atomic_uint wakeups;     /* bumped under lock when todo grows or stopping is set */
	bool sleeping;           /* under lock: the pager thread waits for wakeups to move */
	struct joblist todo;     /* under lock */
	struct joblist done;     /* under lock */
	struct job *running;     /* under lock: the job being run, or NULL */
	struct timespec started; /* under lock: when running started */
	bool stopping;           /* under lock */
	unsigned int nr_pending; /* loop thread */
	bool failed;             /* pager thread: the pager failed, it is not called again */
	void (*on_failure)(void); /* loop thread; NULL once called */
} pt = {.lock = PTHREAD_MUTEX_INITIALIZER, .reply_lock = PTHREAD_MUTEX_INITIALIZER};

static void pagerthread_append(struct joblist *l, struct job *job)
{
	job->next = NULL;
	if (l->tail)
		l->tail->next = job;
	else
		l->head = job;
	l->tail = job;
}

/* Under lock, todo grew or stopping was set: drop the lock, then wake the
 * pager thread if it sleeps (a system call only then). */
static void pagerthread_unlock_kick(void)
{
	bool sleeping = pt.sleeping;

	atomic_fetch_add_explicit(&pt.wakeups, 1, memory_order_relaxed);
	pthread_mutex_unlock(&pt.lock);
	if (sleeping)
		syscall(SYS_futex, &pt.wakeups, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

/* Under lock: wait until wakeups moves (or a spurious wakeup), lock again. */
static void pagerthread_sleep(void)
{
	unsigned int seen = atomic_load_explicit(&pt.wakeups, memory_order_relaxed);

	pt.sleeping = true;
	pthread_mutex_unlock(&pt.lock);
	syscall(SYS_futex, &pt.wakeups, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
	pthread_mutex_lock(&pt.lock);
	pt.sleeping = false;
}

/* Where the frame table is written: a buffer of PROTO_TEXT_MAX bytes,
 * allocated at the first write and never grown (pages the table does not
 * reach are never touched), so that a table too long to send is never
 * built whole and no copy of it is made while it grows. */
struct pagerthread_text {
	struct job *job;
	bool too_big; /* the table passed PROTO_TEXT_MAX */
};

static ssize_t pagerthread_text_write(void *cookie, const char *buf, size_t len)
{
	struct pagerthread_text *t = cookie;
	struct job *job = t->job;
	size_t need = job->dump_len + len;

	if (need > PROTO_TEXT_MAX) {
		t->too_big = true;
		errno = EFBIG;
		return -1;
	}
	if (!job->dump && !(job->dump = malloc(PROTO_TEXT_MAX))) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(job->dump + job->dump_len, buf, len);
	job->dump_len = need;
	return (ssize_t)len;
}

/* The frame table into job->dump: -EFBIG as soon as it passes the
 * protocol's limit (what was built is freed), -ENOMEM. */
static int pagerthread_dump(struct job *job)
{
	struct pagerthread_text t = {.job = job};
	cookie_io_functions_t io = {.write = pagerthread_text_write};
	FILE *f = fopencookie(&t, "w", io);
	int err;

	if (!f)
		return -errno;
	err = machine_dump(f, job->json);
	if (fclose(f) && !err)
		err = t.too_big ? -EFBIG : -ENOMEM;
	if (err) {
		free(job->dump);
		job->dump = NULL;
		job->dump_len = 0;
	}
	return err;
}

static void pagerthread_call(struct job *job)
{
	int fd;

	switch (job->kind) {
	case JOB_CREATE:
		job->ret = machine_create(job->parent, job->pid);
		fd = job->ret ? -1 : machine_page_table_fd(job->pid);
		job->pt_fd = fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, 0);
		break;
	case JOB_SWITCH:
		machine_switch(job->pid);
		break;
	case JOB_MAP:
		job->addr_ret = machine_map((uintptr_t)job->addr, job->block);
		break;
	case JOB_FAULT:
		job->ret = machine_fault((uintptr_t)job->addr, job->write);
		break;
	case JOB_DESTROY:
		assert(job->pid == machine_current());
		statsrec_add(job->pid);
		machine_destroy();
		break;
	case JOB_COMMENT:
		evlog_comment("%s", job->text);
		break;
	case JOB_STATS:
		job->ret = machine_stats(job->pid, &job->stats);
		break;
	case JOB_FRAMES:
		job->ret = pagerthread_dump(job);
		break;
	case JOB_LOG_STATS:
		statsrec_log();
		break;
	case JOB_BARRIER:
		break;
	}
}

/* After the pager failed, only what does not call it runs. */
static void pagerthread_call_failed(struct job *job)
{
	job->pager_failed = true;
	job->ret = -ENOTRECOVERABLE;
	if (job->kind == JOB_COMMENT || job->kind == JOB_BARRIER)
		pagerthread_call(job);
}

/* A job's pager call as a failure report names it, with the pid it was
 * made for (pagerguard_arm). */
static void pagerthread_call_name(const void *ctx, char *buf, size_t len)
{
	const struct job *j = ctx;
	pid_t pid = machine_current() ? machine_current() : j->pid;

	switch (j->kind) {
	case JOB_CREATE:
		snprintf(buf, len, "vm_create(%ld, %ld)", (long)j->parent, (long)j->pid);
		break;
	case JOB_SWITCH:
		snprintf(buf, len, "vm_switch(%ld)", (long)j->pid);
		break;
	case JOB_MAP:
		snprintf(buf, len, "vm_map(0x%" PRIx64 ", %u) for pid %ld", j->addr, j->block,
		         (long)pid);
		break;
	case JOB_FAULT:
		snprintf(buf, len, "vm_fault(0x%" PRIx64 ", %s) for pid %ld", j->addr,
		         j->write ? "write" : "read", (long)pid);
		break;
	case JOB_DESTROY:
		snprintf(buf, len, "vm_destroy() for pid %ld", (long)j->pid);
		break;
	default:
		snprintf(buf, len, "a pager extension (statistics, frame table or sync)");
		break;
	}
}

/* A call of a loaded pager: if it fails (pagerguard.h), the report is
 * written and the job comes back with pager_failed. */
static void pagerthread_call_guarded(struct job *job)
{
	struct job *volatile j = job; /* kept across siglongjmp */

	if (sigsetjmp(*pagerguard_env(), 1)) {
		pagerguard_report();
		pt.failed = true;
		j->pager_failed = true;
		j->ret = -ENOTRECOVERABLE;
		return;
	}
	pagerguard_arm(pagerthread_call_name, j);
	pagerthread_call(j);
	pagerguard_disarm();
}

static void pagerthread_run(struct job *job)
{
	if (pt.failed)
		pagerthread_call_failed(job);
	else if (pagerguard_enabled())
		pagerthread_call_guarded(job);
	else
		pagerthread_call(job);
	evlog_flush();
}

/* The answer the pager thread sends itself for job, into *m: true for a
 * MAP, and for a FAULT the pager accepted, if the job has a socket. A refused
 * fault ends the session, which is the loop thread's business. */
static bool pagerthread_answer(const struct job *job, struct proto_msg *m)
{
	if (job->reply_fd < 0 || job->pager_failed)
		return false;
	if (job->kind == JOB_MAP) {
		*m = (struct proto_msg){.type = PROTO_MAP_OK, .map_ok.addr = job->addr_ret};
		return true;
	}
	if (job->kind == JOB_FAULT && !job->ret) {
		*m = (struct proto_msg){.type = PROTO_FAULT_OK, .fault_ok.result = 0};
		return true;
	}
	return false;
}

/* Hand a finished job to the loop thread: answered here, without waking the
 * loop, or with a wakeup. An answered job goes on the done list before its
 * answer goes out, so that the loop, reaping before it acts on the client's
 * next request, finds it done. From then on the job is the loop's: only the
 * descriptor and the message, copied, are used here. */
static void pagerthread_finish(struct job *job)
{
	int fd = job->reply_fd;
	struct proto_msg m;
	bool answer;

	/* *muted is read before the job is the loop's (which may free it) */
	pthread_mutex_lock(&pt.reply_lock);
	answer = job->replied = pagerthread_answer(job, &m) && !(job->muted && *job->muted);
	pthread_mutex_lock(&pt.lock);
	pt.running = NULL;
	pagerthread_append(&pt.done, job);
	pthread_mutex_unlock(&pt.lock);
	if (answer) /* if lost, the peer is gone or does not read */
		proto_send(fd, &m, NULL, 0, MSG_DONTWAIT);
	pthread_mutex_unlock(&pt.reply_lock);
	if (!answer)
		uv_async_send(&pt.async);
}

void pagerthread_mute(bool *flag)
{
	pthread_mutex_lock(&pt.reply_lock);
	*flag = true;
	pthread_mutex_unlock(&pt.reply_lock);
}

static void *pagerthread_main(void *arg)
{
	(void)arg;
	if (pagerguard_enabled())
		pagerguard_thread_start();
	pthread_mutex_lock(&pt.lock);
	for (;;) {
		struct job *job = pt.todo.head;

		if (!job) {
			if (pt.stopping)
				break;
			pagerthread_sleep();
			continue;
		}
		pt.todo.head = job->next;
		if (!pt.todo.head)
			pt.todo.tail = NULL;
		pt.running = job;
		clock_gettime(CLOCK_MONOTONIC, &pt.started);
		pthread_mutex_unlock(&pt.lock);
		pagerthread_run(job);
		pagerthread_finish(job);
		pthread_mutex_lock(&pt.lock);
	}
	pthread_mutex_unlock(&pt.lock);
	return NULL;
}

static void pagerthread_free(struct job *job)
{
	if (job->pt_fd >= 0)
		close(job->pt_fd);
	if (job->fd >= 0)
		close(job->fd);
	free(job->dump);
	free(job);
}

void pagerthread_reap(void)
{
	struct job *job;

	pthread_mutex_lock(&pt.lock);
	job = pt.done.head;
	pt.done.head = pt.done.tail = NULL;
	pthread_mutex_unlock(&pt.lock);
	while (job) {
		struct job *next = job->next;

		pt.nr_pending--;
		if (job->pager_failed && pt.on_failure) {
			void (*cb)(void) = pt.on_failure;

			pt.on_failure = NULL;
			cb();
		}
		if (job->done)
			job->done(job);
		pagerthread_free(job);
		job = next;
	}
}

static void pagerthread_on_async(uv_async_t *async)
{
	(void)async;
	pagerthread_reap();
}

int pagerthread_start(uv_loop_t *loop)
{
	int err = uv_async_init(loop, &pt.async, pagerthread_on_async);

	if (err)
		return err;
	pt.stopping = false;
	err = -pthread_create(&pt.thread, NULL, pagerthread_main, NULL);
	if (err)
		uv_close((uv_handle_t *)&pt.async, NULL);
	return err;
}

struct job *pagerthread_job(enum job_kind kind)
{
	struct job *job = calloc(1, sizeof(*job));

	if (!job) {
		fprintf(stderr, "pagerd: out of memory for a pager job\n");
		abort();
	}
	job->kind = kind;
	job->fd = -1;
	job->reply_fd = -1;
	job->pt_fd = -1;
	return job;
}

void pagerthread_on_failure(void (*cb)(void))
{
	pt.on_failure = cb;
}

void pagerthread_submit(struct job *job)
{
	pt.nr_pending++;
	pthread_mutex_lock(&pt.lock);
	pagerthread_append(&pt.todo, job);
	pagerthread_unlock_kick();
}

unsigned int pagerthread_pending(void)
{
	return pt.nr_pending;
}

bool pagerthread_current(struct pagerthread_call *out)
{
	struct timespec now;
	int64_t ns;
	bool busy;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&pt.lock);
	busy = pt.running != NULL;
	if (busy) {
		ns = (int64_t)(now.tv_sec - pt.started.tv_sec) * 1000000000 +
		     (now.tv_nsec - pt.started.tv_nsec);
		/* the job's fields are read-only once submitted */
		*out = (struct pagerthread_call){
		    .kind = pt.running->kind,
		    .pid = pt.running->pid,
		    .parent = pt.running->parent,
		    .addr = pt.running->addr,
		    .block = pt.running->block,
		    .write = pt.running->write,
		    .ms = ns > 0 ? (uint64_t)ns / 1000000 : 0,
		};
	}
	pthread_mutex_unlock(&pt.lock);
	return busy;
}

void pagerthread_stop(void)
{
	struct job *job;

	pthread_mutex_lock(&pt.lock);
	pt.stopping = true;
	pagerthread_unlock_kick();
	pthread_join(pt.thread, NULL);
	job = pt.done.head;
	pt.done.head = pt.done.tail = NULL;
	while (job) {
		struct job *next = job->next;

		pagerthread_free(job);
		job = next;
	}
	pt.nr_pending = 0;
	uv_close((uv_handle_t *)&pt.async, NULL);
}
