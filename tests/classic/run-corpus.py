#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Run the classic corpus of one generation through pagerd.

Each GEN/NAME.M.cpp is built (by CMake) as BINDIR/classic-GEN-NAME.M and run
as `pagerd --classic GEN -m M -- PROGRAM` in a private copy of GEN's data
files. Its log, '#' lines dropped and pids renamed 1000, 1001, ... in the
order vm_create lines name them, must equal GEN/NAME.M.out byte for byte;
its exit status must be 0, or 139 (SIGSEGV) for a NAME ending in -segv.
With --mismatch, a 64k-built program attached to a 4k daemon must be
refused, naming both geometries and the switch to use. With --pager PAGER
(a pager module built with the 4k headers), pagerd must refuse PAGER
without --classic 4k, naming the switch, and run 4k/zero with it. With
--options, pagerd's --classic and --log-format must refuse unknown names
and give way to the options that set one value; so must pgd-run's
(--pgd-run, --workloads), daemon and in-process.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

PAIR = re.compile(r"\((\d+)(?:, (\d+))?\)")


def normalise(log):
    """Drop '#' lines; rename pids in the order vm_create names them."""
    names = {}
    out = []
    for line in log.splitlines(keepends=True):
        if line.startswith("#"):
            continue
        if line.startswith("vm_create\t("):
            for pid in PAIR.search(line).groups():
                names.setdefault(pid, str(1000 + len(names)))
        out.append(PAIR.sub(lambda m: "(" + ", ".join(
            names.get(p, p) for p in m.groups() if p is not None) + ")", line))
    return "".join(out)


def run(pagerd, gen, prog, memory, files, opts=()):
    log = os.path.join(files, "log")
    open(log, "w").close()
    proc = subprocess.run([pagerd, "-m", memory, *gen, "--check", *opts,
                           "--files-dir", files, "--log", log, "--", prog],
                          cwd=files, capture_output=True, text=True, timeout=60)
    with open(log) as f:
        return proc, f.read()


def corpus(args):
    failed = 0
    src = os.path.join(args.srcdir, args.gen)
    tests = sorted(n[:-4] for n in os.listdir(src) if n.endswith(".cpp"))
    if not tests:
        sys.exit(f"run-corpus: no NAME.M.cpp in {src}")
    for test in tests:
        name, memory = test.rsplit(".", 1)
        with tempfile.TemporaryDirectory(prefix="pgd-classic-") as files:
            for n in os.listdir(src):
                if not n.endswith((".cpp", ".out")):
                    shutil.copy(os.path.join(src, n), files)
            prog = os.path.join(args.bindir, f"classic-{args.gen}-{test}")
            proc, log = run(args.pagerd, ["--classic", args.gen], prog, memory, files)
        with open(os.path.join(src, test + ".out")) as f:
            want = f.read()
        got = normalise(log)
        status = 139 if name.endswith("-segv") else 0
        if got != want or proc.returncode != status:
            failed += 1
            print(f"FAIL {args.gen}/{test}: exit {proc.returncode} (want {status})")
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), "expected", "pagerd"))
            print(proc.stderr)
        else:
            print(f"ok   {args.gen}/{test}")
    return failed


def mismatch(args):
    prog = os.path.join(args.bindir, "classic-64k-zero.4")
    with tempfile.TemporaryDirectory(prefix="pgd-classic-") as files:
        proc, log = run(args.pagerd, ["--classic", "4k"], prog, "4", files)
    wanted = ["page size 0x10000 at 0x600000000 (classic 64k)",
              "pagerd runs page size 0x1000 at 0x600000000 (classic 4k)",
              "pagerd-classic-4k", "pagerd --classic 64k"]
    missing = [w for w in wanted if w not in proc.stderr]
    logged = f"built for {wanted[0]}, {wanted[1]}; connection closed"
    if proc.returncode == 0 or missing or "vm_create" in log or logged not in log:
        print(f"FAIL mismatch: exit {proc.returncode}, missing {missing}\n"
              f"stderr:\n{proc.stderr}\nlog:\n{log}")
        return 1
    print("ok   64k program on a 4k daemon refused:\n" + proc.stderr)
    return 0


