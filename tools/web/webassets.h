/* SPDX-License-Identifier: MIT */
/*
 * The files of pagerd's web views (index.html, render.js, live.js,
 * style.css), embedded at build time by embed.cmake: pagerctl web serves
 * them from this table, and the step-through report inlines render.js and
 * style.css from it.
 */
#ifndef PGD_WEBASSETS_H
#define PGD_WEBASSETS_H

#include <stddef.h>

struct webasset {
	const char *name;	   /* "render.js": the file's name in tools/web */
	const char *type;	   /* its Content-Type */
	const unsigned char *data; /* its bytes, then a NUL not counted in len */
	size_t len;
};

/* Every asset, then one with name NULL. */
extern const struct webasset webassets[];

/* The asset called name, or NULL. */
const struct webasset *webasset_find(const char *name);

#endif
