/* SPDX-License-Identifier: MIT */
/* Results as a text table, CSV or JSON (output.h). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

int output_row(struct output *o)
{
	if (o->nr_rows == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		char(*cells)[OUTPUT_CELL] = realloc(o->cells, cap * o->nr_cols * OUTPUT_CELL);

		if (!cells)
			return -1;
		o->cells = cells;
		o->cap = cap;
	}
	memset(o->cells[o->nr_rows * o->nr_cols], 0, o->nr_cols * OUTPUT_CELL);
	o->nr_rows++;
	return 0;
}

void output_cell(struct output *o, unsigned int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->cells[(o->nr_rows - 1) * o->nr_cols + col], OUTPUT_CELL, fmt, ap);
	va_end(ap);
}

static const char *output_at(const struct output *o, size_t row, unsigned int col)
{
	return o->cells[row * o->nr_cols + col];
}

static void output_table(const struct output *o, FILE *out)
{
	size_t width[64] = {0};

	for (unsigned int c = 0; c < o->nr_cols && c < 64; c++) {
		width[c] = strlen(o->header[c]);
		for (size_t r = 0; r < o->nr_rows; r++)
			if (strlen(output_at(o, r, c)) > width[c])
				width[c] = strlen(output_at(o, r, c));
	}
	for (size_t r = 0; r <= o->nr_rows; r++)
		for (unsigned int c = 0; c < o->nr_cols; c++) {
			const char *s = r ? output_at(o, r - 1, c) : o->header[c];

			s = *s ? s : "-";
			int w = (int)width[c < 64 ? c : 63];

			fprintf(out, c >= o->first_numeric ? "%*s" : "%-*s", w, s);
			fputs(c + 1 < o->nr_cols ? "  " : "\n", out);
		}
}

static void output_csv(const struct output *o, FILE *out)
{
	for (size_t r = 0; r <= o->nr_rows; r++)
		for (unsigned int c = 0; c < o->nr_cols; c++)
			fprintf(out, "%s%s", r ? output_at(o, r - 1, c) : o->header[c],
				c + 1 < o->nr_cols ? "," : "\n");
}

static void output_json(const struct output *o, FILE *out)
{
	fputs("[", out);
	for (size_t r = 0; r < o->nr_rows; r++) {
		fputs(r ? ",\n {" : "{", out);
		for (unsigned int c = 0; c < o->nr_cols; c++) {
			const char *s = output_at(o, r, c);

			fprintf(out,
				!*s			 ? "%s\"%s\": null"
				: c >= o->first_numeric ? "%s\"%s\": %s"
							 : "%s\"%s\": \"%s\"",
				c ? ", " : "", o->header[c], s);
		}
		fputs("}", out);
	}
	fputs("]\n", out);
}

void output_print(const struct output *o, enum output_format f, FILE *out)
{
	if (f == OUTPUT_CSV)
		output_csv(o, out);
	else if (f == OUTPUT_JSON)
		output_json(o, out);
	else
		output_table(o, out);
}

void output_free(struct output *o)
{
	free(o->cells);
	o->cells = NULL;
	o->nr_rows = o->cap = 0;
}
