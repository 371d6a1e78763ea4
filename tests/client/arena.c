/* SPDX-License-Identifier: MIT */
/*
 * A program that maps every page of its arena, checks that the never-written
 * pages read as zeros, writes a word of its own into each page and reads
 * them all back, under whatever geometry pagerd gives it. It counts its
 * kernel mappings (VMAs) inside the arena in /proc/self/maps along the way
 * and writes the largest count of each phase to the file named by its
 * argument ("mapped N", "touched N", "verified N"). Exits non-zero on a
 * wrong byte or address.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pagerd/client.h"

/* Pages between two counts of the mappings. */
#define ARENA_COUNT_EVERY 1024

static uintptr_t arena_base;
static size_t arena_size, arena_page_size, arena_pages;

/* Mappings of this process that overlap the arena. */
static unsigned int arena_vmas(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	uintptr_t start, end;
	unsigned int n = 0;

	if (!f) {
		perror("arena: /proc/self/maps");
		exit(1);
	}
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &start, &end) == 2 &&
		    start < arena_base + arena_size && end > arena_base)
			n++;
	fclose(f);
	return n;
}

/* After page i of a phase: every ARENA_COUNT_EVERY pages, and at the end. */
static void arena_count(size_t i, unsigned int *max)
{
	unsigned int n;

	if ((i + 1) % ARENA_COUNT_EVERY && i + 1 < arena_pages)
		return;
	n = arena_vmas();
	if (n > *max)
		*max = n;
}

static volatile uint32_t *arena_page(size_t i)
{
	return (volatile uint32_t *)(arena_base + i * arena_page_size);
}

/* The word page i holds once written, and where in the page. */
static uint32_t arena_word(size_t i)
{
	return (uint32_t)i * 2654435761u + 1;
}

static size_t arena_slot(size_t i)
{
	return i % (arena_page_size / sizeof(uint32_t));
}

static void arena_fail(const char *what, size_t i)
{
	fprintf(stderr, "arena: %s at page %zu\n", what, i);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned int mapped = 0, touched = 0, verified = 0;
	FILE *report;

	if (argc != 2 || pgd_attach())
		return 1;
	arena_base = (uintptr_t)pgd_arena_base();
	arena_size = pgd_arena_size();
	arena_page_size = pgd_page_size();
	arena_pages = arena_size / arena_page_size;
	for (size_t i = 0; i < arena_pages; i++) {
		if (pgd_map(NULL, 0) != (void *)arena_page(i))
			arena_fail("vm_map did not return the next page", i);
		arena_count(i, &mapped);
	}
	for (size_t i = 0; i < arena_pages; i++)
		if (arena_page(i)[0] || arena_page(i)[arena_slot(i)])
			arena_fail("a never-written page does not read as zeros", i);
	for (size_t i = 0; i < arena_pages; i++) {
		arena_page(i)[arena_slot(i)] = arena_word(i);
		arena_count(i, &touched);
	}
	for (size_t i = 0; i < arena_pages; i++) {
		if (arena_page(i)[arena_slot(i)] != arena_word(i) ||
		    (arena_slot(i) && arena_page(i)[0]))
			arena_fail("a page did not come back as written", i);
		arena_count(i, &verified);
	}
	report = fopen(argv[1], "w");
	if (!report)
		return 1;
	fprintf(report, "mapped %u\ntouched %u\nverified %u\n", mapped, touched, verified);
	return fclose(report) ? 1 : 0;
}
