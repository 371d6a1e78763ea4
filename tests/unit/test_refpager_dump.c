/* SPDX-License-Identifier: MIT */
/*
 * The reference pager's frame-table dump (what pagerctl frames shows): a
 * state known by hand - a swap page shared copy-on-write by two processes,
 * a shared file page, a ghost - printed as text and as JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "inproc.h"
#include "refpager.h"

static char dir[32];

static int setup(void **state)
{
	struct machine_config cfg;
	char path[64];
	FILE *f;

	(void)state;
	strcpy(dir, "/tmp/pgd-dump-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/d\"1", dir); /* a name JSON must escape */
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < 2 * PGD_DEFAULT_PAGE_SIZE; i++)
		fputc('F', f);
	fclose(f);
	machine_config_defaults(&cfg);
	cfg.ops = &refpager_ops;
	cfg.files_dir = dir;
	cfg.check = true;
	assert_int_equal(inproc_start(&cfg, 1000), 0);
	return 0;
}

/* The same machine with the fifo policy, which has no hand. */
static int setup_fifo(void **state)
{
	struct policy_params params = {0};

	refpager_use_policy(&fifo_policy, &params);
	return setup(state);
}

/* With S3-FIFO, which describes its queues. */
static int setup_s3fifo(void **state)
{
	struct policy_params params = {0};

	refpager_use_policy(&s3fifo_policy, &params);
	return setup(state);
}

static int teardown(void **state)
{
	char path[64];

	(void)state;
	inproc_stop();
	snprintf(path, sizeof(path), "%s/d\"1", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

/* Back to the default policy, clock. */
static int teardown_policy(void **state)
{
	struct policy_params params = {0};

	refpager_use_policy(&clock_policy, &params);
	return teardown(state);
}

static char *dump(bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(machine_dump(out, json), 0);
	fclose(out);
	return buf;
}

/* 1001 maps a swap page (name in it) and file block 1, writes, forks 1002;
 * then 1003 maps block 0 of the same file, reads it and exits: a ghost. */
static void make_state(void)
{
	uintptr_t name, file;
	uint8_t b;

	assert_int_equal(inproc_attach(), 1001);
	name = inproc_map(0, 0);
	assert_int_equal(inproc_store_str(name, "d\"1"), 0);
	file = inproc_map(name, 1);
	assert_int_equal(inproc_load(file, &b), 0);
	assert_int_equal(inproc_fork(), 1002);
	inproc_exit(); /* 1001 exits; 1002 runs and keeps the shared pages */
	name = 0x600000000;
	file = inproc_map(name, 0);
	assert_int_equal(inproc_load(file, &b), 0);
}

static void test_refpager_dump_text(void **state)
{
	char *text;

	(void)state;
	make_state();
	text = dump(false);
	assert_string_equal(text,
			    "4 frames: 3 resident, 0 free; clock hand at frame 1\n"
			    "frame   state ref dirty backing and owners (pid:vpage)\n"
			    "0       zero  -   -     (pinned)\n"
			    /* C6: the holder 1001 left while the content was
			     * dirty in memory: 1002 keeps its own block 1 */
			    "1       swap  r   d     <swap> 1 1002:0x60000\n"
			    "2       file  r   -     d\"1 1 1002:0x60001\n"
			    "3       file  r   -     d\"1 0 1002:0x60002\n"
			    "clock queue (hand first): 1 2 3\n"
			    "swap: 256 blocks, 1 reserved, 255 free\n");
	free(text);
}

/* FIFO's order is arrival: frames 1, 2, 3 became resident in that order
 * (make_state); it has no hand, so the dump names its next candidate. */
static void test_refpager_dump_no_hand_for_fifo(void **state)
{
	char *text, *json;

	(void)state;
	make_state();
	text = dump(false);
	json = dump(true);
	assert_non_null(strstr(text, "3 resident, 0 free; fifo next candidate is frame 1\n"));
	assert_non_null(strstr(text, "\nfifo queue (next candidate first): 1 2 3\n"));
	assert_null(strstr(text, "hand"));
	assert_non_null(strstr(json, "\"fifo\":[1,2,3],\"policy\":{\"name\":\"fifo\",\"hand\":false}"));
	free(text);
	free(json);
}

/* S3-FIFO: the three pages of make_state entered S (none was a ghost),
 * nothing was evicted, so M and the ghosts are empty; its c is the most
 * frames resident so far, 3, and S's target c / 10, at least 1, is 1. */
static void test_refpager_dump_describes_s3fifo(void **state)
{
	char *text, *json;

	(void)state;
	make_state();
	text = dump(false);
	json = dump(true);
	assert_non_null(strstr(text, "\ns3-fifo queue (next candidate first): 1 2 3\n"
				     "s3-fifo: S 3 (target 1), M 0, ghosts 0\nswap:"));
	assert_non_null(strstr(json, "\"policy\":{\"name\":\"s3-fifo\",\"hand\":false,"
				     "\"describe\":\"S 3 (target 1), M 0, ghosts 0\"}"));
	free(text);
	free(json);
}

static void test_refpager_dump_json_escapes_and_ghosts(void **state)
{
	char *json;

	(void)state;
	make_state();
	inproc_exit(); /* 1002 gone: both file frames become ghosts */
	json = dump(true);
	assert_string_equal(
		json,
		"{\"frames\":[{\"frame\":0,\"state\":\"zero\",\"referenced\":false,\"dirty\":false,"
		"\"owners\":[]},"
		"{\"frame\":1,\"state\":\"free\",\"referenced\":false,\"dirty\":false,\"owners\":[]},"
		"{\"frame\":2,\"state\":\"file\",\"referenced\":true,\"dirty\":false,"
		"\"file\":\"d\\\"1\",\"block\":1,\"ghost\":true,\"owners\":[]},"
		"{\"frame\":3,\"state\":\"file\",\"referenced\":true,\"dirty\":false,"
		"\"file\":\"d\\\"1\",\"block\":0,\"ghost\":true,\"owners\":[]}],"
		"\"clock\":[2,3],\"policy\":{\"name\":\"clock\",\"hand\":true},\"swap\":{\"blocks\":256,\"reserved\":0,\"free\":256}}\n");
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_refpager_dump_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refpager_dump_json_escapes_and_ghosts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refpager_dump_no_hand_for_fifo, setup_fifo,
						teardown_policy),
		cmocka_unit_test_setup_teardown(test_refpager_dump_describes_s3fifo, setup_s3fifo,
						teardown_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
