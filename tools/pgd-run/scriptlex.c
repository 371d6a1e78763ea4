/* SPDX-License-Identifier: MIT */
/*
 * Lexical rules of workload scripts: splitting a line into words (quoted
 * strings, character literals, '#' comments) and reading numbers, sizes,
 * addresses and byte values out of words. Every length is explicit, so
 * arbitrary bytes (NULs included) are handled without reading past the end.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scriptlex.h"

static bool lex_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int lex_fail(char *msg, const char *what, const char *text, size_t len)
{
	snprintf(msg, LEX_MSG_MAX, "%s '%.*s'", what, (int)(len > 40 ? 40 : len), text);
	return -EINVAL;
}

static int lex_hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one character at *p (an escape if it starts with a backslash) and
 * advance *p past it. */
static int lex_unescape(const char **p, const char *end, uint8_t *out, char *msg)
{
	const char *s = *p;

	if (*s != '\\') {
		*out = (uint8_t)*s;
		*p = s + 1;
		return 0;
	}
	if (end - s < 2) {
		snprintf(msg, LEX_MSG_MAX, "backslash at the end of a string");
		return -EINVAL;
	}
	switch (s[1]) {
	case '\\':
	case '"':
	case '\'':
		*out = (uint8_t)s[1];
		break;
	case 'n':
		*out = '\n';
		break;
	case 't':
		*out = '\t';
		break;
	case '0':
		*out = 0;
		break;
	case 'x':
		if (end - s < 4 || lex_hexdigit(s[2]) < 0 || lex_hexdigit(s[3]) < 0)
			return lex_fail(msg, "bad \\x escape (two hex digits needed) in", s,
			                (size_t)(end - s));
		*out = (uint8_t)(lex_hexdigit(s[2]) * 16 + lex_hexdigit(s[3]));
		*p = s + 4;
		return 0;
	default:
		return lex_fail(msg, "unknown escape", s, 2);
	}
	*p = s + 2;
	return 0;
}

/* A quoted string starting at *p (the opening quote): decoded into dst, *p
 * moved past the closing quote. */
static int lex_string(const char **p, const char *end, char *dst, size_t *dlen, char *msg)
{
	const char *s = *p + 1;

	*dlen = 0;
	while (s < end && *s != '"') {
		uint8_t c;

		if (lex_unescape(&s, end, &c, msg))
			return -EINVAL;
		dst[(*dlen)++] = (char)c;
	}
	if (s == end) {
		snprintf(msg, LEX_MSG_MAX, "string not closed with '\"'");
		return -EINVAL;
	}
	*p = s + 1;
	return 0;
}

/* A bare word: up to white space or '#', with 'c' literals taken whole. */
static int lex_bare(const char **p, const char *end, char *msg)
{
	const char *s = *p;

	while (s < end && !lex_space(*s) && *s != '#') {
		if (*s == '"')
			return lex_fail(msg, "quote inside the word", *p, (size_t)(end - *p));
		if (*s++ != '\'')
			continue;
		if (s < end && *s == '\\')
			s++;
		if (s < end)
			s++;
		if (s >= end || *s != '\'')
			return lex_fail(msg, "character literal not closed in", *p,
			                (size_t)(end - *p));
		s++;
	}
	*p = s;
	return 0;
}

int lex_split(const char *line, size_t len, struct lex_line *out, char *msg)
{
	const char *p = line, *end = line + len;
	char *dst;

	*out = (struct lex_line){0};
	if (memchr(line, '\0', len)) {
		snprintf(msg, LEX_MSG_MAX, "NUL byte in the line");
		return -EINVAL;
	}
	out->buf = malloc(len + 1);
	if (!out->buf) {
		snprintf(msg, LEX_MSG_MAX, "out of memory");
		return -ENOMEM;
	}
	dst = out->buf;
	for (;;) {
		struct lex_word *w;

		while (p < end && lex_space(*p))
			p++;
		if (p == end || *p == '#')
			return 0;
		if (out->nr_words == LEX_MAX_WORDS) {
			snprintf(msg, LEX_MSG_MAX, "more than %d words", LEX_MAX_WORDS);
			goto out_free;
		}
		w = &out->words[out->nr_words++];
		if (*p == '"') {
			if (lex_string(&p, end, dst, &w->len, msg))
				goto out_free;
			w->text = dst;
			w->quoted = true;
			dst += w->len;
			if (p < end && !lex_space(*p) && *p != '#') {
				snprintf(msg, LEX_MSG_MAX, "text right after a closing quote");
				goto out_free;
			}
		} else {
			w->text = p;
			if (lex_bare(&p, end, msg))
				goto out_free;
			w->len = (size_t)(p - w->text);
		}
	}
out_free:
	lex_line_free(out);
	return -EINVAL;
}

void lex_line_free(struct lex_line *l)
{
	free(l->buf);
	l->buf = NULL;
}

int lex_lines(const char *text, size_t len, unsigned int *line, char *msg,
              int (*fn)(const struct lex_line *l, void *arg), void *arg)
{
	const char *p = text, *end = text + len;
	int err = 0;

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct lex_line l;

		++*line;
		err = lex_split(p, n, &l, msg);
		if (!err) {
			err = fn(&l, arg);
			lex_line_free(&l);
		}
		p += n + 1;
	}
	return err;
}

bool lex_is(const struct lex_word *w, const char *keyword)
{
	return !w->quoted && w->len == strlen(keyword) && !memcmp(w->text, keyword, w->len);
}

static bool lex_name_char(char c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

static size_t lex_name_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && lex_name_char(s[n], n == 0))
		n++;
	return n;
}

bool lex_is_name(const struct lex_word *w)
{
	return !w->quoted && w->len && lex_name_len(w->text, w->len) == w->len;
}

