#!/bin/sh
# SPDX-License-Identifier: MIT
# --record changes nothing the pager does. Usage: record_same_log.sh PGD_RUN
# WORKLOAD... For every workload, the event log with its statistics lines is
# the same with and without --record: in-process byte for byte; under the
# daemon up to the real pids (numbers of three digits or more, renumbered in
# order of first appearance in both logs alike: Linux hands out pids from
# 300 up once they wrap) and the daemon's own `# pagerd PID serves SOCKET`
# line, and the recording must hold at least its header.
set -eu
run=$1
shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
norm() {
	perl -ne 'next if /^# pagerd [0-9]+ serves /;
		s/(?<![0-9a-fx])([0-9]{3,})/$n{$1} \/\/= "P" . ++$c/ge; print' "$1"
}
fail=0
for w in "$@"; do
	name=$(basename "$w" .pgd)
	"$run" --in-process --log "$dir/a" "$w" 2>/dev/null || true
	"$run" --in-process --record "$dir/rec" --log "$dir/b" "$w" 2>/dev/null || true
	cmp -s "$dir/a" "$dir/b" || { echo "$name: in-process log differs with --record"; fail=1; }
	"$run" --log "$dir/a" "$w" 2>/dev/null || true
	"$run" --record "$dir/rec" --log "$dir/b" "$w" 2>/dev/null || true
	if [ "$(norm "$dir/a")" != "$(norm "$dir/b")" ]; then
		echo "$name: daemon log differs with --record"
		diff "$dir/a" "$dir/b" | head -5
		fail=1
	fi
	[ "$(head -c 8 "$dir/rec")" = "PGDREC1" ] || { echo "$name: no recording"; fail=1; }
done
exit $fail
