#!/bin/sh
# SPDX-License-Identifier: MIT
# The installed tree works for a user, then goes away. cmake --install into
# a temporary prefix; every installed tool answers --help and --version and
# has a man page; the classic C and C++ programs build with pkg-config and
# one with find_package(pagerd) (pagerd::client), and run under the
# installed pagerd, as does a classic-4k program built with pkg-config
# pagerd-classic-4k under pagerd --classic 4k; the installed pgd-run runs a workload through a daemon
# (its libexec helper must find the client library); pagerctl --embedded
# inspects `pagerd -- PROGRAM`, and its web view serves the page and the
# log; the installed pgd-grade, with its default
# pkg-config flags and the pagerd on PATH, builds the example FIFO pager
# from source and passes tests/grade/progs with it; the uninstall target leaves the prefix
# empty. Usage: install.sh BUILD_DIR PROGRAMS_SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
prefix=$(mktemp -d)
work=$(mktemp -d)
pid=
web=
trap '[ -z "$web" ] || kill "$web" 2>/dev/null; [ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$prefix" "$work"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name pagerd.pc)")
export PKG_CONFIG_PATH

# Every tool, the libexec helper included, answers --help and --version.
launch=$(find "$prefix" -path '*/libexec/pagerd/pgd-run-launch')
[ -x "$launch" ]
[ ! -e "$prefix/bin/pgd-run-launch" ]
for tool in "$prefix/bin/pagerd" "$prefix/bin/pgd-run" "$prefix/bin/pagerctl" \
	"$prefix/bin/pgd-lab" "$prefix/bin/pgd-grade" "$launch"; do
	"$tool" --help | grep -q "^Usage: $(basename "$tool")"
	"$tool" --version | grep -qx "$(basename "$tool") [0-9.]*"
done
for page in pagerd pgd-run pagerctl pgd-lab pgd-grade; do
	[ -s "$prefix/share/man/man1/$page.1" ]
done

cc "$src/cow.c" -o "$work/cow" $(pkg-config --cflags --libs pagerd)
c++ "$src/cow.cpp" -o "$work/cow-cxx" $(pkg-config --cflags --libs pagerd)
mkdir "$work/fp"
cat >"$work/fp/CMakeLists.txt" <<EOT
cmake_minimum_required(VERSION 3.18)
project(usepagerd C)
find_package(pagerd 0.1 REQUIRED)
add_executable(cow-fp "$src/cow.c")
target_link_libraries(cow-fp PRIVATE pagerd::client)
EOT
cmake -S "$work/fp" -B "$work/fp/build" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/fp/build" >/dev/null
cd "$work"
for prog in cow cow-cxx fp/build/cow-fp; do
	head -c 65536 /dev/zero | tr '\0' F >data1.bin
	"$prefix/bin/pagerd" --log "$(basename "$prog").log" -- "./$prog"
done
grep -q '^vm_create' cow.log
[ "$(grep -c '^vm_' cow.log)" -eq "$(grep -c '^vm_' cow-cxx.log)" ]
[ "$(grep -c '^vm_' cow.log)" -eq "$(grep -c '^vm_' cow-fp.log)" ]

# A classic-4k program builds with its generation's pkg-config module and
# runs under pagerd --classic 4k (docs/classic.md).
c++ "$src/../classic/4k/name-cross.4.cpp" -o "$work/cross4k" \
	$(pkg-config --cflags --libs pagerd-classic-4k)
cp "$src/../classic/4k/data.bin" "$work/data.bin"
"$prefix/bin/pagerd" --classic 4k --log 4k.log -- ./cross4k
grep -q '^file_read	data.bin	1$' 4k.log

# pgd-run through a daemon: the helper runs from libexec.
cat >w.pgd <<'EOT'
memory 3
swap 2
process A
	map a swap
	write a 7
	read a 7
end
EOT
"$prefix/bin/pgd-run" w.pgd >w.log
grep -q '^vm_fault' w.log

# pagerctl finds the private daemon of `pagerd -- PROGRAM` by its pid.
mkfifo go
"$prefix/bin/pagerd" --log e.log -- sh -c 'read x <go' &
pid=$!
n=0
until grep -q "^# pagerd $pid serves " e.log 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 100 ]; sleep 0.05
done
"$prefix/bin/pagerctl" --embedded "$pid" status | grep -q '^sessions: *0$'
# The installed pagerctl web serves its embedded page and the log's tail.
"$prefix/bin/pagerctl" --embedded "$pid" web --port 0 --log e.log >web.out &
web=$!
n=0
until grep -q 'http://' web.out 2>/dev/null; do
	n=$((n + 1)); [ $n -lt 100 ]; sleep 0.05
done
/usr/bin/python3 - "$(sed -n 's|.* is at \(http://[^ ]*\)$|\1|p' web.out)" <<'EOT'
import sys, urllib.request
url = sys.argv[1]
page = urllib.request.urlopen(url, timeout=10).read().decode()
assert "pagerd live view" in page, page[:200]
log = urllib.request.urlopen(url + "log", timeout=10).read().decode()
assert log.startswith("# pagerd "), log[:200]
EOT
kill "$web"
wait "$web"
web=
echo >go
wait "$pid"
pid=

# pgd-grade as a student runs it: pager sources, the installed headers.
PATH="$prefix/bin:$PATH" "$prefix/bin/pgd-grade" -e "$src/../grade/fifo" \
	"$src/../../examples/pagers/fifo_pager.cpp" "$src/../grade/progs" >grade.txt
grep -q '^2 tests: 2 passed$' grade.txt

# Uninstall: nothing is left in the prefix.
cmake --build "$build" --target uninstall >/dev/null
left=$(find "$prefix" -mindepth 1)
[ -d "$prefix" ] && [ -z "$left" ]
