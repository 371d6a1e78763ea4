#!/bin/sh
# SPDX-License-Identifier: MIT
# One failing pager under pagerd: run.sh PAGERD TOUCH MODULE KIND.
# `pagerd --pager MODULE -- TOUCH` runs with a private TMPDIR; the expected
# report is derived by hand from bad_pager.c and docs/usage.md ("When the
# pager fails"): TOUCH's first pager calls are vm_map(0x0, 0) (the
# swap-backed page, at the arena's base 0x600000000) and then
# vm_fault(0x600000000, write) (its first access is a write), and the bad
# pager fails in that vm_fault (in the vm_map for map_outside). pagerd must
# exit with 70, say the call, TOUCH's pid and the signal or the check on
# standard error and in the log right after the call's own line, name
# vm_fault in a frame where it crashed or hung, end TOUCH with the client's
# message, and leave nothing in TMPDIR. KIND none is the control: the same
# pager without a bug runs TOUCH to the end.
set -u
pagerd=$1 touch=$2 module=$3 kind=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
fail() { echo "pagerfail $kind: $*" >&2; echo "--- output:" >&2; cat "$work/out" >&2;
         echo "--- log tail:" >&2; tail -n 12 "$work/log" >&2; exit 1; }

start=$(date +%s)
TMPDIR="$work/tmp" "$pagerd" -m 4 --pager-timeout 1 --pager "$module" --log "$work/log" \
	-- "$touch" >"$work/out" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))
pid=$(sed -n 's/^touch: pid \([0-9]*\)$/\1/p' "$work/out")
[ -n "$pid" ] || fail "touch did not start"
[ -z "$(ls -A "$work/tmp")" ] || fail "left behind in TMPDIR: $(ls -A "$work/tmp")"

if [ "$kind" = none ]; then
	[ $status -eq 0 ] || fail "status $status, not 0"
	grep -qx touched "$work/out" || fail "touch did not finish"
	! grep -q "the pager failed" "$work/out" "$work/log" || fail "a failure was reported"
	exit 0
fi

[ $status -eq 70 ] || fail "status $status, not 70"
fault="vm_fault(0x600000000, write) for pid $pid"
case $kind in
segv) call=$fault; cause='SIGSEGV (Segmentation fault at address (nil))'; frame=vm_fault ;;
bus) call=$fault; cause='SIGBUS (Bus error at address 0x'; frame=vm_fault ;;
abort) call=$fault; cause='SIGABRT (Aborted)'; frame=vm_fault ;;
assert) call=$fault; cause='SIGABRT (Aborted)'; frame=vm_fault
	grep -q "Assertion .* failed" "$work/out" || fail "no assertion message" ;;
hang) call=$fault; cause='did not return within 1 s (--pager-timeout)'; frame=vm_fault
	[ $elapsed -le 5 ] || fail "took $elapsed s with --pager-timeout 1" ;;
frame) call=$fault; frame=
	cause="invalid result: the page table entry of pid $pid vpage 0x60000 names frame 9, beyond physical memory (4 frames)" ;;
write_only) call=$fault; frame=
	cause="invalid result: the page table entry of pid $pid vpage 0x60000 is writable but not readable (write_enable without read_enable)" ;;
map_outside) call="vm_map(0x0, 0) for pid $pid"; frame=
	cause='invalid result: vm_map returned 0x1000, outside the arena (0x600000000 to 0x601000000)' ;;
fault_idle) call=$fault; frame=
	cause="invalid result: vm_fault returned 0 100 times in a row for pid $pid vpage 0x60000 without allowing the write" ;;
*) fail "unknown kind" ;;
esac
report="the pager failed in $call: $cause"
grep -qF "pagerd: $report" "$work/out" || fail "no report '$report' on stderr"
# in the log: the report right after the failing call's own line, and
# after the result it returned where the check was on that result (a
# vm_map's is checked before it is logged)
case $kind in
map_outside) before=$(printf 'vm_map\t\t(0x0, 0)') ;;
frame|write_only) before=$(printf 'vm_fault\t(0x600000000, write)\nvm_fault returned 0') ;;
fault_idle) before=$(printf 'vm_fault\t(0x600000000, write)\nvm_fault returned 0\n\t\t\t\t\treturning to (%s) with r|w pages:' "$pid")
	# the bound: the 100th answer of 0 in a row is the failure
	[ "$(grep -cxF "$(printf 'vm_fault\t(0x600000000, write)')" "$work/log")" -eq 100 ] ||
		fail "not 100 faults before the failure" ;;
*) before=$(printf 'vm_fault\t(0x600000000, write)') ;;
esac
n=$(printf '%s\n' "$before" | wc -l)
[ "$(grep -B"$n" -F "# $report" "$work/log" | head -n "$n")" = "$before" ] ||
	fail "the log does not show the call, then the report"
if [ -n "$frame" ]; then
	grep -Eq "^pagerd:   #[0-9]+ $frame(\.cold)?\+0x[0-9a-f]+ \(.*$(basename "$module")\+0x[0-9a-f]+\)$" "$work/out" ||
		fail "no frame naming $frame"
fi
grep -qF "pagerd-client: the pager failed; pagerd ended every process" "$work/out" ||
	fail "no client message"
! grep -qx touched "$work/out" || fail "touch went on after the failure"
exit 0
