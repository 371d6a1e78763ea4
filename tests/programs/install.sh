#!/bin/sh
# SPDX-License-Identifier: MIT
# cmake --install into a temporary prefix, then build the classic C and C++
# programs as a user would (pkg-config pagerd, pagerd-classic-4k) and run them under the
# installed pagerd. Usage: install.sh BUILD_DIR PROGRAMS_SOURCE_DIR
set -eu
build=$1
src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name pagerd.pc)")
export PKG_CONFIG_PATH
cc "$src/cow.c" -o "$prefix/cow" $(pkg-config --cflags --libs pagerd)
c++ "$src/cow.cpp" -o "$prefix/cow-cxx" $(pkg-config --cflags --libs pagerd)
cd "$prefix"
head -c 65536 /dev/zero | tr '\0' F >data1.bin
"$prefix/bin/pagerd" --log c.log -- ./cow
head -c 65536 /dev/zero | tr '\0' F >data1.bin
"$prefix/bin/pagerd" --log cxx.log -- ./cow-cxx
grep -q '^vm_create' c.log
[ "$(grep -c '^vm_' c.log)" -eq "$(grep -c '^vm_' cxx.log)" ]
# A classic-4k program builds with its generation's pkg-config module and
# runs under pagerd --classic 4k (docs/classic.md).
c++ "$src/../classic/4k/name-cross.4.cpp" -o "$prefix/cross4k" \
	$(pkg-config --cflags --libs pagerd-classic-4k)
cp "$src/../classic/4k/data.bin" "$prefix/data.bin"
"$prefix/bin/pagerd" --classic 4k --log 4k.log -- ./cross4k
grep -q '^file_read	data.bin	1$' 4k.log
