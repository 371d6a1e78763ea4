/* SPDX-License-Identifier: MIT */
/*
 * A client that keeps the pager busy for the web view's tests: it maps PAGES
 * swap pages (argument 1, default 12) and writes them round-robin, a page
 * every DELAY microseconds (argument 2, default 2000), so that with fewer
 * frames every round faults and evicts. It prints "ready PID" once all are
 * mapped, then reads commands on standard input between two writes: 'p'
 * pauses (it answers "paused" and makes no pager call until told), 'r'
 * resumes; end of input ends it.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vm_app.h"

#define CHURN_MAX_PAGES 1024

/* The next command, waiting for one if paused. 0: go on; -1: end. */
static int churn_command(int *paused)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	char c;

	while (poll(&p, 1, *paused ? -1 : 0) > 0) {
		if (read(STDIN_FILENO, &c, 1) != 1)
			return -1;
		if (c == 'p' && !*paused) {
			*paused = 1;
			printf("paused\n");
			fflush(stdout);
		} else if (c == 'r') {
			*paused = 0;
		}
		if (!*paused)
			break;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static volatile char *page[CHURN_MAX_PAGES];
	int n = argc > 1 ? atoi(argv[1]) : 12, delay = argc > 2 ? atoi(argv[2]) : 2000;
	int paused = 0;

	if (n < 1 || n > CHURN_MAX_PAGES || delay < 0) {
		fprintf(stderr, "churn: PAGES from 1 to %d, DELAY >= 0\n", CHURN_MAX_PAGES);
		return 2;
	}
	for (int i = 0; i < n; i++)
		if (!(page[i] = vm_map(NULL, 0)))
			return 1;
	printf("ready %ld\n", (long)getpid());
	fflush(stdout);
	for (unsigned long k = 0;; k++) {
		page[k % (unsigned long)n][0]++;
		if (delay)
			usleep((useconds_t)delay);
		if (churn_command(&paused))
			return 0;
	}
}
