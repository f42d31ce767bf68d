#!/bin/bash
# tests/diff/test_million.sh (ctest diff.million, label slow) -- a 10^6-task
# Lua program must run to the end on the virtual clock and print the right
# totals, and 10^6 live tasks must cost at most 1.5 KB each (issue 3): the
# peak RSS of bench/workloads/spawn_gather.lua over its start-up RSS, which
# depends on allocation sizes only (no clock), so it is the same on every
# run. Speed is measured by bench/, not here.
set -u
: "${LL_BINARY:?LL_BINARY is set by ctest}"
F=${LL_SOURCE_DIR:?LL_SOURCE_DIR is set by ctest}/tests/diff/big/million.lua
out=$(mktemp)
trap 'rm -f "$out"' EXIT
start=$(date +%s)
"$LL_BINARY" run "$F" --seed 0 >"$out" 2>&1
rc=$?
echo "looplab run big/million.lua: exit $rc, $(( $(date +%s) - start )) s wall"
cat "$out"
want='tasks=1000000 done=1000000 sum=500000500000 vtime=1.00'
fail=0
if [ $rc -eq 0 ] && grep -qx "$want" "$out"; then echo "ok - $want"
else echo "not ok - want the line '$want' and exit 0"; fail=1; fi

# Sanitizer builds pad every allocation (ASan: 2136 B/task): not measured.
if ldd "$LL_BINARY" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    echo "ok - bytes per task: skipped (sanitizer build)"
    exit $fail
fi
line=$("$LL_BINARY" bench "$LL_SOURCE_DIR/bench/workloads/spawn_gather.lua" --n 1000000 2>&1)
echo "$line"
bpn=$(printf '%s\n' "$line" | sed -n 's/.* bytes_per_n=\([0-9]*\) .*/\1/p')
if [ -n "$bpn" ] && [ "$bpn" -le 1536 ]; then echo "ok - $bpn bytes per task at 10^6 (<= 1536)"
else echo "not ok - bytes per task at 10^6 is '${bpn:-?}', want <= 1536"; fail=1; fi
exit $fail
