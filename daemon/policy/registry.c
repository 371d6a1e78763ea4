/* SPDX-License-Identifier: MIT */
/* Every policy by name, for --policy options and their messages. */
#include <stdio.h>
#include <string.h>

#include "policy.h"

const struct policy_ops *const policy_all[] = {
    &fifo_policy, &clock_policy, &random_policy,   &nru_policy,   &aging_policy,
    &wsclock_policy, &clockpro_policy, &car_policy, &sieve_policy, &s3fifo_policy,
    NULL,
};

const struct policy_ops *policy_find(const char *name)
{
	for (const struct policy_ops *const *o = policy_all; *o; o++)
		if (!strcmp((*o)->name, name))
			return *o;
	return NULL;
}

void policy_names(char *buf, size_t len)
{
	size_t used = 0;

	if (len)
		buf[0] = 0;
	for (const struct policy_ops *const *o = policy_all; *o && used < len; o++) {
		int n = snprintf(buf + used, len - used, "%s%s", o == policy_all ? "" : ", ",
				 (*o)->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

const struct policy_ops *policy_find_option(const char *prog, const char *opt, const char *name)
{
	const struct policy_ops *ops = policy_find(name);
	char names[256];

	if (!ops) {
		policy_names(names, sizeof(names));
		fprintf(stderr, "%s: %s: '%s' is not a policy (one of: %s)\n", prog, opt, name,
			names);
	}
	return ops;
}
