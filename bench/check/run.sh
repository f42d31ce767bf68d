#!/bin/bash
# bench/check/run.sh [REPS] [ID...] -- `looplab check` of every Python
# exercise's reference solution (or the IDs given), with all its scenarios:
# wall seconds per grading (min / median / max over REPS, default 20) with
# two busy-loop processes keeping both cores busy, and whether the REPS
# results were identical (the JSON without its wall time). Issue 15: under
# 1 s wall per exercise on this machine, identical every time.
set -uo pipefail
REPS=${1:-20}
shift || true
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${LL_BINARY:-$ROOT/build/looplab}
PY=/usr/bin/python3
T=$(mktemp -d /tmp/looplab-checkbench-XXXXXX)
spin=()
cleanup() { for p in "${spin[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$T"; }
trap cleanup EXIT
export LOOPLAB_HOME=$T/ws LOOPLAB_DB=$T/db HOME=$T NO_COLOR=1
ids=("$@")
if [ ${#ids[@]} -eq 0 ]; then
    mapfile -t ids < <("$BIN" list | awk '$2=="python"{print $1}')
fi
for _ in 1 2; do $PY -c 'while True: pass' & spin+=($!); done
printf '%-6s %5s %6s %6s %6s  %s\n' id runs min med max identical
for id in "${ids[@]}"; do
    dir=$(ls -d "$ROOT"/lessons/week*/*/exercises/"$id" 2>/dev/null | head -1)
    file=$(sed -n 's/^ *file *= *"\(.*\)".*/\1/p' "$dir/exercise.lua" | head -1)
    sol=$dir/solution/$file
    : >"$T/walls"
    : >"$T/seen"
    for _ in $(seq 1 "$REPS"); do
        t0=$(date +%s.%N)
        "$BIN" check "$id" --file "$sol" --json >"$T/out" 2>/dev/null
        t1=$(date +%s.%N)
        awk "BEGIN{print $t1 - $t0}" >>"$T/walls"
        $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("wall",None); print(json.dumps(d,sort_keys=True))' "$T/out" >>"$T/seen"
    done
    same=$([ "$(sort -u "$T/seen" | wc -l)" = 1 ] && echo yes || echo NO)
    sort -n "$T/walls" | awk -v id="$id" -v same="$same" '{a[NR]=$1} END{printf "%-6s %5d %6.2f %6.2f %6.2f  %s\n", id, NR, a[1], a[int((NR+1)/2)], a[NR], same}'
done
printf 'load average %s, %s cores\n' "$(cut -d' ' -f1 /proc/loadavg)" "$(nproc)"
