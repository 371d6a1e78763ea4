#!/bin/sh
# SPDX-License-Identifier: MIT
# One behaviour of pgd-grade per run: grade.sh CASE PGD_GRADE PAGERD REFPAGER
# FIFO_PAGER BAD_PAGER_DIR CLIENT_LIB_DIR SOURCE_DIR. Fails with a message
# naming what was not as expected.
set -u
case=$1 grade=$2 pagerd=$3 ref=$4 fifo=$5 bad=$6 lib=$7 src=$8
here=$src/tests/grade
out=$(mktemp -d /tmp/grade-test.XXXXXX)
trap 'rm -rf "$out"' EXIT
flags="-I$src/include -L$lib -lpagerd-client -Wl,-rpath,$lib"

fail() { echo "grade_$case: $*" >&2; cat "$out/report" >&2; exit 1; }
run() { "$grade" --pagerd "$pagerd" --build-flags "$flags" --pager-flags "-I$src/include" "$@" \
	>"$out/report" 2>&1; echo $? >"$out/status"; }
status() { [ "$(cat "$out/status")" = "$1" ] || fail "exit status $(cat "$out/status"), not $1"; }
has() { grep -qF -- "$1" "$out/report" || fail "no '$1' in the report"; }

case $case in
reference) # the hand-derived outputs of progs/ are the reference pager's
	run "$ref" "$here/progs"; status 0
	has "evict.3       pass"; has "write-read.4  pass"; has "2 tests: 2 passed" ;;
fifo) # ... and fifo/ the example FIFO pager's
	run -e "$here/fifo" "$fifo" "$here/progs"; status 0; has "2 tests: 2 passed" ;;
fifo_sources) # the pager given as sources is built first
	run -e "$here/fifo" "$src/examples/pagers/fifo_pager.cpp" "$here/progs"; status 0
	has "2 tests: 2 passed"
	run -e "$here/progs" "$src/examples/pagers/fifo_pager.cpp" "$here/progs"; status 1
	has "2 tests: 0 passed, 2 fail" ;;
wrong) # maps no zero page: line 9 of write-read.4.out is where it differs
	run --only write-read.4 "$bad/grade_pager_wrong.so" "$here/progs"; status 1
	has "write-read.4  fail"; has "line 9 differs"
	has "  vm_map returned 0x600000000"
	has "- 					r	vpage 0x60000	ppage 0x0"
	has "+ vm_fault	(0x600000000, write)" ;;
crash)
	run --only write-read.4 "$bad/grade_pager_crash.so" "$here/progs"; status 1
	has "write-read.4  crash"; has "the pager" ;;
hang)
	start=$(date +%s)
	run --only write-read.4 --timeout 2 "$bad/grade_pager_hang.so" "$here/progs"; status 1
	has "write-read.4  timeout"; has "no end within 2 s"
	[ $(($(date +%s) - start)) -lt 20 ] || fail "took $(($(date +%s) - start)) s" ;;
storm) # forks fail at the bound (RLIMIT_NPROC) or, as root, the group is killed
	run --nproc 40 --timeout 60 "$ref" "$here/storm"; status 1
	if [ "$(id -u)" = 0 ]; then
		has "storm.4  process-limit"; has "more than 40 processes (--nproc)"
	else
		has "storm.4  fail"; has "+ fork failed: bounded"
	fi ;;
json)
	run --json "$out/r.json" -e "$here/fifo" "$fifo" "$here/progs"; status 0
	/usr/bin/python3 -m json.tool "$out/r.json" >/dev/null || fail "r.json is no JSON"
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
assert [(t["name"], t["result"]) for t in d["tests"]] == [("evict.3","pass"),("write-read.4","pass")], d' \
		"$out/r.json" || fail "r.json: wrong results" ;;
junit)
	run --junit "$out/r.xml" "$bad/grade_pager_wrong.so" "$here/progs"; status 1
	/usr/bin/python3 -c 'import sys, xml.dom.minidom as m
s = m.parse(sys.argv[1]).documentElement
assert s.tagName == "testsuite" and s.getAttribute("tests") == "2" and s.getAttribute("failures") == "2", s.toxml()
assert len(s.getElementsByTagName("failure")) == 2' "$out/r.xml" || fail "r.xml: not the JUnit expected" ;;
emit_jobs) # one command per test, which GNU parallel runs
	run --emit-jobs -o "$out/o" "$ref" "$here/progs"; status 0
	[ "$(wc -l <"$out/report")" = 2 ] || fail "not one line per test"
	mkdir "$out/o"
	parallel --will-cite -j 2 <"$out/report" >"$out/par" 2>&1 || { cat "$out/par" >"$out/report"; fail "parallel failed"; }
	cp "$out/par" "$out/report"
	[ "$(grep -c '1 tests: 1 passed' "$out/report")" = 2 ] || fail "not two passing jobs" ;;
usage)
	run; status 2; has "give a PAGER and a TESTS-DIR"
	run --jobs 0 "$ref" "$here/progs"; status 2; has "--jobs=0"
	run "$ref" "$here/nonexistent"; status 2; has "$here/nonexistent"
	run "$out/missing.so" "$here/progs"; status 2; has "$out/missing.so"
	"$grade" --help | grep -q "^Usage: pgd-grade" || fail "--help"
	"$grade" --version | grep -q "^pgd-grade" || fail "--version" ;;
*) fail "no such case" ;;
esac
exit 0
