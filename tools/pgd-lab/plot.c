/* SPDX-License-Identifier: MIT */
/* Drawing a table's curves with gnuplot (plot.h). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot.h"

#define PLOT_POINTS 200

const char *plot_gnuplot(void)
{
	const char *g = getenv("PGD_GNUPLOT");

	return g && *g ? g : "/usr/bin/gnuplot";
}

/* s as a gnuplot single-quoted string ('' for a quote). */
static void plot_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++)
		fputs(*s == '\'' ? "''" : (char[]){*s, 0}, f);
	fputc('\'', f);
}

static const char *plot_terminal(const char *path)
{
	size_t n = strlen(path);

	if (n >= 4 && !strcmp(path + n - 4, ".svg"))
		return "svg size 800,500 dynamic font 'sans,12' background '#ffffff'";
	if (n >= 4 && !strcmp(path + n - 4, ".png"))
		return "pngcairo size 800,500 font 'sans,10'";
	return NULL;
}

static void plot_script(FILE *f, const struct output *o, const char *path, const char *term,
			const char *title, const char *x, const char *y)
{
	fprintf(f, "set terminal %s\nset output ", term);
	plot_quoted(f, path);
	fputs("\nset title ", f);
	plot_quoted(f, title);
	fputs(" noenhanced\nset xlabel ", f);
	plot_quoted(f, x);
	fputs("\nset ylabel ", f);
	plot_quoted(f, y);
	fputs("\nset grid\nset key top right noenhanced\nset yrange [0:*]\n$data << EOD\n", f);
	for (size_t r = 0; r <= o->nr_rows; r++)
		for (unsigned int c = 0; c < o->nr_cols; c++) {
			const char *cell = r ? o->cells[(r - 1) * o->nr_cols + c] : o->header[c];

			fprintf(f, "%s%s", *cell ? cell : "NaN", c + 1 < o->nr_cols ? " " : "\n");
		}
	/* at most about PLOT_POINTS points a curve: the file stays small */
	fprintf(f,
		"EOD\nplot for [i=2:%u] $data using 1:i every %zu with %s lw 2 title "
		"columnheader(i)\n",
		o->nr_cols, o->nr_rows / PLOT_POINTS + 1, o->nr_rows > 60 ? "lines" : "linespoints");
}

int plot_check(const char *path)
{
	const char *gnuplot = plot_gnuplot();

	if (!plot_terminal(path)) {
		fprintf(stderr, "pgd-lab: --plot: %s: the name must end in .svg or .png\n", path);
		return -1;
	}
	if (access(gnuplot, X_OK)) {
		fprintf(stderr,
			"pgd-lab: --plot: %s: %s: --plot needs gnuplot (apt-get install "
			"gnuplot-nox; or set PGD_GNUPLOT to one)\n",
			gnuplot, strerror(errno));
		return -1;
	}
	return 0;
}

int plot_draw(const struct output *o, const char *path, const char *title, const char *x,
	      const char *y)
{
	const char *gnuplot = plot_gnuplot(), *term = plot_terminal(path);
	int fds[2], status = 0;
	pid_t pid;
	FILE *f;

	if (plot_check(path))
		return -1;
	if (pipe(fds))
		goto out_errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		goto out_errno;
	}
	if (!pid) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		dup2(2, 1); /* gnuplot's chatter is not pgd-lab's output */
		execl(gnuplot, gnuplot, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	f = fdopen(fds[1], "w");
	if (f) {
		plot_script(f, o, path, term, title, x, y);
		fclose(f);
	} else {
		close(fds[1]);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!f || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "pgd-lab: --plot: %s failed to draw %s (status %d)\n", gnuplot,
			path, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		return -1;
	}
	return 0;
out_errno:
	fprintf(stderr, "pgd-lab: --plot: %s: %s\n", gnuplot, strerror(errno));
	return -1;
}
