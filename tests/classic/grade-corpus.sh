#!/bin/sh
# SPDX-License-Identifier: MIT
# The classic corpus of one generation through pgd-grade, as a teacher would
# grade it: grade-corpus.sh GEN PGD_GRADE PAGERD REFPAGER CLIENT_LIB_DIR
# SOURCE_DIR. Each NAME.M.cpp is built with GEN's headers and run under
# `pagerd --classic GEN` with the reference pager module, in a copy of the
# corpus (runs start in the tests' directory and may write its data
# files); its log must equal the hand-derived NAME.M.out, pids renumbered,
# whichever log form GEN prints. Every test must pass.
set -u
gen=$1 grade=$2 pagerd=$3 ref=$4 lib=$5 src=$6
dir=$(mktemp -d /tmp/grade-corpus.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cp -R "$src/tests/classic/$gen" "$dir/tests"
inc="-I$src/include/pagerd/classic-$gen -I$src/include"
"$grade" --classic "$gen" --pagerd "$pagerd" \
	--build-flags "$inc -L$lib -lpagerd-client -Wl,-rpath,$lib" "$ref" "$dir/tests" \
	>"$dir/report" 2>&1
status=$?
cat "$dir/report"
n=$(ls "$dir"/tests/*.cpp | wc -l)
if [ $status -ne 0 ] || ! grep -q "^$n tests: $n passed$" "$dir/report"; then
	echo "grade-corpus $gen: pgd-grade exited $status; not every one of $n tests passed" >&2
	exit 1
fi
