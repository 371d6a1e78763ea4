#!/bin/sh
# SPDX-License-Identifier: MIT
# --record cross-check. Usage: record_check.sh PGD_RUN PGD_LAB WORKLOAD
# For each online policy, WORKLOAD (one process, swap pages only) runs under
# a private pagerd with --record; pgd-lab sim of the recording with one
# frame less than the machine's memory pages (frame 0 is the pinned zero
# page) must give the pager's own counts: faults = zero-fill + swap-in
# (misses), soft faults = permission, evictions clean and dirty. The
# in-process run must record the very same references (pids aside).
set -eu
run=$1 lab=$2 workload=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
frames=$(($(sed -n 's/^memory \([0-9]*\)$/\1/p' "$workload") - 1))
fail=0
for policy in fifo clock random nru aging wsclock clock-pro car sieve s3-fifo; do
	"$run" --policy "$policy" --record "$dir/rec" --log "$dir/log" "$workload"
	"$run" --in-process --policy "$policy" --record "$dir/rec.in" --log "$dir/log.in" \
		"$workload"
	# The same references, apart from the pid (bytes 0-3 of each record).
	if [ "$(od -An -v -tx1 -w16 -j16 "$dir/rec" | cut -c13-)" != \
	     "$(od -An -v -tx1 -w16 -j16 "$dir/rec.in" | cut -c13-)" ]; then
		echo "$policy: the daemon and the in-process run recorded different references"
		fail=1
	fi
	want=$(sed -n 's/^# stats global: faults zero-fill=\([0-9]*\) swap-in=\([0-9]*\) .* permission=\([0-9]*\) .* evictions clean=\([0-9]*\) dirty=\([0-9]*\) .*/\1 \2 \3 \4 \5/p' "$dir/log" |
		awk '{ print $1 + $2, $3, $4, $5 }')
	got=$("$lab" sim --policy "$policy" --frames "$frames" --csv "$dir/rec" |
		awk -F, 'NR == 2 { print $4, $6, $7, $8 }')
	if [ "$want" != "$got" ]; then
		echo "$policy: pager faults soft clean dirty = $want, pgd-lab sim = $got"
		fail=1
	fi
	[ -n "$want" ] || { echo "$policy: no statistics in the log"; fail=1; }
done
exit $fail
