/* SPDX-License-Identifier: MIT */
/*
 * What NRU and aging share: the resident frames in order of arrival (their
 * tie-break), each frame's referenced bit as the policy last saw it (set by
 * resident and referenced, cleared by a harvest), and the period: every
 * nr_frames faults the policy hears of (resident or referenced), the
 * referenced bits of all resident frames are read and cleared, as a clock
 * interrupt would in a kernel. Clearing revokes PTEs, so the next access to
 * each page faults: that is what the harvest costs a pager.
 */
#ifndef PAGERD_POLICY_PERIODIC_H
#define PAGERD_POLICY_PERIODIC_H

#include <stdbool.h>

#include "flist.h"

struct periodic {
	struct flist list; /* head: the oldest */
	struct flink *links;
	uint8_t *ref;	   /* by frame */
	uint32_t events;   /* faults since the last harvest */
	uint32_t period;
};

/* 0, or -1 out of memory (free with periodic_fini). */
int periodic_init(struct periodic *s, uint32_t nr_frames);
void periodic_fini(struct periodic *s);
/* Count a fault: true if a harvest is due now (the count starts again). */
bool periodic_tick(struct periodic *s);
void periodic_resident(struct periodic *s, uint32_t frame);
void periodic_remove(struct periodic *s, uint32_t frame);

#endif
