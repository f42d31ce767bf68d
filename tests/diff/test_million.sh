#!/bin/bash
# tests/diff/test_million.sh (ctest diff.million, label slow) -- a 10^6-task
# Lua program must run to the end on the virtual clock and print the right
# totals. Memory per task is measured by bench/, not here.
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
if [ $rc -eq 0 ] && grep -qx "$want" "$out"; then echo "ok - $want"; exit 0; fi
echo "not ok - want the line '$want' and exit 0"
exit 1
