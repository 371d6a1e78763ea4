/* SPDX-License-Identifier: MIT */
/* The table of trace formats, and reading and writing files (tracefmt.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "slurp.h"
#include "tracefmt-internal.h"

struct tracefmt_entry {
	const char *name;
	tracefmt_reader *read;	/* NULL if pgd-lab cannot read it */
	tracefmt_writer *write; /* NULL if pgd-lab cannot write it */
};

/* By enum tracefmt, from TRACEFMT_TEXT. */
static const struct tracefmt_entry tracefmt_table[] = {
    {"text", tracefmt_read_text, tracefmt_write_text},
    {"csv", tracefmt_read_csv, tracefmt_write_csv},
    {"oracle", tracefmt_read_oracle, tracefmt_write_oracle},
    {"ostep", tracefmt_read_ostep, tracefmt_write_ostep},
    {"record", tracefmt_read_record, NULL},
    {"pgd", NULL, tracefmt_write_pgd},
};

#define TRACEFMT_NR (sizeof(tracefmt_table) / sizeof(tracefmt_table[0]))

static const struct tracefmt_entry *tracefmt_entry(enum tracefmt fmt)
{
	unsigned int i = (unsigned int)fmt - TRACEFMT_TEXT;

	return i < TRACEFMT_NR ? &tracefmt_table[i] : NULL;
}

int tracefmt_parse(const char *name)
{
	for (unsigned int i = 0; i < TRACEFMT_NR; i++)
		if (!strcmp(name, tracefmt_table[i].name))
			return TRACEFMT_TEXT + (int)i;
	return -1;
}

const char *tracefmt_names(void)
{
	static char names[128];

	if (!names[0])
		for (unsigned int i = 0; i < TRACEFMT_NR; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", tracefmt_table[i].name);
	return names;
}

static bool tracefmt_ends(const char *name, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && !strncmp(name + n - k, suffix, k);
}

static bool tracefmt_zst(const char *name)
{
	return tracefmt_ends(name, strlen(name), ".zst");
}

/* By the name, .zst aside. */
enum tracefmt tracefmt_by_name(const char *name)
{
	size_t n = strlen(name) - (tracefmt_zst(name) ? 4 : 0);

	if (strstr(name, "oracleGeneral"))
		return TRACEFMT_ORACLE;
	if (tracefmt_ends(name, n, ".csv"))
		return TRACEFMT_CSV;
	if (tracefmt_ends(name, n, ".pgd"))
		return TRACEFMT_PGD;
	return TRACEFMT_TEXT;
}

uint64_t tracefmt_page_size(const struct tracefmt_opts *o)
{
	return o && o->page_size ? o->page_size : 1;
}

int tracefmt_read_mem(const char *name, const char *data, size_t len, enum tracefmt fmt,
		      const struct tracefmt_opts *o, struct trace *t, char *err, size_t errlen)
{
	struct tracefmt_src src = {.name = name,
				   .data = data,
				   .len = len,
				   .page_size = tracefmt_page_size(o),
				   .err = err,
				   .errlen = errlen};
	const struct tracefmt_entry *e;
	char *plain = NULL;
	int ret;

	trace_init(t);
	if (tracefmt_zst(name)) {
		if (zst_decompress(name, data, len, &plain, &src.len, err, errlen))
			return -1;
		src.data = plain;
	}
	/* a recording by its header, whatever its name */
	if (fmt == TRACEFMT_AUTO && src.len >= 8 && !memcmp(src.data, RECORD_MAGIC, 8))
		fmt = TRACEFMT_RECORD;
	e = tracefmt_entry(fmt == TRACEFMT_AUTO ? tracefmt_by_name(name) : fmt);
	if (!e || !e->read) {
		if (e)
			snprintf(err, errlen, "%s: pgd-lab cannot read %s files as traces", name, e->name);
		else
			snprintf(err, errlen, "%s: format %d is unknown", name, (int)fmt);
		free(plain);
		return -1;
	}
	ret = e->read(&src, t);
	if (ret)
		trace_free(t);
	free(plain);
	return ret;
}

int tracefmt_read(const char *path, enum tracefmt fmt, const struct tracefmt_opts *o,
		  struct trace *t, char *err, size_t errlen)
{
	char *data;
	size_t len;
	int ret = slurp(path, &data, &len);

	if (ret) {
		trace_init(t);
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return -1;
	}
	ret = tracefmt_read_mem(path, data, len, fmt, o, t, err, errlen);
	free(data);
	return ret;
}

int tracefmt_write_stream(FILE *f, enum tracefmt fmt, const struct tracefmt_opts *o,
			  const struct trace *t)
{
	const struct tracefmt_entry *e = tracefmt_entry(fmt);
	const struct tracefmt_opts none = {0};
	uint64_t *keys;
	int ret;

	if (!e || !e->write)
		return -EINVAL;
	keys = trace_keys(t);
	if (!keys)
		return -ENOMEM;
	ret = e->write(f, t, keys, o ? o : &none);
	free(keys);
	return ret;
}

/* Compress the whole of what was written to buf and write it to f. */
static int tracefmt_write_zst(FILE *f, const char *buf, size_t len)
{
	char *z = NULL;
	size_t zlen = 0;
	int ret = zst_compress(buf, len, &z, &zlen);

	if (!ret && fwrite(z, 1, zlen, f) != zlen)
		ret = -EIO;
	free(z);
	return ret;
}

int tracefmt_write(const char *path, enum tracefmt fmt, const struct tracefmt_opts *o,
		   const struct trace *t, char *err, size_t errlen)
{
	bool std = !strcmp(path, "-"), zst = tracefmt_zst(path);
	const struct tracefmt_entry *e;
	FILE *f, *mem = NULL;
	char *buf = NULL;
	size_t len = 0;
	int ret;

	if (fmt == TRACEFMT_AUTO)
		fmt = tracefmt_by_name(path);
	e = tracefmt_entry(fmt);
	if (!e || !e->write) {
		snprintf(err, errlen, "%s: pgd-lab cannot write %s traces", path,
			 e ? e->name : "these");
		return -1;
	}
	if (fmt == TRACEFMT_PGD && zst) {
		snprintf(err, errlen, "%s: pgd-run reads no compressed scripts", path);
		return -1;
	}
	f = std ? stdout : fopen(path, "wb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	mem = zst ? open_memstream(&buf, &len) : NULL;
	ret = zst && !mem ? -ENOMEM : tracefmt_write_stream(zst ? mem : f, fmt, o, t);
	if (mem && fclose(mem) && !ret)
		ret = -ENOMEM;
	if (zst && !ret)
		ret = tracefmt_write_zst(f, buf, len);
	free(buf);
	if (std ? fflush(f) : fclose(f))
		ret = ret ? ret : -errno;
	if (ret == -ERANGE)
		snprintf(err, errlen, "%s: a page number times the page size (%llu) is too large "
			 "for an address", path, (unsigned long long)tracefmt_page_size(o));
	else if (ret)
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
	return ret ? -1 : 0;
}
