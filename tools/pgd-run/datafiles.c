/* SPDX-License-Identifier: MIT */
/*
 * Data files for a run: a private directory, files of the declared sizes
 * with the documented contents written a page at a time, and removal of the
 * directory afterwards (the files may have been written back to meanwhile).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafiles.h"

int datafiles_mkdir(char *path, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	if (snprintf(path, len, "%s/pgd-run.XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)len)
		return -ENAMETOOLONG;
	return mkdtemp(path) ? 0 : -errno;
}

/* Write one file of size bytes to the open fd. */
static int datafiles_fill(int fd, uint64_t size, size_t page_size)
{
	char *page = malloc(page_size);
	int err = 0;

	if (!page)
		return -ENOMEM;
	for (uint64_t off = 0, block = 0; off < size && !err; off += page_size, block++) {
		size_t n = size - off < page_size ? (size_t)(size - off) : page_size;
		size_t done = 0;

		memset(page, 'A' + (int)(block % 26), n);
		while (done < n && !err) {
			ssize_t w = write(fd, page + done, n - done);

			if (w < 0 && errno != EINTR)
				err = -errno;
			else if (w > 0)
				done += (size_t)w;
		}
	}
	free(page);
	return err;
}

int datafiles_create(const struct script *s, const char *dir, size_t page_size, char *err,
                     size_t errlen)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = 0;

	if (dfd < 0) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(-ret));
		return ret;
	}
	for (size_t i = 0; i < s->nr_files && !ret; i++) {
		const struct script_file *f = &s->files[i];
		uint64_t size;
		int fd;

		if (script_size_eval(&f->size, page_size, &size)) {
			snprintf(err, errlen, "line %u: file %s: size too large", f->line, f->name);
			ret = -ERANGE;
			break;
		}
		fd = openat(dfd, f->name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		ret = fd < 0 ? -errno : datafiles_fill(fd, size, page_size);
		if (fd >= 0 && close(fd) && !ret)
			ret = -errno;
		if (ret)
			snprintf(err, errlen, "%s/%s: %s", dir, f->name, strerror(-ret));
	}
	close(dfd);
	return ret;
}

void datafiles_remove(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	rmdir(dir);
}
