/* SPDX-License-Identifier: MIT */
/*
 * The program of `pagerd -- PROGRAM`: its private socket directory (and
 * the removal of those that killed daemons left behind), its start with
 * uv_spawn (PAGERD_SOCKET is already in the environment it
 * inherits) and its exit status.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "embed.h"

static struct embed {
	char dir[PATH_MAX];	 /* the private directory; "" if none */
	uv_process_t process;	 /* loop thread */
	bool running;
	void (*on_exit)(int status);
} embed;

/* A directory left by a daemon that is gone: one of this user's, named
 * pagerd.XXXXXX, not changed for EMBED_STALE_SECS, holding nothing or a
 * socket that refuses connections (nobody listens). A live daemon's socket
 * accepts (or is busy: EAGAIN), so its directory is never taken. */
#define EMBED_STALE_SECS 10

static bool embed_stale(const char *tmp, int tmpfd, const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct stat st;
	int sock, n;
	bool gone;

	if (strncmp(name, "pagerd.", 7) || strlen(name) != 13 ||
	    fstatat(tmpfd, name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISDIR(st.st_mode) ||
	    st.st_uid != geteuid() || time(NULL) - st.st_mtime < EMBED_STALE_SECS)
		return false;
	n = snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/%s/sock", tmp, name);
	if (n < 0 || (size_t)n >= sizeof(sa.sun_path))
		return false;
	if (lstat(sa.sun_path, &st))
		return errno == ENOENT;
	if (!S_ISSOCK(st.st_mode))
		return false;
	sock = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return false;
	gone = connect(sock, (struct sockaddr *)&sa, sizeof(sa)) && errno == ECONNREFUSED;
	close(sock);
	return gone && !unlink(sa.sun_path);
}

/* Remove the private directories of embedded daemons that were killed
 * (SIGKILL, abort) before they could remove their own. */
static void embed_clean_stale(const char *tmp)
{
	DIR *dir = opendir(tmp);
	struct dirent *e;

	if (!dir)
		return;
	while ((e = readdir(dir)))
		if (embed_stale(tmp, dirfd(dir), e->d_name))
			unlinkat(dirfd(dir), e->d_name, AT_REMOVEDIR);
	closedir(dir);
}

int embed_mkdir(char *sock, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int n, err;

	tmp = tmp && *tmp ? tmp : "/tmp";
	embed_clean_stale(tmp);
	n = snprintf(embed.dir, sizeof(embed.dir), "%s/pagerd.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= sizeof(embed.dir) || !mkdtemp(embed.dir)) {
		err = n < 0 || (size_t)n >= sizeof(embed.dir) ? -ENAMETOOLONG : -errno;
		fprintf(stderr, "pagerd: cannot make a private socket directory in %s: %s\n", tmp,
			strerror(-err));
		embed.dir[0] = '\0';
		return err;
	}
	n = snprintf(sock, len, "%s/sock", embed.dir);
	if (n < 0 || (size_t)n >= len) {
		fprintf(stderr, "pagerd: the socket path %s/sock is too long\n", embed.dir);
		embed_rmdir();
		return -ENAMETOOLONG;
	}
	return 0;
}

void embed_rmdir(void)
{
	if (embed.dir[0])
		rmdir(embed.dir);
	embed.dir[0] = '\0';
}

static void embed_exited(uv_process_t *p, int64_t status, int signum)
{
	embed.running = false;
	uv_close((uv_handle_t *)p, NULL);
	embed.on_exit(signum ? 128 + signum : (int)status);
}

int embed_spawn(uv_loop_t *loop, char **argv, void (*on_exit)(int status))
{
	uv_stdio_container_t stdio[3];
	uv_process_options_t opts = { 0 };
	int err;

	for (int i = 0; i < 3; i++) {
		stdio[i].flags = UV_INHERIT_FD;
		stdio[i].data.fd = i;
	}
	opts.file = argv[0];
	opts.args = argv;
	opts.exit_cb = embed_exited;
	opts.stdio = stdio;
	opts.stdio_count = 3;
	embed.on_exit = on_exit;
	err = uv_spawn(loop, &embed.process, &opts);
	if (err) {
		uv_close((uv_handle_t *)&embed.process, NULL);
		return err;
	}
	embed.running = true;
	return 0;
}

bool embed_kill(int signum)
{
	if (!embed.running)
		return false;
	uv_process_kill(&embed.process, signum);
	return true;
}

int embed_check_program(const char *program)
{
	const char *path = getenv("PATH"), *p, *end;
	char full[PATH_MAX];
	int err = ENOENT;

	if (strchr(program, '/')) {
		if (!access(program, X_OK))
			return 0;
		err = errno;
	} else {
		for (p = path && *path ? path : "/usr/local/bin:/usr/bin:/bin"; *p; p = end) {
			end = strchrnul(p, ':');
			if (snprintf(full, sizeof(full), "%.*s/%s", end > p ? (int)(end - p) : 1,
			             end > p ? p : ".", program) < (int)sizeof(full) &&
			    !access(full, X_OK))
				return 0;
			if (errno == EACCES)
				err = EACCES;
			if (*end)
				end++;
		}
	}
	fprintf(stderr, "pagerd: cannot run %s: %s\n", program, strerror(err));
	return -err;
}
