/* SPDX-License-Identifier: MIT */
/*
 * pagerctl: live inspection of a running pagerd over its socket. It reads
 * the command line, connects like a client does ($PAGERD_SOCKET or the
 * per-user default, or --socket), makes one control request and prints the
 * answer: the daemon's status, statistics of the pager or of one process,
 * or the frame table. Exit status 0, 1 (daemon unreachable or refusing),
 * 2 (bad command line), 3 (no answer within --timeout).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "embedded.h"
#include "show.h"
#include "web.h"

static const char main_usage[] =
    "Usage: pagerctl [--socket PATH] COMMAND [--json] [--timeout SECONDS]\n"
    "       pagerctl [--socket PATH] web [--port N] [--bind ADDR] [--log FILE]\n"
    "       pagerctl --embedded PID COMMAND [--json] [--timeout SECONDS]\n"
    "\n"
    "Inspect a running pagerd over its socket. The status is answered at once,\n"
    "even while a pager call is in progress; statistics and the frame table are\n"
    "consistent snapshots, taken by the pager thread between two pager calls.\n"
    "\n"
    "Commands:\n"
    "  status        sessions, processes in the run queue and which one runs,\n"
    "                pager calls queued, and the pager call in progress: which\n"
    "                call, for which process, running for how long\n"
    "  stats [PID]   statistics of the whole pager, or of process PID: faults by\n"
    "                kind, evictions, swap and file I/O (events its own calls\n"
    "                caused), pages mapped, swap blocks reserved, resident frames\n"
    "                (held now); ghost and free frames for the whole pager only.\n"
    "                One line, in the format of the event log's '# stats' lines\n"
    "  frames        the frame table: each frame's state (free, zero, swap,\n"
    "                file), referenced and dirty bits, backing store and owners\n"
    "                (pid:vpage), ghost pages; the policy's queue (from the\n"
    "                hand, for a policy with one);\n"
    "                swap blocks reserved and free\n"
    "  web           serve a live view of the daemon to browsers (frame grid,\n"
    "                page tables, counters over time, who holds the CPU, and\n"
    "                with --log the event log filtered by pid and call) at\n"
    "                http://127.0.0.1:8421/ until interrupted; one poll of the\n"
    "                daemon four times a second serves every viewer\n"
    "\n"
    "Options:\n"
    "  -s, --socket=PATH  the daemon's socket (default: $PAGERD_SOCKET, else\n"
    "                     $XDG_RUNTIME_DIR/pagerd.sock, else /tmp/pagerd-UID.sock)\n"
    "  -e, --embedded=PID the private socket of `pagerd -- PROGRAM` running as\n"
    "                     PID (also on the first line of its log)\n"
    "  -j, --json         print one JSON object instead of text\n"
    "  -t, --timeout=SECONDS  give up if the daemon has not answered within\n"
    "                     SECONDS (default 10; decimals allowed; 0: wait forever)\n"
    "  -p, --port=N       web: the port to serve on (default 8421; 0: any free\n"
    "                     port, printed at start)\n"
    "  -b, --bind=ADDR    web: serve on this numeric address instead of 127.0.0.1;\n"
    "                     then every request needs the random token printed at\n"
    "                     start (?token=...)\n"
    "  -l, --log=FILE     web: the daemon's event log (its --log FILE), whose\n"
    "                     tail the page shows\n"
    "  -h, --help         print this help and exit\n"
    "  -V, --version      print the version and exit\n"
    "\n"
    "Environment:\n"
    "  PAGERD_SOCKET      the daemon's socket, as for every client\n"
    "  XDG_RUNTIME_DIR    where the default socket lives if PAGERD_SOCKET is unset\n"
    "\n"
    "Exit status: 0 on success; 1 if no pagerd answers at the socket, it runs\n"
    "as another user, or it refuses the request (PID is not one of its\n"
    "processes, its pager keeps no statistics or cannot show its frames);\n"
    "2 for a bad command line; 3 if the daemon did not answer within --timeout\n"
    "(it is stopped, or stuck).\n"
    "\n"
    "Examples:\n"
    "  pagerctl status\n"
    "  pagerctl stats               # the whole pager\n"
    "  pagerctl stats 4242 --json   # process 4242, as JSON\n"
    "  pagerctl --socket /tmp/pagerd.Ab12Cd/sock frames\n"
    "  pagerctl web --port 0        # then open the address it prints\n"
    "\n"
    "Statistics fields are described in docs/workloads.md (Statistics), the\n"
    "frame table and the control messages in docs/usage.md and docs/protocol.md.\n";

static const struct option main_options[] = {
    {"socket", required_argument, NULL, 's'},
    {"embedded", required_argument, NULL, 'e'},
    {"json", no_argument, NULL, 'j'},
    {"timeout", required_argument, NULL, 't'},
    {"port", required_argument, NULL, 'p'},
    {"bind", required_argument, NULL, 'b'},
    {"log", required_argument, NULL, 'l'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

enum main_cmd { CMD_STATUS, CMD_STATS, CMD_FRAMES, CMD_WEB };

struct main_args {
	const char *socket; /* NULL: the default path */
	char embedded_socket[108]; /* --embedded: the socket found (sun_path's size) */
	bool json;
	enum main_cmd cmd;
	pid_t pid; /* stats: 0 for the whole pager */
	unsigned int timeout_ms; /* --timeout; 0: none */
	struct web_args web;	 /* web: --port, --bind */
	bool web_opts;		 /* --port, --bind or --log given */
};

/* --timeout's default, and its limit. */
#define MAIN_TIMEOUT_MS 10000
#define MAIN_TIMEOUT_MAX_S 86400
/* pagerctl web's default port. */
#define MAIN_WEB_PORT 8421

