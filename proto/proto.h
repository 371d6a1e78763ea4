/* SPDX-License-Identifier: MIT */
/*
 * The pagerd wire protocol, as docs/protocol.md (normative) describes it:
 * fixed-size little-endian messages on a Unix stream socket, a versioned
 * handshake, and the functions both sides link. proto_encode/proto_decode are
 * pure (no I/O) and validate every field; proto_send/proto_recv move whole
 * messages, with file descriptors (SCM_RIGHTS), over a blocking socket. A
 * variable-length answer (the frame table) travels as fixed-size CHUNKs.
 */
#ifndef PAGERD_PROTO_H
#define PAGERD_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pagerd/stats.h"

#define PROTO_VERSION 3
#define PROTO_HDR_SIZE 8
#define PROTO_MAX_SIZE 256	       /* the largest message (CHUNK), header included */
#define PROTO_MAX_FDS 3		       /* HELLO_OK: physical memory, the page table, a recording */
#define PROTO_STATS_WORDS 17	       /* STATS_OK: struct pgd_stats as u64 words */
#define PROTO_CHUNK_DATA 240	       /* the bytes one CHUNK carries */
#define PROTO_TEXT_MAX (64u << 20)     /* the longest chunked answer, in bytes */

enum proto_type {
	/* client to daemon */
	PROTO_HELLO = 0x01,
	PROTO_MAP = 0x02,
	PROTO_FAULT = 0x03,
	PROTO_YIELD = 0x04,
	PROTO_FORK = 0x05,
	PROTO_STATUS = 0x06,
	PROTO_STATS = 0x07,
	PROTO_FRAMES = 0x08,
	/* daemon to client */
	PROTO_ERROR = 0x80,
	PROTO_HELLO_OK = 0x81,
	PROTO_RUN = 0x82,
	PROTO_MAP_OK = 0x83,
	PROTO_FAULT_OK = 0x84,
	PROTO_FORK_OK = 0x85,
	PROTO_STATUS_OK = 0x86,
	PROTO_STATS_OK = 0x87,
	PROTO_FRAMES_OK = 0x88,
	PROTO_CHUNK = 0x89,
};

/* HELLO.kind */
enum proto_attach {
	PROTO_ATTACH_NEW = 0,	 /* a new program: vm_create(parent, pid) */
	PROTO_ATTACH_FORKED = 1, /* a child whose FORK the parent made */
};

/* FRAMES.format */
enum proto_format {
	PROTO_FORMAT_TEXT = 0,
	PROTO_FORMAT_JSON = 1,
};

/* STATUS_OK.call: what the pager thread is doing at the moment of STATUS. */
enum proto_call {
	PROTO_CALL_NONE = 0,	/* idle */
	PROTO_CALL_CREATE = 1,	/* vm_create(arg, pid) */
	PROTO_CALL_SWITCH = 2,	/* vm_switch(pid) */
	PROTO_CALL_MAP = 3,	/* vm_map(addr, arg) by pid */
	PROTO_CALL_FAULT = 4,	/* vm_fault(addr, arg: 1 write) by pid */
	PROTO_CALL_DESTROY = 5, /* vm_destroy of pid */
	PROTO_CALL_OTHER = 6,	/* daemon work between calls (statistics, a log line) */
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
			uint64_t token; /* kind 1: FORK_OK's token; kind 0: 0 */
			/* The classic geometry the program was built for
			 * (pagerd/classic.h); all 0: none, any geometry. */
			uint32_t page_size;
			uint32_t arena_pages;
			uint64_t arena_base;
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
			int32_t pid; /* 0: the whole pager */
		} stats;
		struct {
			uint32_t format; /* enum proto_format */
		} frames;
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
		} fault_ok;
		struct {
			int32_t result; /* 0 or -1 */
			uint64_t token; /* result 0: the child's HELLO token (not 0); else 0 */
		} fork_ok;
		struct {
			uint32_t nr_sessions;
			uint32_t nr_queued;
			int32_t running; /* 0: none */
			uint32_t nr_jobs;
			uint32_t call;	   /* enum proto_call */
			int32_t call_pid;  /* 0 unless a process is named */
			uint64_t call_addr;
			uint32_t call_arg;
			uint32_t call_ms;  /* how long the call has run */
			uint32_t running_ms; /* how long running has held the CPU; 0 if none */
		} status_ok;
		struct {
			int32_t pid; /* as asked */
			struct pgd_stats stats;
		} stats_ok;
		struct {
			uint32_t len; /* bytes that follow in CHUNKs */
		} frames_ok;
		struct {
			uint32_t offset; /* of data[0] in the whole answer */
			uint32_t len;	 /* 1..PROTO_CHUNK_DATA */
			uint8_t data[PROTO_CHUNK_DATA];
		} chunk;
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

/* Chunked answers (proto/chunk.c): a head message announcing a length (only
 * FRAMES_OK so far), then ceil(len / PROTO_CHUNK_DATA) CHUNKs in order, every
 * one full but the last. */

/* The bytes of FRAMES_OK(len) and its CHUNKs. */
size_t proto_chunked_size(size_t len);
/* Encode FRAMES_OK(len) and the CHUNKs of text[0..len) into buf; *out_len
 * gets the bytes written. 0, -EFBIG if len > PROTO_TEXT_MAX, -ENOSPC if buf
 * is smaller than proto_chunked_size(len). */
int proto_encode_chunked(const void *text, size_t len, uint8_t *buf, size_t buflen,
			 size_t *out_len);
/* Take CHUNK m of an answer of total bytes of which *got have arrived: it
 * must continue exactly there and be full unless it is the last. Copies its
 * bytes to dst + *got and advances *got. 0, or -EBADMSG (nothing copied). */
int proto_chunk_take(const struct proto_msg *m, uint32_t total, uint32_t *got, void *dst);

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

/* Receive the total bytes of a chunked answer whose head has arrived, into
 * a malloc'd buffer NUL-terminated at total (*out; the caller frees it). 0,
 * -EBADMSG for a CHUNK out of order or another message (*out NULL), or what
 * proto_recv returns. */
int proto_recv_chunked(int sock, uint32_t total, char **out);
/* Connect to the daemon at path and check that it runs as this user
 * (SO_PEERCRED): a connected socket, or -errno (-EPERM: another user). */
int proto_connect(const char *path);

/* The socket path clients and the service use: $PAGERD_SOCKET, else
 * $XDG_RUNTIME_DIR/pagerd.sock, else /tmp/pagerd-UID.sock. 0, or -ENAMETOOLONG
 * if it does not fit a sockaddr_un (len bytes of buf). */
int proto_socket_path(char *buf, size_t len);

#endif
