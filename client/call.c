/* SPDX-License-Identifier: MIT */
/*
 * The request/answer exchange every library call makes with pagerd: one
 * request, then its one answer, over the connection; a refusal or a lost
 * connection ends the process with a message.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "client-internal.h"

void client_refused(const struct proto_msg *m)
{
	if (m->error.err == ENOTRECOVERABLE) {
		client_warn("the pager failed%s%s; pagerd ended every process (its report "
			    "on its standard error and in the log says how)",
			    m->error.request ? " during " : "",
			    m->error.request ? proto_type_name(m->error.request) : "");
		return;
	}
	client_warn("pagerd refused %s: %s",
		    m->error.request ? proto_type_name(m->error.request) : "a message",
		    m->error.err == ENOMEM && m->error.request == PROTO_HELLO
			    ? "vm_create failed (not enough swap for this process)"
			    : strerror(m->error.err));
}

void client_call(const struct proto_msg *req, enum proto_type want, struct proto_msg *ans)
{
	unsigned int nfds;
	int err = proto_send(client.sock, req, NULL, 0, 0);

	if (!err)
		err = proto_recv(client.sock, ans, NULL, 0, &nfds);
	if (err)
		client_fatal("lost the connection to pagerd during %s: %s",
			     proto_type_name(req->type), proto_strerror(err));
	if (ans->type == PROTO_ERROR) {
		client_refused(ans);
		_exit(1);
	}
	if (ans->type != want)
		client_fatal("pagerd answered %s with %s", proto_type_name(req->type),
			     proto_type_name(ans->type));
}
