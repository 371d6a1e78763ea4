/* SPDX-License-Identifier: MIT */
/*
 * Workload scripts (docs/workloads.md): the parsed form of a script and the
 * parser. The parser is a pure function of the text: no I/O, no global state;
 * it gives a program or one error that names the file, the line and the
 * problem. Sizes and addresses that depend on the page size are kept as
 * expressions and evaluated by the runner.
 */
#ifndef PGD_RUN_SCRIPT_H
#define PGD_RUN_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A size: bytes + pages * page_size ("3p+100"). */
struct script_size {
	uint64_t bytes;
	uint64_t pages;
};

enum script_base {
	SCRIPT_BASE_NONE,  /* a plain number */
	SCRIPT_BASE_ARENA, /* the arena base */
	SCRIPT_BASE_VAR,   /* a page variable */
};

/* An address: base + bytes + pages * page_size, modulo 2^64 (so "arena-1"
 * is just below the arena). */
struct script_addr {
	enum script_base base;
	unsigned int var; /* SCRIPT_BASE_VAR: index into script.vars */
	uint64_t bytes;
	uint64_t pages;
};

/* Bytes to write or to expect: a string (its NUL included) or one byte
 * repeated count times. */
struct script_value {
	bool is_string;
	uint8_t byte;
	struct script_size count;
	uint8_t *str; /* is_string: len bytes, the last one a NUL */
	size_t len;
};

enum script_op {
	SCRIPT_MAP_SWAP,
	SCRIPT_MAP_FILE,
	SCRIPT_WRITE,
	SCRIPT_READ,
	SCRIPT_FILL,
	SCRIPT_FORK,
	SCRIPT_YIELD,
	SCRIPT_EXIT,
};

enum script_expect {
	SCRIPT_EXPECT_OK,
	SCRIPT_EXPECT_MAP_NULL,
	SCRIPT_EXPECT_KILL,
	SCRIPT_EXPECT_FORK_FAIL,
};

struct script_proc;

struct script_step {
	enum script_op op;
	enum script_expect expect;
	unsigned int line;
	unsigned int var;          /* map: the variable it binds */
	struct script_addr addr;   /* map file: the name; read, write, fill: where */
	uint32_t block;            /* map file */
	bool has_value;            /* read: whether the bytes are checked */
	struct script_value value; /* read, write; fill: the byte */
	struct script_proc *child; /* fork: the child's steps */
};

/* A simulated process: a top-level program or the child of a fork. */
struct script_proc {
	char *name;
	unsigned int line;
	struct script_step *steps;
	size_t nr_steps;
};

/* A data file created in the run's private files directory. Byte o of it
 * is 'A' + (o / page_size) % 26. */
struct script_file {
	char *name;
	struct script_size size;
	unsigned int line;
};

struct script {
	unsigned int memory_pages; /* 0: the default */
	unsigned int swap_blocks;  /* 0: the default */
	uint64_t arena_pages;      /* 0: the default */
	uint64_t page_size;        /* bytes; 0: the default */
	struct script_file *files;
	size_t nr_files;
	char **vars; /* page variable names, in order of first mention */
	size_t nr_vars;
	struct script_proc *procs; /* the top-level processes, in attach order */
	size_t nr_procs;
};

/* Parse text (len bytes, need not be NUL-terminated). On success *out is a
 * new script (free with script_free) and 0 is returned. On error, err gets
 * "PATH:LINE: problem" and -EINVAL (or -ENOMEM) is returned. */
int script_parse(const char *path, const char *text, size_t len, struct script **out, char *err,
                 size_t errlen);
void script_free(struct script *s);

/* The largest page-size a script may set. */
#define SCRIPT_MAX_PAGE_SIZE (1ul << 30)
/* Whether a script's page-size line may say v: pagerd's rule (a power of
 * two, a multiple of the host's page size) up to SCRIPT_MAX_PAGE_SIZE, so
 * that the parser, and a tool writing scripts, can name what is wrong. */
bool script_page_size_ok(uint64_t v);

/* Evaluate with the run's page size. Sizes fail (-ERANGE) on overflow. */
int script_size_eval(const struct script_size *sz, size_t page_size, uint64_t *out);
uintptr_t script_addr_eval(const struct script_addr *a, uintptr_t var_value, uintptr_t arena_base,
                           size_t page_size);

#endif
