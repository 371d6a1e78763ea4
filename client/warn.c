/* SPDX-License-Identifier: MIT */
/*
 * The client library's only output: messages on standard error, prefixed
 * "pagerd-client: ", one write each, and the fatal ones that end the
 * process.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "client-internal.h"

static void client_vmsg(const char *fmt, va_list ap)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "pagerd-client: ");

	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDERR_FILENO, buf, (size_t)n) < 0)
		return; /* nowhere left to report to */
}

void client_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_vmsg(fmt, ap);
	va_end(ap);
}

void client_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	client_vmsg(fmt, ap);
	va_end(ap);
	_exit(1);
}
