/* SPDX-License-Identifier: MIT */
/*
 * Swap blocks and reservations (rules 2 and 3). A swap-backed virtual page
 * takes its block when it is created and keeps it until destroyed, so a
 * reservation and a block number are the same thing: the free FIFO holds
 * exactly the unreserved blocks.
 */
#include "refpager-internal.h"

int swap_init(unsigned int nr_blocks)
{
	return fifo_init(&rp.free_blocks, 0, nr_blocks);
}

void swap_fini(void)
{
	fifo_fini(&rp.free_blocks);
}

blkno_t swap_take(void)
{
	uint32_t b = fifo_pop(&rp.free_blocks);

	return b == UINT32_MAX ? NO_BLOCK : b;
}

void swap_release(blkno_t b)
{
	fifo_push(&rp.free_blocks, b);
}

uint32_t swap_nr_free(void)
{
	return fifo_len(&rp.free_blocks);
}
