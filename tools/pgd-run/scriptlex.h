/* SPDX-License-Identifier: MIT */
/*
 * The words of one script line and the small grammars inside them: numbers,
 * names, byte values, sizes and addresses (docs/workloads.md, "Lexical
 * rules"). Internal to the script parser; every function is pure and either
 * fills its result or writes a problem into msg and returns -EINVAL.
 */
#ifndef PGD_RUN_SCRIPTLEX_H
#define PGD_RUN_SCRIPTLEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "script.h"

#define LEX_MAX_WORDS 8
#define LEX_MSG_MAX   160

/* A word: raw text, or a "quoted string" decoded into the line's buffer. */
struct lex_word {
	const char *text; /* not NUL-terminated */
	size_t len;
	bool quoted;
};

/* One line split into words. buf holds decoded strings (line length bytes). */
struct lex_line {
	struct lex_word words[LEX_MAX_WORDS];
	size_t nr_words;
	char *buf;
};

int lex_split(const char *line, size_t len, struct lex_line *out, char *msg);
void lex_line_free(struct lex_line *l);
/* Split each line of text (len bytes) and pass it to fn(l, arg), counting
 * lines in *line; stop at the first error, of lex_split (msg says what) or
 * of fn, with *line the number of that line. 0 or the error. */
int lex_lines(const char *text, size_t len, unsigned int *line, char *msg,
              int (*fn)(const struct lex_line *l, void *arg), void *arg);

bool lex_is(const struct lex_word *w, const char *keyword);
/* A name: [A-Za-z_][A-Za-z0-9_.-]*. */
bool lex_is_name(const struct lex_word *w);
int lex_u64(const struct lex_word *w, uint64_t max, uint64_t *out, char *msg);
int lex_size(const struct lex_word *w, struct script_size *out, char *msg);
/* name_index(name, len, ctx) gives a variable's index, or -1 for an unknown
 * variable (msg is then set by lex_addr). */
int lex_addr(const struct lex_word *w, int (*name_index)(const char *, size_t, void *), void *ctx,
             struct script_addr *out, char *msg);
/* A value: BYTE, BYTE*SIZE or a quoted string; BYTE is a number up to 255 or
 * a character literal 'c'. A string value is copied (malloc). */
int lex_value(const struct lex_word *w, struct script_value *out, char *msg);
int lex_byte(const struct lex_word *w, uint8_t *out, char *msg);

#endif