/* A number in s[0..len): decimal or 0x hex, no sign. */
static int lex_number(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int base = 10;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		len -= 2;
	}
	if (!len)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		int d = lex_hexdigit(s[i]);

		if (d < 0 || (unsigned int)d >= base || v > (UINT64_MAX - (uint64_t)d) / base)
			return -EINVAL;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

int lex_u64(const struct lex_word *w, uint64_t max, uint64_t *out, char *msg)
{
	if (w->quoted || lex_number(w->text, w->len, out))
		return lex_fail(msg, "not a number:", w->text, w->len);
	if (*out > max) {
		snprintf(msg, LEX_MSG_MAX, "%.*s is larger than %llu",
		         (int)(w->len > 40 ? 40 : w->len), w->text, (unsigned long long)max);
		return -EINVAL;
	}
	return 0;
}

/* One size term, NUMBER or NUMBERp, added (sign +1) or subtracted (-1,
 * wrapping: addresses only) into bytes or pages. */
static int lex_term(const char *s, size_t len, int sign, uint64_t *bytes, uint64_t *pages)
{
	uint64_t v, *acc = bytes;

	if (len && s[len - 1] == 'p') {
		acc = pages;
		len--;
	}
	if (lex_number(s, len, &v))
		return -EINVAL;
	if (sign < 0) {
		*acc -= v;
		return 0;
	}
	return __builtin_add_overflow(*acc, v, acc) ? -ERANGE : 0;
}

/* Length of the term at s: up to the next '+' or '-' (not inside 0x...). */
static size_t lex_term_len(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && s[n] != '+' && s[n] != '-')
		n++;
	return n;
}

int lex_size(const struct lex_word *w, struct script_size *out, char *msg)
{
	const char *s = w->text;
	size_t left = w->len;

	*out = (struct script_size){0};
	if (w->quoted || !left)
		return lex_fail(msg, "not a size:", w->text, w->len);
	for (;;) {
		size_t n = lex_term_len(s, left);

		if (lex_term(s, n, 1, &out->bytes, &out->pages))
			return lex_fail(msg, "not a size (N, Np or sums of them):", w->text,
			                w->len);
		if (n == left)
			return 0;
		if (s[n] != '+')
			return lex_fail(msg, "a size cannot subtract:", w->text, w->len);
		s += n + 1;
		left -= n + 1;
	}
}

int lex_addr(const struct lex_word *w, int (*name_index)(const char *, size_t, void *), void *ctx,
             struct script_addr *out, char *msg)
{
	const char *s = w->text;
	size_t left = w->len, n;
	int sign = 1;

	*out = (struct script_addr){.base = SCRIPT_BASE_NONE};
	if (w->quoted || !left)
		return lex_fail(msg, "not an address:", w->text, w->len);
	n = lex_name_len(s, left);
	if (n) {
		int var;

		if (n == 5 && !memcmp(s, "arena", 5)) {
			out->base = SCRIPT_BASE_ARENA;
		} else {
			var = name_index(s, n, ctx);
			if (var < 0)
				return lex_fail(msg, "no page variable", s, n);
			out->base = SCRIPT_BASE_VAR;
			out->var = (unsigned int)var;
		}
		if (n == left)
			return 0;
		if (s[n] != '+' && s[n] != '-')
			return lex_fail(msg, "not an address:", w->text, w->len);
		sign = s[n] == '+' ? 1 : -1;
		s += n + 1;
		left -= n + 1;
	}
	for (;;) {
		n = lex_term_len(s, left);
		if (lex_term(s, n, sign, &out->bytes, &out->pages))
			return lex_fail(msg, "not an address (VAR, arena or N, then +/- N or Np):",
			                w->text, w->len);
		if (n == left)
			return 0;
		sign = s[n] == '+' ? 1 : -1;
		s += n + 1;
		left -= n + 1;
	}
}

int lex_byte(const struct lex_word *w, uint8_t *out, char *msg)
{
	uint64_t v;

	if (!w->quoted && w->len >= 3 && w->text[0] == '\'') {
		const char *p = w->text + 1, *end = w->text + w->len;

		if (lex_unescape(&p, end, out, msg))
			return -EINVAL;
		if (p != end - 1 || *p != '\'')
			return lex_fail(msg, "bad character literal", w->text, w->len);
		return 0;
	}
	if (lex_u64(w, 255, &v, msg))
		return lex_fail(msg, "not a byte (0-255 or 'c'):", w->text, w->len);
	*out = (uint8_t)v;
	return 0;
}

int lex_value(const struct lex_word *w, struct script_value *out, char *msg)
{
	struct lex_word byte = *w;
	const char *star;

	*out = (struct script_value){.count = {.bytes = 1}};
	if (w->quoted) {
		out->is_string = true;
		out->len = w->len + 1;
		out->str = malloc(out->len);
		if (!out->str) {
			snprintf(msg, LEX_MSG_MAX, "out of memory");
			return -ENOMEM;
		}
		memcpy(out->str, w->text, w->len);
		out->str[w->len] = 0;
		return 0;
	}
	/* The '*' after the byte: past a leading character literal. */
	star = memchr(w->text + (w->len >= 3 && w->text[0] == '\'' ? 3 : 0), '*',
	              w->len >= 3 && w->text[0] == '\'' ? w->len - 3 : w->len);
	if (star) {
		struct lex_word count = {.text = star + 1,
		                         .len = (size_t)(w->text + w->len - star - 1)};

		byte.len = (size_t)(star - w->text);
		if (lex_size(&count, &out->count, msg))
			return -EINVAL;
	}
	return lex_byte(&byte, &out->byte, msg);
}
