/* SPDX-License-Identifier: MIT */
/* Every policy pgd-lab knows by name: the pager's own, then the offline ones. */
#include <stdio.h>
#include <string.h>

#include "lab.h"

static const struct lab_policy lab_offline[] = {
    {"lru", &lab_lru_cache, NULL},   {"opt", &lab_opt_cache, NULL}, {"lfu", &lab_lfu_cache, NULL},
    {"arc", &lab_arc_cache, NULL},   {"2q", &lab_2q_cache, NULL},   {"lirs", &lab_lirs_cache, NULL},
};

#define LAB_NR_OFFLINE (sizeof(lab_offline) / sizeof(lab_offline[0]))

/* The online ones, made on use from policy_all. */
static struct lab_policy lab_online[32];

const struct lab_policy *lab_policy_at(unsigned int i)
{
	unsigned int n = 0;

	while (policy_all[n])
		n++;
	if (i < n && i < sizeof(lab_online) / sizeof(lab_online[0])) {
		lab_online[i] = (struct lab_policy){policy_all[i]->name, &lab_online_cache,
						    policy_all[i]};
		return &lab_online[i];
	}
	return i - n < LAB_NR_OFFLINE ? &lab_offline[i - n] : NULL;
}

const struct lab_policy *lab_policy_find(const char *name)
{
	const struct lab_policy *p;

	for (unsigned int i = 0; (p = lab_policy_at(i)); i++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

void lab_policy_names(char *buf, size_t len)
{
	const struct lab_policy *p;
	size_t used = 0;

	if (len)
		buf[0] = 0;
	for (unsigned int i = 0; (p = lab_policy_at(i)) && used < len; i++) {
		int n = snprintf(buf + used, len - used, "%s%s", i ? ", " : "", p->name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}