/* --timeout SECONDS (decimals allowed) in ms; -EINVAL with a message. */
static int main_timeout(const char *s, unsigned int *ms)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= 0 && v <= MAIN_TIMEOUT_MAX_S)) {
		fprintf(stderr,
		        "pagerctl: --timeout: '%s' is not a number of seconds from 0 to %d\n", s,
		        MAIN_TIMEOUT_MAX_S);
		return -EINVAL;
	}
	*ms = (unsigned int)(v * 1000 + 0.5);
	if (v > 0 && !*ms)
		*ms = 1;
	return 0;
}

/* A positive pid that fits the protocol's i32, or -1. */
static pid_t main_pid(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v <= 0 || v > INT32_MAX)
		return -1;
	return (pid_t)v;
}

/* --port N: 0 (any free port) to 65535; -EINVAL with a message. */
static int main_port(const char *s, unsigned int *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 65535) {
		fprintf(stderr, "pagerctl: --port: '%s' is not a port number from 0 to 65535\n",
		        s);
		return -EINVAL;
	}
	*port = (unsigned int)v;
	return 0;
}

/* 0: run; 1: done (help or version printed); -EINVAL: message printed. */
static int main_parse(int argc, char **argv, struct main_args *a)
{
	const char *cmd;
	int opt;

	opterr = 0;
	a->timeout_ms = MAIN_TIMEOUT_MS;
	a->web.port = MAIN_WEB_PORT;
	while ((opt = getopt_long(argc, argv, "s:e:jt:p:b:l:hV", main_options, NULL)) != -1) {
		switch (opt) {
		case 's':
			a->socket = optarg;
			break;
		case 'e':
			if (main_pid(optarg) < 0) {
				fprintf(stderr, "pagerctl: --embedded: bad pid '%s'\n", optarg);
				return -EINVAL;
			}
			if (embedded_socket(main_pid(optarg), a->embedded_socket,
			                    sizeof(a->embedded_socket)))
				return -ENOENT;
			a->socket = a->embedded_socket;
			break;
		case 'j':
			a->json = true;
			break;
		case 't':
			if (main_timeout(optarg, &a->timeout_ms))
				return -EINVAL;
			break;
		case 'p':
			if (main_port(optarg, &a->web.port))
				return -EINVAL;
			a->web_opts = true;
			break;
		case 'b':
			a->web.bind = optarg;
			a->web_opts = true;
			break;
		case 'l':
			a->web.log = optarg;
			a->web_opts = true;
			break;
		case 'h':
			fputs(main_usage, stdout);
			return 1;
		case 'V':
			printf("pagerctl %s\n", PAGERD_VERSION);
			return 1;
		default:
			fprintf(stderr, "pagerctl: option %s is unknown or needs an argument\n",
			        argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "pagerctl: a command is needed: status, stats, frames or web\n");
		return -EINVAL;
	}
	cmd = argv[optind++];
	if (!strcmp(cmd, "status")) {
		a->cmd = CMD_STATUS;
	} else if (!strcmp(cmd, "stats")) {
		a->cmd = CMD_STATS;
		if (optind < argc) {
			a->pid = main_pid(argv[optind]);
			if (a->pid < 0) {
				fprintf(stderr,
				        "pagerctl: bad pid '%s': give a positive process id\n",
				        argv[optind]);
				return -EINVAL;
			}
			optind++;
		}
	} else if (!strcmp(cmd, "frames")) {
		a->cmd = CMD_FRAMES;
	} else if (!strcmp(cmd, "web")) {
		a->cmd = CMD_WEB;
	} else {
		fprintf(stderr, "pagerctl: unknown command '%s' (status, stats, frames or web)\n",
		        cmd);
		return -EINVAL;
	}
	if (a->web_opts && a->cmd != CMD_WEB) {
		fprintf(stderr, "pagerctl: --port, --bind and --log are options of pagerctl web only\n");
		return -EINVAL;
	}
	if (optind < argc) {
		fprintf(stderr, "pagerctl: %s takes no argument '%s'\n", cmd, argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int main_run(const struct main_args *a)
{
	struct proto_msg m;
	struct ctl c;
	char *text;
	size_t len;
	int err = ctl_open(&c, a->socket, a->timeout_ms);

	if (err)
		return 1;
	switch (a->cmd) {
	case CMD_STATUS:
		err = ctl_status(&c, &m);
		if (!err)
			show_status(stdout, c.path, &m, a->json);
		break;
	case CMD_STATS:
		err = ctl_stats(&c, a->pid, &m);
		if (!err)
			err = show_stats(stdout, &m, a->json);
		break;
	case CMD_FRAMES:
		err = ctl_frames(&c, a->json, &text, &len);
		if (!err) {
			fwrite(text, 1, len, stdout);
			free(text);
		}
		break;
	case CMD_WEB: /* web_run, not one request */
		break;
	}
	ctl_close(&c);
	if (fflush(stdout) && !err) {
		fprintf(stderr, "pagerctl: standard output: %s\n", strerror(errno));
		err = -EIO;
	}
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct main_args a = {0};
	int ret = main_parse(argc, argv, &a);

	if (ret > 0)
		return 0;
	if (ret == -ENOENT)
		return 1; /* --embedded found no daemon: said why */
	if (ret < 0) {
		fprintf(stderr, "Try 'pagerctl --help' for more information.\n");
		return 2;
	}
	if (a.cmd == CMD_WEB) {
		a.web.socket = a.socket;
		return web_run(&a.web);
	}
	return main_run(&a);
}
