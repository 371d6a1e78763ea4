/* SPDX-License-Identifier: MIT */
/*
 * The private socket of an embedded pagerd. pagerd sets PAGERD_SOCKET for
 * the program it starts, so the socket is in the environment of its
 * children (/proc/PID/task/PID/children, then /proc/CHILD/environ), which
 * only the same user may read; pagerd's own environment holds what its
 * caller had, not the private socket.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"

/* PAGERD_SOCKET from /proc/PID/environ: 0 or -ENOENT. */
static int embedded_environ(long pid, char *path, size_t len)
{
	static const char key[] = "PAGERD_SOCKET=";
	char name[64], *entry = NULL;
	size_t cap = 0;
	int err = -ENOENT;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%ld/environ", pid);
	f = fopen(name, "re");
	if (!f)
		return -ENOENT;
	while (getdelim(&entry, &cap, '\0', f) > 0) {
		if (!strncmp(entry, key, sizeof(key) - 1) &&
		    snprintf(path, len, "%s", entry + sizeof(key) - 1) < (int)len) {
			err = 0;
			break;
		}
	}
	free(entry);
	fclose(f);
	return err;
}

int embedded_socket(pid_t pid, char *path, size_t len)
{
	char name[64];
	long child;
	int err = -ENOENT;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%ld/task/%ld/children", (long)pid, (long)pid);
	f = fopen(name, "re");
	if (!f) {
		err = -errno;
		fprintf(stderr, "pagerctl: --embedded %ld: no such process (%s: %s)\n", (long)pid,
		        name, strerror(-err));
		return err;
	}
	while (err && fscanf(f, "%ld", &child) == 1)
		err = embedded_environ(child, path, len);
	fclose(f);
	if (err)
		fprintf(stderr,
		        "pagerctl: --embedded %ld: no child of it has PAGERD_SOCKET set; is it "
		        "`pagerd -- PROGRAM` with PROGRAM still running? (else use --socket, "
		        "shown on the log's first line)\n",
		        (long)pid);
	return err;
}
