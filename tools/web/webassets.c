/* SPDX-License-Identifier: MIT */
/* Looking up an embedded web file by its name (the table is generated). */
#include <string.h>

#include "webassets.h"

const struct webasset *webasset_find(const char *name)
{
	for (const struct webasset *a = webassets; a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}
