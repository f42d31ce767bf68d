#!/bin/bash
# bench/grade/run.sh [N] -- `looplab grade` over N generated submissions of
# exercise 1.1a (the reference, the starter and the three mutants in turn),
# --jobs 1 then --jobs 2, fresh gradebook each; prints wall seconds and the
# speed-up. Issue 5: --jobs 2 should be about twice as fast on 2 idle cores.
set -euo pipefail
N=${1:-50}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${LL_BINARY:-$ROOT/build/looplab}
E=$ROOT/lessons/week1/01-workloads/exercises/1.1a
T=$(mktemp -d /tmp/looplab-gradebench-XXXXXX)
trap 'rm -rf "$T"' EXIT
srcs=("$E/solution/downloads.py" "$E/starter/downloads.py" "$E"/mutants/*.py)
for i in $(seq 1 "$N"); do
    mkdir -p "$T/class/s$i"
    cp "${srcs[$((i % ${#srcs[@]}))]}" "$T/class/s$i/downloads.py"
done
cd "$T"
declare -A took
for j in 1 2; do
    rm -f gb$j.db*
    t0=$(date +%s.%N)
    "$BIN" grade class --exercise 1.1a --jobs $j --gradebook gb$j.db >/dev/null
    t1=$(date +%s.%N)
    took[$j]=$(awk "BEGIN{print $t1 - $t0}")
    printf 'grade N=%d jobs=%d wall=%.2fs\n' "$N" "$j" "${took[$j]}"
done
printf 'speed-up jobs 2 vs 1: %.2fx (load average %s)\n' \
    "$(awk "BEGIN{print ${took[1]} / ${took[2]}}")" "$(cut -d' ' -f1 /proc/loadavg)"
