/* SPDX-License-Identifier: MIT */
/* The reference pager, as a module the machine can run (see pager_ops.h). */
#ifndef PAGERD_REFPAGER_H
#define PAGERD_REFPAGER_H

#include "pager_ops.h"

extern const struct pager_ops refpager_ops;

#endif
