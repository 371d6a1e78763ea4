/* SPDX-License-Identifier: MIT */
/*
 * Pager statistics: event counters (per process: the events its own calls
 * caused) and gauges of what is held now. Kept by the reference pager;
 * printed as '#' lines at the end of a run and served as JSON.
 */
#ifndef PAGERD_STATS_H
#define PAGERD_STATS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct pgd_stats {
	/* Faults resolved, by what they needed. */
	uint64_t faults_zero_fill;  /* first write to a never-written page */
	uint64_t faults_swap_in;    /* read back from swap */
	uint64_t faults_file_in;    /* read from a file */
	uint64_t faults_cow_copy;   /* copy-on-write split */
	uint64_t faults_permission; /* resident: only the bits changed */
	uint64_t faults_failed;	    /* vm_fault returned -1 */
	uint64_t evictions_clean;
	uint64_t evictions_dirty;
	uint64_t swap_reads;
	uint64_t swap_writes;
	uint64_t file_reads;
	uint64_t file_writes;
	/* Gauges. */
	uint64_t pages_mapped;	  /* valid arena pages (global: all processes) */
	uint64_t blocks_reserved; /* swap blocks held */
	uint64_t frames_resident; /* process: its pages that are resident */
	uint64_t frames_ghost;	  /* global only */
	uint64_t frames_free;	  /* global only */
};

#ifdef __cplusplus
}
#endif

#endif
