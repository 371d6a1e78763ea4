/* SPDX-License-Identifier: MIT */
/*
 * Curves drawn by gnuplot (Debian's gnuplot-nox): pgd-lab writes a script
 * with the table inline and runs gnuplot on it; it draws no pixel itself.
 */
#ifndef PGD_LAB_PLOT_H
#define PGD_LAB_PLOT_H

#include "output.h"

/* The gnuplot that --plot runs: $PGD_GNUPLOT, else /usr/bin/gnuplot. */
const char *plot_gnuplot(void);
/* Whether path can be drawn (an .svg or .png name, gnuplot there): 0, or
 * -1 with a message on stderr. plot_draw checks it too; mrc checks it
 * before a long run. */
int plot_check(const char *path);
/* Draw o (column 0 on x, every other column a curve) into path, an SVG
 * or a PNG by its name, titled title, axes named x and y. 0, or -1 with a
 * message on stderr naming path or gnuplot. */
int plot_draw(const struct output *o, const char *path, const char *title, const char *x,
	      const char *y);

#endif
