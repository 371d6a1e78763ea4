/* SPDX-License-Identifier: MIT */
/*
 * The pagerd wire protocol, as docs/protocol.md (normative) describes it:
 * fixed-size little-endian messages on a Unix stream socket, a versioned
 * handshake, and the functions both sides link. proto_encode/proto_decode are
 * pure (no I/O) and validate every field; proto_send/proto_recv move whole
 * messages, with file descriptors (SCM_RIGHTS), over a blocking socket.
 */
#ifndef PAGERD_PROTO_H
#define PAGERD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROTO_VERSION 1
#define PROTO_HDR_SIZE 8
#define PROTO_MAX_SIZE 40 /* the largest message, header included */
#define PROTO_MAX_FDS 2	  /* HELLO_OK carries physical memory and the page table */

enum proto_type {
	/* client to daemon */
	PROTO_HELLO = 0x01,
	PROTO_MAP = 0x02,
	PROTO_FAULT = 0x03,
	PROTO_YIELD = 0x04,
	PROTO_FORK = 0x05,
	PROTO_STATUS = 0x06,
	PROTO_STATS = 0x07,
	/* daemon to client */
	PROTO_ERROR = 0x80,
	PROTO_HELLO_OK = 0x81,
	PROTO_RUN = 0x82,
	PROTO_MAP_OK = 0x83,
	PROTO_FAULT_OK = 0x84,
	PROTO_FORK_OK = 0x85,
	PROTO_STATUS_OK = 0x86,
	PROTO_STATS_OK = 0x87,
};

/* HELLO.kind */
enum proto_attach {
	PROTO_ATTACH_NEW = 0,	 /* a new program: vm_create(parent, pid) */
	PROTO_ATTACH_FORKED = 1, /* a child whose FORK the parent made */
};

/* A decoded message. Only the member named by type is meaningful. */
struct proto_msg {
	enum proto_type type;
	union {
		struct {
			uint32_t version;
			uint32_t kind; /* enum proto_attach */
			int32_t pid;
			int32_t parent;
		} hello;
		struct {
			uint64_t filename; /* arena address of the name; 0: swap-backed */
			uint32_t block;
		} map;
		struct {
			uint64_t addr;
			bool write;
		} fault;
		struct {
			int32_t child;
		} fork;
		struct {
			int32_t err;	  /* a positive errno value */
			uint32_t request; /* the type of the request refused; 0: none */
		} error;
		struct {
			uint32_t version;
			uint32_t page_size;
			uint64_t arena_base;
			uint32_t arena_pages;
			uint32_t memory_pages;
		} hello_ok;
		struct {
			uint64_t addr; /* 0: NULL */
		} map_ok;
		struct {
			int32_t result; /* 0 or -1 */
		} fault_ok, fork_ok;
		struct {
			uint32_t nr_sessions;
			uint32_t nr_queued;
			int32_t running; /* 0: none */
			uint32_t nr_jobs;
		} status_ok;
		struct {
			uint64_t pages_mapped;
			uint64_t blocks_reserved;
			uint64_t frames_free;
			uint64_t frames_ghost;
		} stats_ok;
	};
};

/* The wire size of a message of this type (header included); 0 if the type
 * is unknown. */
size_t proto_size(uint32_t type);
/* A message type's name ("HELLO"), or "unknown". */
const char *proto_type_name(uint32_t type);
/* True for the types a client sends. */
bool proto_is_request(uint32_t type);

/* Encode m into buf. Returns the number of bytes written, -EINVAL if a field
 * is invalid (the same rules as decoding), -ENOSPC if buf is too small. */
int proto_encode(const struct proto_msg *m, uint8_t *buf, size_t len);
/* Decode the message at the front of buf[0..len). Returns its size (bytes
 * consumed), 0 if more bytes are needed (truncated), -EMSGSIZE if the header
 * declares a size outside [PROTO_HDR_SIZE, PROTO_MAX_SIZE], -ENOMSG for an
 * unknown type, -EBADMSG for a size that does not match the type, non-zero
 * reserved bits or an invalid field. */
int proto_decode(const uint8_t *buf, size_t len, struct proto_msg *m);
/* What a negative proto_decode/proto_recv result means, in a few words. */
const char *proto_strerror(int err);

/* Send one message with nfds file descriptors (at most PROTO_MAX_FDS).
 * flags are added to sendmsg's (e.g. MSG_DONTWAIT). 0 or -errno; -EAGAIN if
 * a non-blocking socket could not take the whole message. */
int proto_send(int sock, const struct proto_msg *m, const int *fds, unsigned int nfds, int flags);
/* Receive one message on a blocking socket, and up to max_fds descriptors
 * sent with it (close-on-exec); *nfds says how many arrived. Descriptors
 * beyond max_fds, or sent by a peer that should not send any, are closed and
 * the call fails with -EBADMSG. -ECONNRESET on end of file (also mid-message);
 * otherwise 0, or what proto_decode returns, or -errno. EINTR is retried. */
int proto_recv(int sock, struct proto_msg *m, int *fds, unsigned int max_fds, unsigned int *nfds);

/* The socket path clients and the service use: $PAGERD_SOCKET, else
 * $XDG_RUNTIME_DIR/pagerd.sock, else /tmp/pagerd-UID.sock. 0, or -ENAMETOOLONG
 * if it does not fit a sockaddr_un (len bytes of buf). */
int proto_socket_path(char *buf, size_t len);

#endif
