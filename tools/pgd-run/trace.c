/* SPDX-License-Identifier: MIT */
/*
 * The trace writer. Lines are formatted into memory and written with a single
 * write() each, so lines from several processes never interleave. A write
 * error is reported once on stderr and further lines are dropped: the run
 * itself goes on.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trace.h"

struct trace {
	int fd; /* O_APPEND; shared with forked processes */
	const char *path;
	int failed; /* a write failed: say so once */
};

static void trace_write(struct trace *t, const char *buf, size_t len)
{
	while (len && !t->failed) {
		ssize_t n = write(t->fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "pgd-run: writing trace %s: %s\n", t->path,
			        strerror(n < 0 ? errno : EIO));
			t->failed = 1;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

void trace_line(struct trace *t, const char *fmt, ...)
{
	char small[256], *buf = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small) - 1) {
		buf = malloc((size_t)n + 2);
		if (!buf) {
			fprintf(stderr, "pgd-run: trace: out of memory\n");
			t->failed = 1;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	buf[n] = '\n';
	trace_write(t, buf, (size_t)n + 1);
	if (buf != small)
		free(buf);
}

void trace_store(struct trace *t, long pid, uintptr_t addr, const uint8_t *bytes, size_t len)
{
	char *hex = malloc(2 * len + 1);

	if (!hex) {
		fprintf(stderr, "pgd-run: trace: out of memory\n");
		t->failed = 1;
		return;
	}
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
	trace_line(t, "%ld store 0x%" PRIxPTR " %s", pid, addr, hex);
	free(hex);
}

int trace_open(const char *path, const struct pgd_geometry *g, const struct script *s,
               struct trace **out)
{
	struct trace *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->path = path;
	t->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
	if (t->fd < 0) {
		int err = -errno;

		free(t);
		return err;
	}
	trace_line(t, TRACE_MAGIC);
	trace_line(t, "geometry %zu 0x%" PRIxPTR " %zu %u %u", g->page_size, g->arena_base,
	           g->arena_pages, g->memory_pages, g->swap_blocks);
	for (size_t i = 0; i < s->nr_files; i++)
		trace_line(t, "file %s %" PRIu64 "p+%" PRIu64, s->files[i].name,
		           s->files[i].size.pages, s->files[i].size.bytes);
	*out = t;
	return 0;
}

void trace_close(struct trace *t)
{
	if (!t)
		return;
	close(t->fd);
	free(t);
}
