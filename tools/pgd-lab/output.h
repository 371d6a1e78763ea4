/* SPDX-License-Identifier: MIT */
/*
 * pgd-lab's results as a table of cells: an aligned text table, CSV, or
 * JSON (an array of objects, one per row; numeric columns as numbers).
 */
#ifndef PGD_LAB_OUTPUT_H
#define PGD_LAB_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

enum output_format { OUTPUT_TABLE, OUTPUT_CSV, OUTPUT_JSON };

#define OUTPUT_CELL 32

struct output {
	unsigned int nr_cols;
	const char *const *header; /* nr_cols names */
	unsigned int first_numeric; /* columns from this one on are numbers */
	size_t nr_rows, cap;
	char (*cells)[OUTPUT_CELL]; /* row-major */
};

/* 0, or -1 out of memory: a new row whose cells the caller fills with
 * output_cell. A cell left empty has no value: "-" in the table, empty in
 * CSV, null in JSON. */
int output_row(struct output *o);
void output_cell(struct output *o, unsigned int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void output_print(const struct output *o, enum output_format f, FILE *out);
void output_free(struct output *o);

#endif
