/* SPDX-License-Identifier: MIT */
/*
 * pagerctl against a real pagerd: its command line and errors, statistics
 * and the frame table of a scenario whose every number is worked out by
 * hand below (real client programs, fork included), the daemon's '#' stats
 * lines for the same run, and a status answered while the pager thread is
 * held inside a slow pager call (a file_read that waits on a named pipe).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "dh.h"

#define BASE 0x600000000ull

/* Run `pagerctl --socket SOCK ARGS` (ARGS as printf): its exit status; its
 * standard output and error in *out and *err (malloc'd), if asked. */
static int pagerctl(const struct dh *d, char **out, char **err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int pagerctl(const struct dh *d, char **out, char **err, const char *fmt, ...)
{
	char args[256], cmd[1024], path[128], *text = NULL;
	size_t len = 0, n;
	char buf[4096];
	va_list ap;
	FILE *p, *mem;
	int status;

	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/ctl.err", d->dir);
	snprintf(cmd, sizeof(cmd), "%s --socket %s %s 2>%s", PAGERCTL_BIN, d->sock, args, path);
	mem = open_memstream(&text, &len);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		fwrite(buf, 1, n, mem);
	status = pclose(p);
	fclose(mem);
	if (out)
		*out = text;
	else
		free(text);
	if (err)
		*err = dh_read(path);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void assert_text(const char *want, const char *got)
{
	if (strcmp(want, got))
		fail_msg("output differs.\n--- expected\n%s--- actual\n%s", want, got);
}

/* pagerctl's output must be want (printf format). */
static void assert_pagerctl(const struct dh *d, const char *args, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* How long the running process has held the CPU varies from run to run:
 * the number after each of these becomes "N". */
static void mask_held_ms(char *out)
{
	static const char *const marks[] = { "holding the CPU for ", "\"running_ms\":" };

	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		char *p = strstr(out, marks[i]), *digits;
		size_t n;

		if (!p)
			continue;
		digits = p + strlen(marks[i]);
		n = strspn(digits, "0123456789");
		assert_true(n > 0);
		*digits = 'N';
		memmove(digits + 1, digits + n, strlen(digits + n) + 1);
	}
}

static void assert_pagerctl(const struct dh *d, const char *args, const char *fmt, ...)
{
	char want[4096], *out;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_int_equal(pagerctl(d, &out, NULL, "%s", args), 0);
	mask_held_ms(out);
	assert_text(want, out);
	free(out);
}

/* Start prog as a client of d with pipes on its standard input and output. */
static pid_t spawn(const struct dh *d, const char *prog, int *to, FILE **from)
{
	int in[2], out[2];
	pid_t pid;

	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		dup2(in[0], STDIN_FILENO);
		dup2(out[1], STDOUT_FILENO);
		setenv("PAGERD_SOCKET", d->sock, 1);
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	*to = in[1];
	*from = fdopen(out[0], "r");
	assert_non_null(*from);
	return pid;
}

static int wait_exit(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* The '#' stats lines of the daemon's log. */
static char *stats_lines(const struct dh *d)
{
	char *log = dh_log(d), *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n"))
		if (!strncmp(line, "# stats ", 8))
			fprintf(out, "%s\n", line + 2);
	fclose(out);
	free(log);
	return buf;
}

static void test_pagerctl_help(void **state)
{
	struct dh *d = *state;
	char *out;

	assert_int_equal(pagerctl(d, &out, NULL, "--help"), 0);
	assert_non_null(strstr(out, "Usage: pagerctl [--socket PATH] COMMAND"));
	assert_non_null(strstr(out, "  status "));
	assert_non_null(strstr(out, "  stats [PID] "));
	assert_non_null(strstr(out, "  frames "));
	assert_non_null(strstr(out, "Exit status:"));
	free(out);
}

/* Bad command lines exit 2 with a reason; no daemon exits 1 and says so. */
static void test_pagerctl_errors(void **state)
{
	struct dh *d = *state;
	char *err;

	assert_int_equal(pagerctl(d, NULL, &err, "status"), 1);
	assert_non_null(strstr(err, "no pagerd at "));
	assert_non_null(strstr(err, d->sock));
	free(err);
	assert_int_equal(pagerctl(d, NULL, &err, "frobnicate"), 2);
	assert_non_null(strstr(err, "unknown command 'frobnicate'"));
	free(err);
	assert_int_equal(pagerctl(d, NULL, &err, "%s", ""), 2);
	assert_non_null(strstr(err, "a command is needed"));
	free(err);
	const char *bad[] = {"x", "-4", "0", "12ab", "99999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(pagerctl(d, NULL, &err, "stats -- %s", bad[i]), 2);
		assert_non_null(strstr(err, "bad pid"));
		free(err);
	}
	assert_int_equal(pagerctl(d, NULL, &err, "stats 12 13"), 2);
	assert_non_null(strstr(err, "takes no argument '13'"));
	free(err);
	assert_int_equal(pagerctl(d, NULL, &err, "status --bogus"), 2);
	free(err);
}

/* A pid the daemon does not serve is refused, and said so. */
static void test_pagerctl_stats_unknown_pid(void **state)
{
	struct dh *d = *state;
	char *err;

	dh_start(d, NULL);
	assert_int_equal(pagerctl(d, NULL, &err, "stats %ld", (long)getpid()), 1);
	assert_non_null(strstr(err, "is not a process of this pagerd"));
	free(err);
}

/* Without --socket, pagerctl finds the daemon as clients do. */
static void test_pagerctl_socket_from_environment(void **state)
{
	struct dh *d = *state;
	char cmd[512], buf[256];
	FILE *p;

	dh_start(d, NULL);
	snprintf(cmd, sizeof(cmd), "PAGERD_SOCKET=%s %s status", d->sock, PAGERCTL_BIN);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(buf, sizeof(buf), p));
	assert_int_equal(pclose(p), 0);
	snprintf(cmd, sizeof(cmd), "pagerd at %s\n", d->sock);
	assert_string_equal(buf, cmd);
}

/*
 * The scenario (scene.c), -m 4: frames 1-3 are free at the start, swap
 * blocks come 0, 1, 2, ...; data.bin is 2 pages of 'F'. P is the program,
 * C its child; vpages are 0x60000 (n), 0x60001 (f), 0x60002 (y).
 *
 *  1 P n = map swap            block 0, zero page                   -
 *  2 P write n "data.bin"      zero-fill into frame 1               P zero-fill 1
 *  3 P f = map data.bin 1      the name is resident: no fault       -
 *  4 P read f                  file_read into frame 2               P file-in 1, file reads 1
 *  5 P fork C                  C's n: block 1, shares frame 1 (P
 *                              loses w); C's f maps frame 2         -
 *  6 P write n 'X'             split: P's n copied into frame 3
 *                              (free); the content is dirty in
 *                              memory, so each keeps its own block
 *                              (C6); C's n alone in frame 1,
 *                              referenced and dirty: rw             P cow-copy 1
 *  7 P y = map swap            block 2, zero page                   -
 *  8 P write y 1               sweep clears 1, 2, 3; evicts 1 (C's
 *                              n, dirty): swap write of block 1;
 *                              zero-fill into frame 1               P evict dirty 1, swap writes 1,
 *                                                                   zero-fill 2
 *  9 P read n                  frame 3 resident, bits cleared:
 *                              referenced again, dirty alone: rw    P permission 1
 * 10 P yield                   vm_switch to C
 * 11 C read n 'd'              clock 2 3 1: frame 2 (f) is not
 *                              referenced: evicted clean; swap read
 *                              of block 1 into frame 2              C evict clean 1, swap-in 1,
 *                                                                   swap reads 1
 * 12 C write n 'Y'             resident, referenced: dirty, rw      C permission 1
 * 13 C prints "ready", waits   -> pagerctl: the numbers below
 *
 * Then C exits (frame 2 and block 1 freed; its f mapping goes), P runs:
 * 14 P read f                  file_read into frame 2 (free)        P file-in 2, file reads 2
 * and exits: frames 3 and 1 and blocks 0 and 2 freed; f's frame 2 stays,
 * a ghost.
 */
static void test_pagerctl_counts_by_hand(void **state)
{
	static const char *const start[] = {"-m", "4", NULL};
	struct dh *d = *state;
	char line[64], args[64], *out, *err;
	long p, c;
	FILE *from;
	int to;

	dh_file(d, "data.bin", 2 * 0x10000, 'F');
	dh_start(d, start);
	p = spawn(d, PROG_SCENE, &to, &from);
	assert_non_null(fgets(line, sizeof(line), from));
	assert_int_equal(sscanf(line, "ready %ld", &c), 1);

	/* 13: C holds the CPU, P waits in the run queue; nothing in flight. */
	assert_pagerctl(d, "status",
	                "pagerd at %s\n"
	                "sessions:           2\n"
	                "run queue:          2 (pid %ld running, holding the CPU for N ms)\n"
	                "pager calls queued: 0\n"
	                "pager thread:       idle\n",
	                d->sock, c);
	assert_pagerctl(d, "status --json",
	                "{\"sessions\":2,\"run_queue\":2,\"running\":%ld,\"running_ms\":N,"
	                "\"calls_queued\":0,"
	                "\"call\":null}\n",
	                c);
	/* Counters: P's (steps 2, 4, 6, 8, 9) plus C's (11, 12). Held: P has n, f,
	 * y mapped, blocks 0 and 2, n and y resident; C has n and f, block 1, n
	 * resident. */
	assert_pagerctl(d, "stats",
	                "stats global: faults zero-fill=2 swap-in=1 file-in=1 cow-copy=1 "
	                "permission=2 failed=0 evictions clean=1 dirty=1 swap reads=1 writes=1 "
	                "file reads=1 writes=0 pages mapped=5 blocks reserved=3 frames resident=3 "
	                "ghost=0 free=0\n");
	snprintf(args, sizeof(args), "stats %ld", p);
	assert_pagerctl(
	    d, args,
	    "stats pid %ld: faults zero-fill=2 swap-in=0 file-in=1 cow-copy=1 "
	    "permission=1 failed=0 evictions clean=0 dirty=1 swap reads=0 writes=1 "
	    "file reads=1 writes=0 pages mapped=3 blocks reserved=2 frames resident=2\n",
	    p);
	snprintf(args, sizeof(args), "stats %ld", c);
	assert_pagerctl(
	    d, args,
	    "stats pid %ld: faults zero-fill=0 swap-in=1 file-in=0 cow-copy=0 "
	    "permission=1 failed=0 evictions clean=1 dirty=0 swap reads=1 writes=0 "
	    "file reads=0 writes=0 pages mapped=2 blocks reserved=1 frames resident=1\n",
	    c);
	snprintf(args, sizeof(args), "--json stats %ld", c);
	assert_pagerctl(d, args,
	                "{\"pid\":%ld,\"faults_zero_fill\":0,\"faults_swap_in\":1,"
	                "\"faults_file_in\":0,\"faults_cow_copy\":0,\"faults_permission\":1,"
	                "\"faults_failed\":0,\"evictions_clean\":1,\"evictions_dirty\":0,"
	                "\"swap_reads\":1,\"swap_writes\":0,\"file_reads\":0,\"file_writes\":0,"
	                "\"pages_mapped\":2,\"blocks_reserved\":1,\"frames_resident\":1}\n",
	                c);
	/* Frame 1: y (8); 2: C's n (11, 12); 3: P's n (6, referenced again in 9,
	 * untouched by 11's sweep, which found frame 2 unreferenced at the hand).
	 * The file page is not resident. Clock: 2 3 1 after 8, then 11 took 2. */
	assert_pagerctl(d, "frames",
	                "4 frames: 3 resident, 0 free; clock hand at frame 3\n"
	                "frame   state ref dirty backing and owners (pid:vpage)\n"
	                "0       zero  -   -     (pinned)\n"
	                "1       swap  r   d     <swap> 2 %ld:0x60002\n"
	                "2       swap  r   d     <swap> 1 %ld:0x60000\n"
	                "3       swap  r   d     <swap> 0 %ld:0x60000\n"
	                "clock queue (hand first): 3 1 2\n"
	                "swap: 256 blocks, 3 reserved, 253 free\n",
	                p, c, p);
	assert_pagerctl(
	    d, "frames --json",
	    "{\"frames\":[{\"frame\":0,\"state\":\"zero\",\"referenced\":false,"
	    "\"dirty\":false,\"owners\":[]},"
	    "{\"frame\":1,\"state\":\"swap\",\"referenced\":true,\"dirty\":true,"
	    "\"block\":2,\"owners\":[{\"pid\":%ld,\"vpage\":393218}]},"
	    "{\"frame\":2,\"state\":\"swap\",\"referenced\":true,\"dirty\":true,"
	    "\"block\":1,\"owners\":[{\"pid\":%ld,\"vpage\":393216}]},"
	    "{\"frame\":3,\"state\":\"swap\",\"referenced\":true,\"dirty\":true,"
	    "\"block\":0,\"owners\":[{\"pid\":%ld,\"vpage\":393216}]}],"
	    "\"clock\":[3,1,2],\"policy\":{\"name\":\"clock\",\"hand\":true},\"swap\":{\"blocks\":256,\"reserved\":3,\"free\":253}}\n",
	    p, c, p);

	/* C exits, P reads f (14) and exits. */
	close(to);
	fclose(from);
	assert_int_equal(wait_exit((pid_t)p), 0);
	dh_wait_idle(d, 0);
	assert_int_equal(pagerctl(d, NULL, &err, "stats %ld", p), 1);
	assert_non_null(strstr(err, "is not a process of this pagerd"));
	free(err);
	assert_pagerctl(d, "stats",
	                "stats global: faults zero-fill=2 swap-in=1 file-in=2 cow-copy=1 "
	                "permission=2 failed=0 evictions clean=1 dirty=1 swap reads=1 writes=1 "
	                "file reads=2 writes=0 pages mapped=0 blocks reserved=0 frames resident=1 "
	                "ghost=1 free=2\n");
	/* Frees: C's n (2), taken again by 14; then P's n (3) and y (1). */
	assert_pagerctl(d, "frames",
	                "4 frames: 1 resident, 2 free; clock hand at frame 2\n"
	                "frame   state ref dirty backing and owners (pid:vpage)\n"
	                "0       zero  -   -     (pinned)\n"
	                "1       free  -   -     -\n"
	                "2       file  r   -     data.bin 1 (ghost)\n"
	                "3       free  -   -     -\n"
	                "clock queue (hand first): 2\n"
	                "swap: 256 blocks, 0 reserved, 256 free\n");

	/* The end of the run: each process as it was at its vm_destroy, in pid
	 * order, then the whole pager. */
	assert_int_equal(dh_stop(d), 0);
	out = stats_lines(d);
	{
		char want[2048], pl[512], cl[512];

		snprintf(
		    pl, sizeof(pl),
		    "stats pid %ld: faults zero-fill=2 swap-in=0 file-in=2 cow-copy=1 "
		    "permission=1 failed=0 evictions clean=0 dirty=1 swap reads=0 writes=1 "
		    "file reads=2 writes=0 pages mapped=3 blocks reserved=2 frames resident=3\n",
		    p);
		snprintf(
		    cl, sizeof(cl),
		    "stats pid %ld: faults zero-fill=0 swap-in=1 file-in=0 cow-copy=0 "
		    "permission=1 failed=0 evictions clean=1 dirty=0 swap reads=1 writes=0 "
		    "file reads=0 writes=0 pages mapped=2 blocks reserved=1 frames resident=1\n",
		    c);
		snprintf(want, sizeof(want),
		         "%s%s"
		         "stats global: faults zero-fill=2 swap-in=1 file-in=2 cow-copy=1 "
		         "permission=2 failed=0 evictions clean=1 dirty=1 swap reads=1 writes=1 "
		         "file reads=2 writes=0 pages mapped=0 blocks reserved=0 frames resident=1 "
		         "ghost=1 free=2\n",
		         p < c ? pl : cl, p < c ? cl : pl);
		assert_text(want, out);
	}
	free(out);
}

/* The pager thread is held in vm_fault's file_read (slow_pager.so opens a
 * named pipe there, which waits for a writer): STATUS names the call, its process and address at
 * once, while STATS waits for the call to end and then shows the machine
 * between the fault and the destroy that follows it. */
static void test_pagerctl_status_during_slow_call(void **state)
{
	struct dh *d = *state;
	struct proto_msg m = {.type = PROTO_STATS};
	char path[128], *out, want[256];
	struct pollfd pfd;
	FILE *from;
	pid_t pid;
	int to, fd, i;

	static const char *const slow[] = {"--pager", SLOW_PAGER, NULL};

	snprintf(path, sizeof(path), "%s/fifo", d->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	setenv("PGD_SLOW_FIFO", path, 1);
	dh_start(d, slow);
	unsetenv("PGD_SLOW_FIFO");
	pid = spawn(d, PROG_SLOWCALL, &to, &from);
	for (i = 0; i < 2000; i++) {
		struct proto_msg st = {.type = PROTO_STATUS};

		fd = dh_connect(d);
		dh_send(fd, &st);
		assert_int_equal(dh_recv(fd, &st), 0);
		close(fd);
		/* The program's earlier faults may be caught in passing: wait
		 * for the one that blocks on the FIFO. */
		if (st.status_ok.call == PROTO_CALL_FAULT &&
		    st.status_ok.call_addr == BASE + 0x10000) {
			assert_int_equal(st.status_ok.call_pid, pid);
			assert_int_equal(st.status_ok.call_arg, 0); /* a read */
			assert_int_equal(st.status_ok.running, pid);
			assert_int_equal(st.status_ok.nr_sessions, 1);
			break;
		}
		usleep(5000);
	}
	assert_true(i < 2000);
	assert_int_equal(pagerctl(d, &out, NULL, "status"), 0);
	snprintf(want, sizeof(want),
	         "pager thread:       vm_fault (0x600010000, read) for pid %ld, running for ",
	         (long)pid);
	if (!strstr(out, want))
		fail_msg("status lacks \"%s\":\n%s", want, out);
	free(out);

	fd = dh_connect(d);
	dh_send(fd, &m);
	pfd = (struct pollfd){.fd = fd, .events = POLLIN};
	assert_int_equal(poll(&pfd, 1, 200), 0); /* no snapshot in the middle of a call */
	close(open(path, O_WRONLY));             /* the read goes on, and fails */
	assert_int_equal(dh_recv(fd, &m), 0);
	assert_int_equal(m.type, PROTO_STATS_OK);
	assert_int_equal(m.stats_ok.stats.faults_failed, 1);
	assert_int_equal(m.stats_ok.stats.file_reads, 1);
	assert_int_equal(m.stats_ok.stats.pages_mapped, 2); /* not destroyed yet */
	close(fd);
	assert_int_equal(wait_exit(pid), 128 + SIGSEGV);
	close(to);
	fclose(from);
	dh_assert_no_leak(d, 4);
}

/* A pager module without statistics or a frame table: clear refusals. */
static void test_pagerctl_pager_without_inspection(void **state)
{
	static const char *const start[] = {"--pager", FIFO_PAGER, NULL};
	struct dh *d = *state;
	char *err;

	dh_start(d, start);
	assert_int_equal(pagerctl(d, NULL, &err, "stats"), 1);
	assert_non_null(strstr(err, "keeps no statistics"));
	free(err);
	assert_int_equal(pagerctl(d, NULL, &err, "frames"), 1);
	assert_non_null(strstr(err, "cannot show its frame table"));
	free(err);
	assert_int_equal(pagerctl(d, NULL, NULL, "status"), 0);
}

/* A frame table far larger than a socket buffer arrives whole. */
static void test_pagerctl_frames_large(void **state)
{
	static const char *const start[] = {"-m", "20000", "--page-size", "4096", "--arena-pages",
	                                    "16", NULL};
	struct dh *d = *state;
	size_t lines = 0;
	char *out;

	dh_start(d, start);
	assert_int_equal(pagerctl(d, &out, NULL, "frames"), 0);
	for (char *p = out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 20000 + 4); /* header, column names, clock, swap */
	assert_non_null(strstr(out, "\n19999   free  -   -     -\n"));
	free(out);
	assert_int_equal(pagerctl(d, &out, NULL, "frames --json"), 0);
	assert_true(strlen(out) > 1000000);
	assert_non_null(strstr(out, "{\"frame\":19999,\"state\":\"free\""));
	assert_string_equal(out + strlen(out) - 3, "}}\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pagerctl_help, dh_setup, dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_errors, dh_setup, dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_stats_unknown_pid, dh_setup, dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_socket_from_environment, dh_setup,
	                                    dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_counts_by_hand, dh_setup, dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_status_during_slow_call, dh_setup,
	                                    dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_pager_without_inspection, dh_setup,
	                                    dh_teardown),
	    cmocka_unit_test_setup_teardown(test_pagerctl_frames_large, dh_setup, dh_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
