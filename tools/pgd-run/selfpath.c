/* SPDX-License-Identifier: MIT */
/* A program found next to the running one, or at its built path
 * (selfpath.h): pgd-run finds pagerd and its launcher so, pgd-lab pgd-run. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "selfpath.h"

void selfpath_find(const char *name, const char *const *subdirs, size_t nr,
                   const char *fallback, char *path, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n > 0) {
		self[n] = 0;
		slash = strrchr(self, '/');
		for (size_t i = 0; slash && i < nr; i++)
			if (snprintf(path, len, "%.*s/%s/%s", (int)(slash - self), self,
			             subdirs[i], name) < (int)len &&
			    !access(path, X_OK))
				return;
	}
	snprintf(path, len, "%s", fallback);
}
