/* SPDX-License-Identifier: MIT */
/*
 * The scenario harness (see harness.h): temporary files directory, in-memory
 * event log, machine start and stop, and the log comparison. On mismatch the
 * expected and actual logs are aligned by a longest-common-subsequence diff
 * of their lines, with tabs shown as \t, so a failure names the exact lines.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "refpager.h"

/* Beyond this many cells the diff gives up aligning and prints both sides. */
#define HARNESS_DIFF_MAX_CELLS (1u << 24)

int harness_setup(void **state)
{
	struct harness *h = calloc(1, sizeof(*h));

	if (!h)
		return -1;
	strcpy(h->dir, "/tmp/pgd-scenario-XXXXXX");
	if (!mkdtemp(h->dir))
		goto out_free;
	h->log = open_memstream(&h->log_buf, &h->log_len);
	if (!h->log)
		goto out_rmdir;
	machine_config_defaults(&h->cfg);
	h->cfg.ops = &refpager_ops;
	h->cfg.files_dir = h->dir;
	h->cfg.swap_dir = h->dir;
	h->cfg.log = h->log;
	h->cfg.check = true;
	*state = h;
	return 0;

out_rmdir:
	rmdir(h->dir);
out_free:
	free(h);
	return -1;
}

/* Remove the files directory and everything the test put in it. */
static void harness_remove_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *de;

	if (!dir)
		return;
	while ((de = readdir(dir)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dirfd(dir), de->d_name, 0);
	closedir(dir);
	rmdir(path);
}

int harness_teardown(void **state)
{
	struct harness *h = *state;

	if (h->running)
		inproc_stop();
	if (h->log)
		fclose(h->log);
	free(h->log_buf);
	harness_remove_dir(h->dir);
	free(h);
	return 0;
}

uint8_t harness_file_byte(uint8_t seed, size_t offset)
{
	return (uint8_t)(seed * 16u + (offset / PAGE_SIZE_DEFAULT) * 37u + offset % 251u);
}

void harness_file(struct harness *h, const char *name, size_t len, uint8_t seed)
{
	char path[sizeof(h->dir) + 256];
	uint8_t *buf = malloc(len ? len : 1);
	FILE *f;

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = harness_file_byte(seed, i);
	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(buf);
}

void harness_make_data1(struct harness *h)
{
	harness_file(h, DATA1, 2 * PAGE_SIZE_DEFAULT, 1);
}

uint8_t harness_file_now(struct harness *h, const char *name, size_t offset)
{
	char path[sizeof(h->dir) + 256];
	uint8_t byte = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", h->dir, name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &byte, 1, (off_t)offset), 1);
	close(fd);
	return byte;
}

void harness_start(struct harness *h)
{
	assert_int_equal(inproc_start(&h->cfg, LAUNCHER), 0);
	h->running = true;
}

/* The lines of a log: starts and lengths, without the newlines. */
struct harness_lines {
	size_t nr;
	const char **start;
	size_t *len;
};

static void harness_split(const char *text, size_t size, struct harness_lines *l)
{
	size_t cap = 1;

	for (size_t i = 0; i < size; i++)
		cap += text[i] == '\n';
	l->start = calloc(cap, sizeof(*l->start));
	l->len = calloc(cap, sizeof(*l->len));
	assert_true(l->start && l->len);
	l->nr = 0;
	for (size_t i = 0; i < size;) {
		const char *nl = memchr(text + i, '\n', size - i);
		size_t n = nl ? (size_t)(nl - (text + i)) : size - i;

		l->start[l->nr] = text + i;
		l->len[l->nr++] = n;
		i += n + 1;
	}
}

static bool harness_same(const struct harness_lines *a, size_t i, const struct harness_lines *b,
                         size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->start[i], b->start[j], a->len[i]);
}

/* One diff line: a marker, the line number on its side, the text with tabs
 * spelled \t. */
static void harness_print(char mark, size_t nr, const char *s, size_t len)
{
	fprintf(stderr, "%c%5zu  ", mark, nr + 1);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\t')
			fputs("\\t", stderr);
		else
			fputc(s[i], stderr);
	}
	fputc('\n', stderr);
}

/* Print expected (-) against actual (+) lines [e0, e1) and [a0, a1), aligned
 * on their longest common subsequence. */
