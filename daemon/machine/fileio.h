/* SPDX-License-Identifier: MIT */
/*
 * Backing store I/O: the swap file (private, unlinked at creation) and real
 * files relative to a files directory, one page per block. file_read and
 * file_write (pagerd/pager.h) log their call and go through here. Swap I/O
 * errors are fatal (nothing may be lost): fileio_fatal is called.
 */
#ifndef PAGERD_FILEIO_H
#define PAGERD_FILEIO_H

#include <stddef.h>

/* Open the files directory (NULL: cwd) and create the swap file of
 * nr_blocks pages in swap_dir (NULL: $TMPDIR or /tmp). 0 or -errno, with a
 * message on stderr naming the directory that failed and why. */
int fileio_start(const char *files_dir, const char *swap_dir, unsigned int nr_blocks,
		 size_t page_size);
void fileio_stop(void);

/* Called on a swap I/O error; by default prints and exits(70). Replaceable
 * for tests. */
extern void (*fileio_fatal)(const char *what, int err);

#endif
