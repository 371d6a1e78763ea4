/* SPDX-License-Identifier: MIT */
/*
 * Backing-store I/O, one page per block: the private swap file and real files
 * beneath the files directory. file_read and file_write log their call
 * first, then move exactly one page with pread/pwrite at a 64-bit offset.
 * Real-file failures are the pager's -1 (and a log line); a swap failure
 * would lose data, so it goes to fileio_fatal. A file name comes from a
 * client: it is resolved beneath the files directory without following a
 * link or leaving it, must name a regular file, and is opened without
 * blocking (docs/security.md section 4).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "evlog.h"
#include "fileio.h"
#include "pagerd/pager.h"

/* All immutable between fileio_start and fileio_stop; used on the pager
 * thread. */
static int fileio_dirfd = -1;  /* the files directory */
static int fileio_swapfd = -1; /* the swap file, already unlinked */
static unsigned int fileio_nr_blocks;
static size_t fileio_page_size;

static void fileio_default_fatal(const char *what, int err)
{
	fprintf(stderr, "pagerd: fatal: %s: %s; stopping rather than lose data\n", what,
	        strerror(err));
	exit(70);
}

void (*fileio_fatal)(const char *what, int err) = fileio_default_fatal;

/* A private file in dir that no one else can open: O_TMPFILE where the file
 * system has it, else mkstemp and unlink at once. */
static int fileio_swap_open(const char *dir)
{
	char *path = NULL;
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd >= 0 ? fd : -errno;
	if (asprintf(&path, "%s/pagerd-swap.XXXXXX", dir) < 0)
		return -ENOMEM;
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		fd = -errno;
	else
		unlink(path);
	free(path);
	return fd;
}

int fileio_start(const char *files_dir, const char *swap_dir, unsigned int nr_blocks,
                 size_t page_size)
{
	int err;

	if (fileio_swapfd >= 0)
		return -EBUSY;
	if (!files_dir)
		files_dir = ".";
	if (!swap_dir) {
		const char *tmp = getenv("TMPDIR");

		swap_dir = tmp && *tmp ? tmp : "/tmp"; /* an empty TMPDIR means none */
	}
	if (!page_size || (uint64_t)nr_blocks > (uint64_t)INT64_MAX / page_size)
		return -EOVERFLOW;
	fileio_dirfd = open(files_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fileio_dirfd < 0) {
		err = -errno;
		fprintf(stderr, "pagerd: files directory %s: %s\n", files_dir, strerror(-err));
		return err;
	}
	fileio_swapfd = fileio_swap_open(swap_dir);
	if (fileio_swapfd < 0) {
		err = fileio_swapfd;
		goto out_report_swap;
	}
	if (ftruncate(fileio_swapfd, (off_t)((uint64_t)nr_blocks * page_size)) < 0) {
		err = -errno;
		goto out_close_swap;
	}
	fileio_nr_blocks = nr_blocks;
	fileio_page_size = page_size;
	return 0;

out_close_swap:
	close(fileio_swapfd);
	fileio_swapfd = -1;
out_report_swap:
	fprintf(stderr, "pagerd: swap file of %u blocks in %s: %s\n", nr_blocks, swap_dir,
	        strerror(-err));
	close(fileio_dirfd);
	fileio_dirfd = -1;
	return err;
}

void fileio_stop(void)
{
	if (fileio_swapfd >= 0)
		close(fileio_swapfd);
	if (fileio_dirfd >= 0)
		close(fileio_dirfd);
	fileio_swapfd = -1;
	fileio_dirfd = -1;
}

/* The byte offset of block, or -1 if it does not fit in an off_t. */
static off_t fileio_offset(unsigned int block)
{
	if ((uint64_t)block > ((uint64_t)INT64_MAX - fileio_page_size) / fileio_page_size)
		return -1;
	return (off_t)((uint64_t)block * fileio_page_size);
}

/* Move one page between buf and fd at off, through short transfers and
 * EINTR. 0, -errno, or -ENODATA if the file ends before the page does. */
static int fileio_xfer(int fd, void *buf, off_t off, bool write)
{
	size_t done = 0;

	while (done < fileio_page_size) {
		ssize_t n;

		if (write)
			n = pwrite(fd, (const char *)buf + done, fileio_page_size - done,
			           off + (off_t)done);
		else
			n = pread(fd, (char *)buf + done, fileio_page_size - done,
			          off + (off_t)done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return write ? -EIO : -ENODATA;
		done += (size_t)n;
	}
	return 0;
}

/* Swap I/O must not fail: a block out of range is a pager bug and an I/O
 * error would lose a page, so either goes to fileio_fatal. */
static int fileio_swap(unsigned int block, void *buf, bool write)
{
	const char *op = write ? "swap write" : "swap read";
	char what[96];
	int err;

	if (block >= fileio_nr_blocks)
		err = -ERANGE;
	else
		err = fileio_xfer(fileio_swapfd, buf, fileio_offset(block), write);
	if (!err)
		return 0;
	if (err == -ENODATA)
		err = -EIO;
	snprintf(what, sizeof(what), "%s of block %u (of %u)", op, block, fileio_nr_blocks);
	evlog_comment("fatal: %s: %s", what, strerror(-err));
	evlog_flush();
	fileio_fatal(what, -err);
	return -1;
}

/* What fileio_open_name returns for a name the files directory's rules
 * refuse (as opposed to -1, an error of the system's). */
#define FILEIO_REFUSED (-2)

/* Look at component name in dir without following it: 0 if it is of type
 * want (S_IFDIR or S_IFREG); else -1 (the system's error) or FILEIO_REFUSED,
 * with the reason in *why. */
static int fileio_check_type(int dir, const char *name, mode_t want, const char **why)
{
	struct stat st;

	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW)) {
		*why = strerror(errno);
		return -1;
	}
	if (S_ISLNK(st.st_mode))
		*why = "a symbolic link (not followed)";
	else if ((st.st_mode & S_IFMT) != want)
		*why = want == S_IFDIR ? "not a directory" : "not a regular file";
	else
		return 0;
	return FILEIO_REFUSED;
}

