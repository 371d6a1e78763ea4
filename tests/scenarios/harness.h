/* SPDX-License-Identifier: MIT */
/*
 * The scenario harness: every test gets a private directory (mkdtemp) for its
 * data files and the swap file, an in-memory event log and the reference pager
 * with vm_check after every call, driven through the in-process MMU.
 * harness_finish stops the machine and compares the whole log with an
 * expected log written by hand from semantics.md and design.md section 1,
 * printing a line diff on mismatch. The L_* macros spell the log lines of
 * semantics.md section 3, so that expected logs read like the spec.
 */
#ifndef PAGERD_TESTS_SCENARIO_HARNESS_H
#define PAGERD_TESTS_SCENARIO_HARNESS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "inproc.h"
#include "machine.h"

/* Default geometry: 64 KiB pages, arena at 0x600000000 (vpage 0x60000). */
#define PAGE_SIZE_DEFAULT ((size_t)PGD_DEFAULT_PAGE_SIZE)
#define ARENA_PAGE(n)     ((uintptr_t)PGD_DEFAULT_ARENA_BASE + (uintptr_t)(n)*PAGE_SIZE_DEFAULT)

/* The launcher's pid: attached programs get 1001, 1002, ... */
#define LAUNCHER 1000

/* One line each, as in semantics.md section 3. */
#define L_STARTED(n)            "Pager started with " #n " physical memory pages\n"
#define L_CREATE(parent, child) "vm_create\t(" #parent ", " #child ")\n"
#define L_CREATE_RET(ret)       "vm_create returned " #ret "\n"
#define L_SWITCH(pid)           "vm_switch\t(" #pid ")\n"
#define L_MAP(name_addr, block) "vm_map\t\t(" #name_addr ", " #block ")\n"
#define L_MAP_RET(addr)         "vm_map returned " #addr "\n"
#define L_FAULT_R(addr)         "vm_fault\t(" #addr ", read)\n"
#define L_FAULT_W(addr)         "vm_fault\t(" #addr ", write)\n"
#define L_FAULT_RET(ret)        "vm_fault returned " #ret "\n"
#define L_READ(file, block)     "file_read\t(" file ", " #block ")\n"
#define L_WRITE(file, block)    "file_write\t(" file ", " #block ")\n"
#define SWAP                    "<swap>"
#define L_NOENT                 "open: No such file or directory\n"
#define L_RANGE                 "block out of range\n"
#define L_DESTROY               "vm_destroy\n"
#define L_TABLE(pid)            "\t\t\t\t\treturning to (" #pid ") with r|w pages:\n"
#define L_R(vpage, ppage)       "\t\t\t\t\tr\tvpage " #vpage "\tppage " #ppage "\n"
#define L_RW(vpage, ppage)      "\t\t\t\t\trw\tvpage " #vpage "\tppage " #ppage "\n"
/* design.md C7: the '#' line of a clean shutdown, then one '#' line per
 * page it writes back (semantics.md section 3: lines beyond the format). */
#define L_SHUTDOWN "# shutdown: writing back dirty file-backed pages\n"
#define L_SHUTDOWN_WRITE(file, block) "# file_write\t(" file ", " #block ")\n"

/* One scenario. Owned by the test's thread (the only one). */
struct harness {
	char dir[64];              /* data files and the swap file (mkdtemp) */
	struct machine_config cfg; /* defaults; the test adjusts it before start */
	FILE *log;                 /* open_memstream over log_buf until finish */
	char *log_buf;
	size_t log_len;
	bool running; /* between harness_start and harness_finish */
};

/* cmocka setup and teardown: *state is a struct harness. */
int harness_setup(void **state);
int harness_teardown(void **state);
#define HARNESS_TEST(f) cmocka_unit_test_setup_teardown(f, harness_setup, harness_teardown)

/* A data file of len bytes in the files directory; its byte at offset is
 * harness_file_byte(seed, offset). */
void harness_file(struct harness *h, const char *name, size_t len, uint8_t seed);
uint8_t harness_file_byte(uint8_t seed, size_t offset);
/* The file most scenarios map: two pages, seed 1. */
#define DATA1 "data1.bin"
void harness_make_data1(struct harness *h);
/* The byte at offset of the real file, as it is now. */
uint8_t harness_file_now(struct harness *h, const char *name, size_t offset);

/* inproc_start with h->cfg, launcher pid LAUNCHER. */
void harness_start(struct harness *h);
/* inproc_stop, then the whole log must equal expected. */
void harness_finish(struct harness *h, const char *expected);
/* A log must equal expected; else print a diff and fail. */
void harness_compare(const char *expected, const char *actual, size_t actual_len);

/* Accesses by the running process that must succeed. */
void harness_store(uintptr_t addr, uint8_t value);
void harness_store_str(uintptr_t addr, const char *s);
uint8_t harness_load(uintptr_t addr);
/* A load that the pager refuses: the process is killed. */
void harness_load_killed(uintptr_t addr);
/* The whole page at addr reads as block `block` of a file made with seed. */
void harness_expect_file_page(uintptr_t addr, uint8_t seed, unsigned int block);

#endif
