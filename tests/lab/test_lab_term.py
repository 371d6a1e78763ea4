#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# pgd-lab as a user at a terminal meets it: test_lab_term.py PGD_LAB.
# mrc --plot draws a valid SVG and PNG with gnuplot (and says what to
# install when gnuplot is missing); a long mrc shows a progress line on a
# terminal (a pty) and none on a pipe; Ctrl-C (SIGINT) prints the rows done
# and exits 130; convert round-trips a trace through every format; compare on
# a long workload script shows runs done, and Ctrl-C kills the runs going,
# prints the policies done and leaves nothing in TMPDIR.
import re
import os
import pty
import random
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

LAB = sys.argv[1]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def run(*args, env=None):
    return subprocess.run([LAB, *args], capture_output=True, text=True, env=env)


def test_plot(d):
    trace = os.path.join(d, "belady.txt")
    with open(trace, "w") as f:
        f.write("\n".join("1 2 3 4 1 2 5 1 2 3 4 5".split()) + "\n")
    svg, png = os.path.join(d, "m.svg"), os.path.join(d, "m.png")
    r = run("mrc", "--policies", "lru,opt,fifo", "--frames", "1..5", "--plot", svg, trace)
    check(r.returncode == 0, "mrc --plot svg exits 0: " + r.stderr)
    root = ET.parse(svg).getroot()
    check(root.tag.endswith("svg"), "the SVG's root is <svg>")
    text = open(svg).read()
    check(all(p in text for p in ("lru", "opt", "fifo")), "the SVG names every policy")
    r = run("mrc", "--frames", "1..5", "--plot", png, trace)
    check(r.returncode == 0, "mrc --plot png exits 0: " + r.stderr)
    with open(png, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", "the PNG has the PNG magic")
    check(struct.unpack(">II", head[16:24]) == (800, 500), "the PNG is 800x500")
    env = dict(os.environ, PGD_GNUPLOT="/nonexistent/gnuplot")
    r = run("mrc", "--frames", "3", "--plot", png, trace, env=env)
    check(r.returncode == 1 and "apt-get install gnuplot-nox" in r.stderr
          and "/nonexistent/gnuplot" in r.stderr and r.stdout == "",
          "missing gnuplot: exit 1, what to install, before the run: %r" % r.stderr)
    r = run("mrc", "--frames", "3", "--plot", os.path.join(d, "m.gif"), trace)
    check(r.returncode == 1 and "must end in .svg or .png" in r.stderr, "--plot m.gif refused")
    r = run("sim", "--policy", "lru", "--frames", "3", "--plot", svg, trace)
    check(r.returncode == 2 and "--plot is for mrc only" in r.stderr, "sim --plot refused")


def test_convert(d):
    trace = os.path.join(d, "c.txt")
    with open(trace, "w") as f:
        f.write("7\n9 w\n7\n0x10\n")
    want = "7\n9 w\n7\n16\n"
    for fmt, ext in (("csv", "csv"), ("text", "txt.zst"), ("oracle", "oracleGeneral")):
        mid, back = os.path.join(d, "m." + ext), os.path.join(d, "back.txt")
        r = run("convert", "--to", fmt, trace, mid)
        check(r.returncode == 0, "convert to %s: %s" % (fmt, r.stderr))
        r = run("convert", "--from", fmt, "--to", "text", mid, back)
        check(r.returncode == 0, "convert from %s: %s" % (fmt, r.stderr))
        got = open(back).read()
        # oracleGeneral has no writes
        check(got == (want if fmt != "oracle" else want.replace(" w", "")),
              "%s round trip: %r" % (fmt, got))
    r = run("convert", "--to", "ostep", "--page-size", "4096", trace, "-")
    check(r.stdout == "28672\n36864\n28672\n65536\n", "ostep out: %r" % r.stdout)
    r = run("convert", "--to", "frob", trace, "-")
    check(r.returncode == 2 and "'frob' is not a format (text, csv, oracle, ostep, record, pgd)"
          in r.stderr, "convert --to frob")
    # recordings are read only: named, and no file is left behind
    out = os.path.join(d, "x.rec")
    r = run("convert", "--to", "record", trace, out)
    check(r.returncode == 1 and out + ": pgd-lab cannot write record traces" in r.stderr
          and not os.path.exists(out), "convert --to record: %r" % r.stderr)
    r = run("convert", trace)
    check(r.returncode == 2 and "convert needs IN and OUT" in r.stderr, "convert without OUT")
    r = run("convert", trace, "/nonexistent/dir/x")
    check(r.returncode == 1 and "/nonexistent/dir/x: No such file" in r.stderr,
          "convert to an impossible file: %r" % r.stderr)


def big_trace(d):
    """A trace that mrc needs many seconds for: 1.5 million references."""
    path = os.path.join(d, "big.txt")
    rnd = random.Random(13)
    with open(path, "w") as f:
        f.write("\n".join(str(rnd.randrange(20000)) for _ in range(1500000)))
        f.write("\n")
    return path


def pty_read_until(master, done, seconds):
    """What the pty says until done(what it said) or seconds pass."""
    seen, deadline = b"", time.time() + seconds
    while not done(seen) and time.time() < deadline:
        if select.select([master], [], [], 0.5)[0]:
            try:
                seen += os.read(master, 4096)
            except OSError:
                break
    return seen


def pty_drain(master):
    """The rest of what the pty says; the pty closed."""
    seen = b""
    try:
        while select.select([master], [], [], 0.2)[0]:
            seen += os.read(master, 4096)
    except OSError:
        pass
    os.close(master)
    return seen


MRC = ("mrc", "--policies", "fifo,clock", "--frames", "1..2000", "--csv")


def test_progress_and_sigint(d, trace):
    """stderr on a pty: the progress line comes; SIGINT: partial rows, 130."""
    master, slave = pty.openpty()
    p = subprocess.Popen([LAB, *MRC, trace], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = pty_read_until(master, lambda seen: b"%" in seen, 60)
    check(b"pgd-lab mrc:" in seen and b"references)" in seen,
          "a progress line on the terminal: %r" % seen)
    p.send_signal(signal.SIGINT)
    out = p.stdout.read().decode()
    status = p.wait(timeout=60)
    seen += pty_drain(master)
    check(status == 130, "SIGINT: exit 130, not %d" % status)
    check(out.startswith("frames,fifo,clock\n1,0.99"),
          "SIGINT: the rows done so far, from size 1: %r" % out[:80])
    rows = out.count("\n") - 1
    check(0 < rows < 2000, "SIGINT: some sizes, not all (%d)" % rows)
    check(b"interrupted:" in seen, "SIGINT: says it was interrupted")


def test_no_progress_on_pipe(d, trace):
    p = subprocess.Popen([LAB, *MRC, trace], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    check(p.returncode == 130, "SIGINT on a pipe: exit 130")
    check(b"%" not in err and b"interrupted:" in err, "no progress line on a pipe: %r" % err)


def test_workload_sigint(d):
    """compare SCRIPT.pgd on a pty: a progress line in runs; SIGINT once a
    run is done: its row, 130, and pgd-lab's private directory gone."""
    script, tmp = os.path.join(d, "long.pgd"), os.path.join(d, "tmp")
    os.mkdir(tmp)
    rnd = random.Random(13)
    with open(script, "w") as f:
        f.write("memory 4\nprocess\n")
        f.write("".join("\tmap %s swap\n" % c for c in "abcdefgh"))
        f.write("".join("\twrite %s+%d 1\n" % (rnd.choice("abcdefgh"), rnd.randrange(100))
                        for _ in range(30000)))
        f.write("end\n")
    master, slave = pty.openpty()
    p = subprocess.Popen([LAB, "compare", "--policies", "fifo,sieve,nru,aging", "--csv", script],
                         stdout=subprocess.PIPE, stderr=slave, env=dict(os.environ, TMPDIR=tmp))
    os.close(slave)
    seen = pty_read_until(master, lambda seen: re.search(rb"\([1-4] of 5 runs\)", seen),
                          120)
    check(b"pgd-lab compare:" in seen and b"of 5 runs)" in seen,
          "compare: a progress line in runs: %r" % seen[-200:])
    p.send_signal(signal.SIGINT)
    out = p.stdout.read().decode()
    status = p.wait(timeout=60)
    seen += pty_drain(master)
    check(status == 130, "compare SIGINT: exit 130, not %d" % status)
    rows = out.count("\n") - 1
    check(out.startswith("policy,frames,refs,faults,") and 0 < rows < 4,
          "compare SIGINT: the policies done: %r" % out)
    check(b"interrupted:" in seen, "compare SIGINT: says it was interrupted")
    check(os.listdir(tmp) == [], "compare SIGINT: left %r in TMPDIR" % os.listdir(tmp))


with tempfile.TemporaryDirectory() as d:
    test_plot(d)
    test_convert(d)
    t = big_trace(d)
    test_progress_and_sigint(d, t)
    test_no_progress_on_pipe(d, t)
    test_workload_sigint(d)
if failures:
    sys.exit(1)
print("test_lab_term: all passed")
