#!/bin/sh
# SPDX-License-Identifier: MIT
# pgd-lab compare on the textbook string 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1
# 7 0 1 with 3 frames. Usage: compare_check.sh PGD_LAB. Expected by hand:
# OPT 9, LRU 12, FIFO 15 faults (the textbook's numbers); 6 distinct pages,
# so I/O reads are faults - 6; no writes, so no dirty eviction and no I/O
# write; evictions are faults - 3; clock against itself is 1.
set -eu
lab=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
for p in 7 0 1 2 0 3 0 4 2 3 0 3 2 1 2 0 1 7 0 1; do echo "$p"; done >"$dir/t.txt"
"$lab" compare --policies clock,opt,lru,fifo --frames 3 --csv "$dir/t.txt" >"$dir/out"
got=$(awk -F, 'NR > 1 { print $1, $3, $5, $6, $7, $8 }' "$dir/out")
want="clock $(awk -F, '$1 == "clock" { print $3, $3 - 3, 0, $3 - 6, 0 }' "$dir/out")
opt 9 6 0 3 0
lru 12 9 0 6 0
fifo 15 12 0 9 0"
[ "$got" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$got" "$want"; exit 1; }
[ "$(awk -F, '$1 == "clock" { print $10 }' "$dir/out")" = 1.0000 ] || { echo "clock vs clock"; exit 1; }
[ "$(awk -F, '$1 == "opt" { print $10 }' "$dir/out")" = \
  "$(awk -F, '$1 == "clock" { printf "%.4f", 9 / $3 }' "$dir/out")" ] || { echo "opt vs clock"; exit 1; }
"$lab" compare --frames 3 --json "$dir/t.txt" | grep -q '"policy": *"lirs"' ||
	{ echo "compare without --policies does not run every policy"; exit 1; }