/* Open the regular file name beneath the files directory with flags
 * (O_RDONLY or O_WRONLY), one component at a time: no absolute name, no
 * "..", no link followed, nothing but a regular file at the end, and
 * nothing that can block. The descriptor, or -1 with the reason in *why. */
static int fileio_open_name(const char *name, int flags, const char **why)
{
	const int dir_flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	int dir = fileio_dirfd, fd = -1;
	char path[PATH_MAX], *comp, *next;
	struct stat st;

	if (name[0] == '/') {
		*why = "outside the files directory (absolute name)";
		return FILEIO_REFUSED;
	}
	if (strlen(name) >= sizeof(path)) {
		*why = strerror(ENAMETOOLONG);
		return -1;
	}
	strcpy(path, name);
	for (comp = path;; comp = next) {
		int sub;

		next = strchr(comp, '/');
		if (next)
			*next++ = '\0';
		if (!strcmp(comp, "..")) {
			*why = "outside the files directory (\"..\")";
			fd = FILEIO_REFUSED;
			goto out_close_dir;
		}
		if (!next)
			break; /* the file itself */
		if (!*comp || !strcmp(comp, "."))
			continue;
		fd = fileio_check_type(dir, comp, S_IFDIR, why);
		if (fd)
			goto out_close_dir;
		sub = openat(dir, comp, dir_flags);
		if (sub < 0) {
			*why = strerror(errno);
			fd = -1;
			goto out_close_dir;
		}
		if (dir != fileio_dirfd)
			close(dir);
		dir = sub;
	}
	fd = fileio_check_type(dir, comp, S_IFREG, why);
	if (fd)
		goto out_close_dir;
	fd = openat(dir, comp, flags | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		*why = strerror(errno);
	} else if (fstat(fd, &st) || !S_ISREG(st.st_mode)) { /* replaced meanwhile */
		*why = "not a regular file";
		close(fd);
		fd = FILEIO_REFUSED;
	}
out_close_dir:
	if (dir != fileio_dirfd)
		close(dir);
	return fd;
}

int file_read(const char *filename, unsigned int block, void *buf)
{
	char msg[128];
	const char *why;
	off_t off;
	int fd, err;

	evlog_file_read(filename, block);
	if (!filename)
		return fileio_swap(block, buf, false);
	fd = fileio_open_name(filename, O_RDONLY, &why);
	if (fd == FILEIO_REFUSED) {
		/* For the program (and the classic log) a refused name is a
		 * missing file; why it was refused is the daemon's own '#' line. */
		evlog_file_error("open: No such file or directory");
		evlog_comment("file name refused: %s", why);
		return -1;
	}
	if (fd < 0) {
		snprintf(msg, sizeof(msg), "open: %s", why);
		evlog_file_error(msg);
		return -1;
	}
	off = fileio_offset(block);
	err = off < 0 ? -ENODATA : fileio_xfer(fd, buf, off, false);
	close(fd);
	if (err == -ENODATA) {
		evlog_file_error("block out of range");
	} else if (err) {
		snprintf(msg, sizeof(msg), "read: %s", strerror(-err));
		evlog_file_error(msg);
	}
	return err ? -1 : 0;
}

/* A failed write to a real file loses the page's changes: say so on stderr
 * and in a '#' line (the event-log format has no line for it). */
static void fileio_report_write(const char *filename, unsigned int block, const char *op,
				const char *why)
{
	char msg[ESCAPE_MAX * PATH_MAX + 128], *p = msg;

	p += snprintf(p, 32, "file_write(");
	if (strlen(filename) < PATH_MAX)
		p = escape_put(p, filename);
	else
		p += snprintf(p, 32, "(a name too long)");
	snprintf(p, (size_t)(msg + sizeof(msg) - p), ", %u) failed: %s: %s", block, op, why);
	evlog_comment("%s", msg);
	fprintf(stderr, "pagerd: %s\n", msg);
}

int file_write(const char *filename, unsigned int block, const void *buf)
{
	const char *why;
	off_t off;
	int fd, err;

	evlog_file_write(filename, block);
	if (!filename)
		return fileio_swap(block, (void *)buf, true);
	fd = fileio_open_name(filename, O_WRONLY, &why);
	if (fd < 0) {
		fileio_report_write(filename, block, "open", why);
		return -1;
	}
	off = fileio_offset(block);
	err = off < 0 ? -EFBIG : fileio_xfer(fd, (void *)buf, off, true);
	close(fd);
	if (!err)
		return 0;
	fileio_report_write(filename, block, "write", strerror(-err));
	return -1;
}
