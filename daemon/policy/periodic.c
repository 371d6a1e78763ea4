/* SPDX-License-Identifier: MIT */
/* The state NRU and aging share (periodic.h). */
#include <stdlib.h>

#include "periodic.h"
#include "policy-common.h"

int periodic_init(struct periodic *s, uint32_t nr_frames)
{
	*s = (struct periodic){.list = FLIST_EMPTY, .period = nr_frames ? nr_frames : 1};
	s->links = policy_array(nr_frames, sizeof(*s->links));
	s->ref = policy_array(nr_frames, sizeof(*s->ref));
	return s->links && s->ref ? 0 : -1;
}

void periodic_fini(struct periodic *s)
{
	free(s->links);
	free(s->ref);
}

bool periodic_tick(struct periodic *s)
{
	if (++s->events < s->period)
		return false;
	s->events = 0;
	return true;
}

void periodic_resident(struct periodic *s, uint32_t frame)
{
	s->ref[frame] = 1;
	flist_append(&s->list, s->links, frame);
}

void periodic_remove(struct periodic *s, uint32_t frame)
{
	flist_remove(&s->list, s->links, frame);
}
