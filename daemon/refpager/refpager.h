/* SPDX-License-Identifier: MIT */
/* The reference pager, as a module the machine can run (see pager_ops.h). */
#ifndef PAGERD_REFPAGER_H
#define PAGERD_REFPAGER_H

#include "pager_ops.h"
#include "policy.h"

extern const struct pager_ops refpager_ops;

/* The replacement policy from the next vm_init on (before machine_start);
 * the clock unless this is called. params is copied. */
void refpager_use_policy(const struct policy_ops *ops, const struct policy_params *params);

#endif
