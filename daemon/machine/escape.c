/* SPDX-License-Identifier: MIT */
/*
 * The one escaping of names in the daemon's output (see escape.h): into a
 * buffer, or straight to a stream, by the same rule.
 */
#include <stdbool.h>
#include <string.h>

#include "escape.h"

static bool escape_needed(unsigned char c)
{
	return c < 0x20 || c == 0x7f || c == '\\';
}

/* The escaped form of one byte at p; where it ends. */
static char *escape_byte(char *p, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";

	if (!escape_needed(c)) {
		*p++ = (char)c;
		return p;
	}
	*p++ = '\\';
	*p++ = 'x';
	*p++ = hex[c >> 4];
	*p++ = hex[c & 0xf];
	return p;
}

char *escape_put(char *p, const char *name)
{
	for (; *name; name++)
		p = escape_byte(p, (unsigned char)*name);
	return p;
}

void escape_fputs(const char *name, FILE *f)
{
	char buf[ESCAPE_MAX];

	for (; *name; name++)
		fwrite(buf, 1, (size_t)(escape_byte(buf, (unsigned char)*name) - buf), f);
}
