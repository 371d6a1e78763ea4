/* SPDX-License-Identifier: MIT */
/*
 * Linked into a copy of the reference pager module (slow_pager.so) with
 * --wrap=file_read: a file_read of a real file first waits for a writer on
 * the FIFO named by $PGD_SLOW_FIFO. That makes a pager call last as long as
 * a test wants, now that the daemon itself opens no FIFO a client names
 * (docs/security.md section 4).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "pagerd/pager.h"

int __real_file_read(const char *filename, unsigned int block, void *buf);
int __wrap_file_read(const char *filename, unsigned int block, void *buf);

int __wrap_file_read(const char *filename, unsigned int block, void *buf)
{
	const char *fifo = getenv("PGD_SLOW_FIFO");
	int fd;

	if (filename && fifo) {
		fd = open(fifo, O_RDONLY | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
	return __real_file_read(filename, block, buf);
}
