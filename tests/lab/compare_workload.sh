#!/bin/sh
# SPDX-License-Identifier: MIT
# pgd-lab compare on a workload script: compare-fifo-clock.pgd run for real
# under each online policy. Usage: compare_workload.sh PGD_LAB PGD_RUN WORKLOAD
#
# clock and fifo worked out by hand (semantics.md rules 1, 4-7; policies.md:
# fifo evicts the oldest resident page and never clears a referenced bit).
# Three frames for pages; Q is the queue, head first, with each referenced
# bit; every write makes its page dirty.
#
# clock (rule 5):
#   write a, b, c     zero-fill x3                       Q a1 b1 c1
#   read a            a is r=w=1 (dirty): no fault
#   write d           sweep clears a, b, c; a goes (dirty: swap write 1);
#                     zero-fill 4                        Q b0 c0 d1
#   read b            bits cleared: permission 1 (rule 7) Q b1 c0 d1
#   write e           b cleared and requeued, c goes (swap write 2);
#                     zero-fill 5                        Q d1 b0 e1
#   read b            permission 2                       Q d1 b1 e1
#   read c            swap-in 1 (swap read 1); sweep clears d, b, e, d goes
#                     (swap write 3)                     Q b0 e0 c1
#   read a            swap-in 2 (read 2); b goes, dirty since its write
#                     (swap write 4)                     Q e0 c1 a1
#   read d            swap-in 3 (read 3); e goes (swap write 5)
#   faults 5 + 3 + 2 = 10, soft 2, evictions clean 0 dirty 5, swap reads 3
#   writes 5; frame-taking faults 8 of 11 references: 0.727273.
# fifo:
#   write a, b, c     zero-fill x3                       Q a b c
#   read a            no fault
#   write d           a goes (swap write 1); zero-fill 4 Q b c d
#   read b            resident, bits never cleared: no fault
#   write e           b goes (swap write 2); zero-fill 5 Q c d e
#   read b            swap-in 1 (read 1), b clean now; c goes (write 3)
#   read c            swap-in 2 (read 2); d goes (write 4)
#   read a            swap-in 3 (read 3); e goes (write 5)
#   read d            swap-in 4 (read 4); b goes clean: no write
#   faults 5 + 4 = 9, soft 0, evictions clean 1 dirty 5, swap reads 4
#   writes 5; 9 of 11 references take a frame: 0.818182; 9 / 10 = 0.9000.
# References: 11 steps after the maps, each touching one page, never the same
# page twice in a row, none a read of the zero page: 11 recorded references
# for every policy. No file: file reads and writes 0.
#
# Then every online policy's row must be what pgd-run --policy P prints on
# its "# stats global:" line, with faults_vs_clock its faults / clock's; and
# --in-process gives the same table.
set -eu
lab=$1 run=$2 workload=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail=0

"$lab" compare --policies clock,fifo --csv "$workload" >"$dir/out"
want="policy,frames,refs,faults,soft_faults,evictions_clean,evictions_dirty,swap_reads,swap_writes,file_reads,file_writes,miss_ratio,faults_vs_clock
clock,3,11,10,2,0,5,3,5,0,0,0.727273,1.0000
fifo,3,11,9,0,1,5,4,5,0,0,0.818182,0.9000"
[ "$(cat "$dir/out")" = "$want" ] || { printf 'got:\n%s\nwant:\n%s\n' "$(cat "$dir/out")" "$want"; fail=1; }

# clock is run for faults_vs_clock even when not asked, and not shown.
"$lab" compare --policies fifo --csv "$workload" >"$dir/fifo"
[ "$(sed -n 2p "$dir/fifo")" = "fifo,3,11,9,0,1,5,4,5,0,0,0.818182,0.9000" ] ||
	{ echo "fifo alone:"; cat "$dir/fifo"; fail=1; }

# Every online policy (the default) against pgd-run's own statistics line.
"$lab" compare --csv "$workload" >"$dir/all"
"$lab" compare --csv --in-process "$workload" >"$dir/all.in"
cmp -s "$dir/all" "$dir/all.in" || { echo "--in-process differs:"; cat "$dir/all" "$dir/all.in"; fail=1; }
clock=$(awk -F, '$1 == "clock" { print $4 }' "$dir/all")
policies=$(awk -F, 'NR > 1 { print $1 }' "$dir/all")
[ "$(echo $policies)" = "fifo clock random nru aging wsclock clock-pro car sieve s3-fifo" ] ||
	{ echo "default policies: $policies"; fail=1; }
for p in $policies; do
	"$run" --policy "$p" --log "$dir/log" "$workload"
	# The values of the line in its order (docs/workloads.md section 4):
	# zero-fill swap-in file-in cow-copy permission failed, evictions clean
	# dirty, swap reads writes, file reads writes, then the gauges.
	want=$(grep '^# stats global: faults zero-fill=' "$dir/log" | tr ' ' '\n' | sed -n 's/^.*=//p' |
		tr '\n' ' ' | awk -v c="$clock" -v p="$p" '{ misses = $1 + $2 + $3 + $4; f = misses + $5 + $6
			printf "%s,3,11,%d,%d,%d,%d,%d,%d,%d,%d,%.6f,%.4f\n", p, f, $5, $7, $8, $9, $10, $11, $12, misses / 11, f / c }')
	got=$(awk -F, -v p="$p" '$1 == p' "$dir/all")
	[ -n "$want" ] && [ "$got" = "$want" ] || { echo "$p: compare $got, pgd-run $want"; fail=1; }
done
exit $fail