static void harness_diff_middle(const struct harness_lines *e, size_t e0, size_t e1,
                                const struct harness_lines *a, size_t a0, size_t a1)
{
	size_t n = e1 - e0, m = a1 - a0, w = m + 1, i = 0, j = 0;
	uint32_t *lcs = NULL;

	if ((n + 1) * w <= HARNESS_DIFF_MAX_CELLS)
		lcs = calloc((n + 1) * w, sizeof(*lcs));
	if (!lcs) {
		for (i = e0; i < e1; i++)
			harness_print('-', i, e->start[i], e->len[i]);
		for (j = a0; j < a1; j++)
			harness_print('+', j, a->start[j], a->len[j]);
		return;
	}
	/* lcs[i][j]: the LCS length of the suffixes from e0 + i and a0 + j. */
	for (size_t x = n; x-- > 0;)
		for (size_t y = m; y-- > 0;)
			lcs[x * w + y] =
			    harness_same(e, e0 + x, a, a0 + y) ? lcs[(x + 1) * w + y + 1] + 1
			    : lcs[(x + 1) * w + y] >= lcs[x * w + y + 1] ? lcs[(x + 1) * w + y]
			                                                 : lcs[x * w + y + 1];
	while (i < n || j < m) {
		if (i < n && j < m && harness_same(e, e0 + i, a, a0 + j)) {
			harness_print(' ', e0 + i, e->start[e0 + i], e->len[e0 + i]);
			i++;
			j++;
		} else if (j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j])) {
			harness_print('+', a0 + j, a->start[a0 + j], a->len[a0 + j]);
			j++;
		} else {
			harness_print('-', e0 + i, e->start[e0 + i], e->len[e0 + i]);
			i++;
		}
	}
	free(lcs);
}

/* A diff of the two logs with three lines of context around the part that
 * differs. */
static void harness_diff(const char *expected, const char *actual, size_t actual_len)
{
	struct harness_lines e, a;
	size_t pre = 0, post = 0, ctx;

	harness_split(expected, strlen(expected), &e);
	harness_split(actual, actual_len, &a);
	while (pre < e.nr && pre < a.nr && harness_same(&e, pre, &a, pre))
		pre++;
	while (post < e.nr - pre && post < a.nr - pre &&
	       harness_same(&e, e.nr - 1 - post, &a, a.nr - 1 - post))
		post++;
	fprintf(stderr, "event log differs: - expected (by hand from the spec), + actual\n");
	for (ctx = pre > 3 ? pre - 3 : 0; ctx < pre; ctx++)
		harness_print(' ', ctx, e.start[ctx], e.len[ctx]);
	harness_diff_middle(&e, pre, e.nr - post, &a, pre, a.nr - post);
	for (ctx = e.nr - post; ctx < e.nr && ctx < e.nr - post + 3; ctx++)
		harness_print(' ', ctx, e.start[ctx], e.len[ctx]);
	free(e.start);
	free(e.len);
	free(a.start);
	free(a.len);
}

void harness_compare(const char *expected, const char *actual, size_t actual_len)
{
	if (actual_len == strlen(expected) && !memcmp(actual, expected, actual_len))
		return;
	harness_diff(expected, actual, actual_len);
	fail_msg("the event log is not the expected one (diff above)");
}

void harness_finish(struct harness *h, const char *expected)
{
	inproc_stop();
	h->running = false;
	assert_int_equal(fclose(h->log), 0);
	h->log = NULL;
	harness_compare(expected, h->log_buf, h->log_len);
}

void harness_store(uintptr_t addr, uint8_t value)
{
	assert_int_equal(inproc_store(addr, value), 0);
}

void harness_store_str(uintptr_t addr, const char *s)
{
	assert_int_equal(inproc_store_str(addr, s), 0);
}

uint8_t harness_load(uintptr_t addr)
{
	uint8_t byte = 0;

	assert_int_equal(inproc_load(addr, &byte), 0);
	return byte;
}

void harness_load_killed(uintptr_t addr)
{
	pid_t pid = inproc_running();
	uint8_t byte;

	assert_int_equal(inproc_load(addr, &byte), -EFAULT);
	assert_int_not_equal(inproc_running(), pid);
}

void harness_expect_file_page(uintptr_t addr, uint8_t seed, unsigned int block)
{
	uint8_t *page = malloc(PAGE_SIZE_DEFAULT);

	assert_non_null(page);
	assert_int_equal(inproc_read(addr, page, PAGE_SIZE_DEFAULT), 0);
	for (size_t i = 0; i < PAGE_SIZE_DEFAULT; i++)
		if (page[i] != harness_file_byte(seed, block * PAGE_SIZE_DEFAULT + i))
			fail_msg("byte %zu of the page at 0x%jx is 0x%02x, not block %u's 0x%02x",
			         i, (uintmax_t)addr, page[i], block,
			         harness_file_byte(seed, block * PAGE_SIZE_DEFAULT + i));
	free(page);
}
