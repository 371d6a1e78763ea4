/* SPDX-License-Identifier: MIT */
/*
 * pagerctl --embedded PID: the private socket of `pagerd -- PROGRAM`
 * running as PID, found in the environment it gave PROGRAM.
 */
#ifndef PAGERCTL_EMBEDDED_H
#define PAGERCTL_EMBEDDED_H

#include <stddef.h>
#include <sys/types.h>

/* The socket path into path (size len): 0, or -errno with a message on
 * standard error naming PID. */
int embedded_socket(pid_t pid, char *path, size_t len);

#endif
