/* SPDX-License-Identifier: MIT */
/* Encoding and decoding of recordings (record.h), little-endian. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "record.h"

static void record_put(unsigned char *b, uint64_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		b[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t record_get(const unsigned char *b, unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

/* All of n bytes, retrying after a signal. */
static int record_write_all(int fd, const unsigned char *b, size_t n)
{
	ssize_t w;

	do
		w = write(fd, b, n);
	while (w < 0 && errno == EINTR);
	if (w < 0)
		return -errno;
	return (size_t)w == n ? 0 : -EIO;
}

int record_write_header(int fd, uint32_t page_size)
{
	unsigned char b[RECORD_HEADER_SIZE] = {0};

	memcpy(b, RECORD_MAGIC, 8);
	record_put(b + 8, page_size, 4);
	return record_write_all(fd, b, sizeof(b));
}

int record_append(int fd, const struct record *r)
{
	unsigned char b[RECORD_SIZE] = {0};

	record_put(b, r->pid, 4);
	b[4] = r->write;
	b[5] = r->kind;
	record_put(b + 8, r->vpage, 8);
	return record_write_all(fd, b, sizeof(b));
}

int record_decode_header(const unsigned char *b, uint32_t *page_size)
{
	if (memcmp(b, RECORD_MAGIC, 8) || record_get(b + 12, 4))
		return -1;
	*page_size = (uint32_t)record_get(b + 8, 4);
	return 0;
}

int record_decode(const unsigned char *b, struct record *r)
{
	if (b[4] > 1 || b[5] > RECORD_FILE || b[6] || b[7])
		return -1;
	r->pid = (uint32_t)record_get(b, 4);
	r->write = b[4];
	r->kind = b[5];
	r->vpage = record_get(b + 8, 8);
	return 0;
}
