#!/bin/sh
# SPDX-License-Identifier: MIT
# A trace driving a process under the real pager (pgd-lab convert --to pgd).
# Usage: drive_check.sh PGD_RUN PGD_LAB
# 1. A trace whose every page is first referenced by a write (so the
#    script's rule, "a page's first reference writes it", changes nothing):
#    for each online policy, pgd-lab sim of the trace itself must give the
#    pager's counts under a private pagerd and in process: faults =
#    zero-fill + swap-in, soft faults = permission, evictions clean and
#    dirty. Frames: the script's memory less the pinned zero page.
# 2. A trace that reads pages before writing them: the script writes them
#    first, and the run's recording (what it really referenced) replayed by
#    pgd-lab gives the pager's counts; every read checked its page's value.
set -eu
run=$1 lab=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
frames=5
# 600 references to 12 pages, a hot third; seeded (any awk's generator will
# do: both sides read the same file). Part 1: first references write.
awk 'BEGIN { srand(7); for (i = 0; i < 600; i++) {
	p = rand() < 0.6 ? int(rand() * 4) : int(rand() * 12)
	w = !(p in seen) || rand() < 0.3; seen[p] = 1
	print p (w ? " w" : "") } }' >"$dir/first-write.txt"
awk 'BEGIN { srand(8); for (i = 0; i < 600; i++) {
	p = rand() < 0.6 ? int(rand() * 4) : int(rand() * 12)
	print p (rand() < 0.3 ? " w" : "") } }' >"$dir/read-first.txt"
grep -qv w "$dir/read-first.txt" || { echo "the read-first trace has no read"; exit 1; }

# The pager's counts in a log: faults soft clean dirty.
pager_counts() {
	sed -n 's/^# stats global: faults zero-fill=\([0-9]*\) swap-in=\([0-9]*\) .* permission=\([0-9]*\) .* evictions clean=\([0-9]*\) dirty=\([0-9]*\) .*/\1 \2 \3 \4 \5/p' "$1" |
		awk '{ print $1 + $2, $3, $4, $5 }'
}
lab_counts() {
	"$lab" sim --policy "$1" --frames "$frames" --csv "$2" | awk -F, 'NR == 2 { print $4, $6, $7, $8 }'
}

fail=0
for t in first-write read-first; do
	"$lab" convert --frames "$frames" "$dir/$t.txt" "$dir/$t.pgd"
	grep -qx "memory $((frames + 1))" "$dir/$t.pgd" || { echo "$t.pgd: no memory line"; exit 1; }
	for policy in fifo clock random nru aging wsclock clock-pro car sieve s3-fifo; do
		"$run" --policy "$policy" --record "$dir/rec" --log "$dir/log" "$dir/$t.pgd" ||
			{ echo "$t, $policy: the driven run failed"; fail=1; continue; }
		"$run" --in-process --policy "$policy" --log "$dir/log.in" "$dir/$t.pgd" ||
			{ echo "$t, $policy: the in-process run failed"; fail=1; continue; }
		want=$(pager_counts "$dir/log")
		[ -n "$want" ] || { echo "$t, $policy: no statistics in the log"; fail=1; continue; }
		[ "$want" = "$(pager_counts "$dir/log.in")" ] ||
			{ echo "$t, $policy: daemon $want, in process $(pager_counts "$dir/log.in")"; fail=1; }
		if [ "$t" = first-write ]; then got=$(lab_counts "$policy" "$dir/$t.txt")
		else got=$(lab_counts "$policy" "$dir/rec"); fi
		if [ "$want" != "$got" ]; then
			echo "$t, $policy: pager faults soft clean dirty = $want, pgd-lab sim = $got"
			fail=1
		fi
	done
done
exit $fail
