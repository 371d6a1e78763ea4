/* SPDX-License-Identifier: MIT */
/*
 * Whole protocol messages over a Unix stream socket: sendmsg with the file
 * descriptors of a message attached to its first byte (SCM_RIGHTS), and a
 * blocking receive that reads exactly one message and collects the
 * descriptors sent with it, and the receive of a chunked answer. Also where
 * both sides find the socket path, and a connect that checks the daemon's
 * user.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "proto.h"

int proto_send(int sock, const struct proto_msg *m, const int *fds, unsigned int nfds, int flags)
{
	union {
		char buf[CMSG_SPACE(PROTO_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	uint8_t buf[PROTO_MAX_SIZE];
	struct iovec iov;
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	size_t done = 0;
	int len = proto_encode(m, buf, sizeof(buf));

	if (len < 0)
		return len;
	if (nfds > PROTO_MAX_FDS)
		return -EINVAL;
	if (nfds) {
		struct cmsghdr *c;

		memset(&ctl, 0, sizeof(ctl));
		mh.msg_control = ctl.buf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
	}
	while (done < (size_t)len) {
		ssize_t n;

		iov.iov_base = buf + done;
		iov.iov_len = (size_t)len - done;
		n = sendmsg(sock, &mh, MSG_NOSIGNAL | flags);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		done += (size_t)n;
		mh.msg_control = NULL; /* the descriptors went with the first byte */
		mh.msg_controllen = 0;
	}
	return 0;
}

/* Keep up to max descriptors of one control message in fds; close the rest.
 * Returns false if any had to be closed. */
static bool sockio_take_fds(struct msghdr *mh, int *fds, unsigned int max, unsigned int *nfds)
{
	bool ok = !(mh->msg_flags & MSG_CTRUNC);

	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		size_t n;
		int fd;

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < n; i++) {
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
			if (*nfds < max) {
				fds[(*nfds)++] = fd;
			} else {
				close(fd);
				ok = false;
			}
		}
	}
	return ok;
}

int proto_recv(int sock, struct proto_msg *m, int *fds, unsigned int max_fds, unsigned int *nfds)
{
	union {
		char buf[CMSG_SPACE(PROTO_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	uint8_t buf[PROTO_MAX_SIZE];
	size_t have = 0, want = PROTO_HDR_SIZE;
	bool fds_ok = true;
	int ret;

	*nfds = 0;
	while (have < want) {
		struct iovec iov = { .iov_base = buf + have, .iov_len = want - have };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t n;

		mh.msg_control = ctl.buf;
		mh.msg_controllen = sizeof(ctl.buf);
		n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out_close_fds;
		}
		if (n == 0) {
			ret = -ECONNRESET;
			goto out_close_fds;
		}
		fds_ok &= sockio_take_fds(&mh, fds, max_fds, nfds);
		have += (size_t)n;
		if (have == PROTO_HDR_SIZE) {
			ret = proto_decode(buf, have, m);
			if (ret < 0)
				goto out_close_fds;
			want = ret ? (size_t)ret : proto_size(buf[4] | buf[5] << 8);
		}
	}
	ret = proto_decode(buf, have, m);
	if (ret > 0 && !fds_ok)
		ret = -EBADMSG;
	if (ret < 0)
		goto out_close_fds;
	return 0;

out_close_fds:
	while (*nfds)
		close(fds[--(*nfds)]);
	return ret;
}

int proto_recv_chunked(int sock, uint32_t total, char **out)
{
	uint32_t got = 0;
	unsigned int nfds;
	char *buf = malloc((size_t)total + 1);
	int err = 0;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	while (got < total && !err) {
		struct proto_msg m;

		err = proto_recv(sock, &m, NULL, 0, &nfds);
		if (!err)
			err = proto_chunk_take(&m, total, &got, buf);
	}
	if (err) {
		free(buf);
		return err;
	}
	buf[total] = '\0';
	*out = buf;
	return 0;
}

int proto_connect(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int fd, err;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		err = -errno;
		goto out_close;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len)) {
		err = -errno;
		goto out_close;
	}
	if (cred.uid != geteuid()) {
		err = -EPERM;
		goto out_close;
	}
	return fd;

out_close:
	close(fd);
	return err;
}

int proto_socket_path(char *buf, size_t len)
{
	const char *env = getenv("PAGERD_SOCKET");
	const char *rt = getenv("XDG_RUNTIME_DIR");
	size_t max = sizeof(((struct sockaddr_un *)0)->sun_path);
	int n;

	if (env && *env)
		n = snprintf(buf, len, "%s", env);
	else if (rt && *rt)
		n = snprintf(buf, len, "%s/pagerd.sock", rt);
	else
		n = snprintf(buf, len, "/tmp/pagerd-%u.sock", (unsigned int)getuid());
	if (n < 0 || (size_t)n >= len || (size_t)n >= max)
		return -ENAMETOOLONG;
	return 0;
}