def pager(args):
    prog = os.path.join(args.bindir, "classic-4k-zero.4")
    with tempfile.TemporaryDirectory(prefix="pgd-classic-") as files:
        refused, _ = run(args.pagerd, [], prog, "4", files, ["--pager", args.pager])
        ran, log = run(args.pagerd, ["--classic", "4k"], prog, "4", files,
                       ["--pager", args.pager])
    wanted = "needs page size 0x1000 and an arena of 4096 pages at 0x600000000 " \
             "(run pagerd --classic 4k)"
    if refused.returncode != 1 or wanted not in refused.stderr:
        print(f"FAIL 4k pager under a 64k pagerd: exit {refused.returncode}\n"
              f"{refused.stderr}")
        return 1
    if ran.returncode != 0 or "vm_fault\t(" not in log:
        print(f"FAIL 4k pager under pagerd --classic 4k: exit {ran.returncode}\n"
              f"{ran.stderr}\n{log}")
        return 1
    print("ok   4k pager refused by a 64k pagerd, run by a 4k one:\n" + refused.stderr)
    return 0


def options(args):
    prog = os.path.join(args.bindir, "classic-4k-zero.4")
    failed = 0
    for bad, msg in [(["--classic", "8k"], "--classic: no generation '8k' (there are: 64k 4k)"),
                     (["--log-format", "x"], "--log-format: 'x' is neither args nor pid")]:
        proc = subprocess.run([args.pagerd, *bad], capture_output=True, text=True)
        if proc.returncode != 2 or msg not in proc.stderr:
            print(f"FAIL pagerd {' '.join(bad)}: exit {proc.returncode}\n{proc.stderr}")
            failed += 1
    with tempfile.TemporaryDirectory(prefix="pgd-classic-") as files:
        # -m before --classic still wins; --log-format args after it too
        proc, log = run(args.pagerd, ["--classic", "4k", "--log-format", "args"], prog, "3",
                        files)
    for want in ["Pager started with 3 physical memory pages\n", "vm_map\t\t(0x0, 0)\n",
                 "vm_fault\t(0x600001fff, write)\n", "\tr\tvpage 0x600000\tppage 0x0\n"]:
        if want not in log:
            print(f"FAIL --classic 4k --log-format args -m 3: no {want!r} in\n{log}")
            failed += 1
    if args.pgd_run:
        script = os.path.join(args.workloads, "alloc-order.pgd")
        for extra, want in [([], "vm_map\t\t(1001)\t0x0\t0\nvm_map returned 0x600001000\n"),
                            (["--in-process"], "vm_map\t\t(1001)\t0x0\t0\n"),
                            (["--log-format", "args"], "vm_map\t\t(0x0, 0)\nvm_map returned 0x600001000\n")]:
            proc = subprocess.run([args.pgd_run, "--classic", "4k", *extra, script],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode != 0 or want not in normalise(proc.stdout):
                print(f"FAIL pgd-run --classic 4k {' '.join(extra)}: exit {proc.returncode}\n"
                      f"{proc.stderr}{proc.stdout}")
                failed += 1
    print("options: " + ("FAIL" if failed else "ok"))
    return failed


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pagerd", required=True)
    p.add_argument("--bindir", required=True, help="where the corpus programs are built")
    p.add_argument("--srcdir", required=True, help="tests/classic")
    p.add_argument("--gen", choices=["4k", "64k"])
    p.add_argument("--mismatch", action="store_true")
    p.add_argument("--pager")
    p.add_argument("--options", action="store_true")
    p.add_argument("--pgd-run")
    p.add_argument("--workloads")
    args = p.parse_args()
    check = (mismatch if args.mismatch else pager if args.pager else
             options if args.options else corpus)
    sys.exit(1 if check(args) else 0)


main()
