#!/bin/bash
# bench/run.sh [N] -- looplab vs asyncio vs uvloop, side by side, in ONE run.
#
#   bench/run.sh                 # N = 100000, every workload, 1 rep
#   bench/run.sh 10000           # another N
#   REPS=3 NS="10000 1000000" PEERS=looplab bench/run.sh
# Env: NS (overrides N; space-separated), REPS (1), PEERS ("asyncio uvloop
#      looplab"), WORKLOADS (the six + timers_cb), CAP seconds per run (120),
#      LOOPLAB (build/looplab), PEERS_DIR (the shared peer benchmarks:
#      ../shared/bench/peers beside the repo, or /work/shared/bench/peers),
#      PY (/usr/bin/python3: Debian's, which sees python3-uvloop), OUT (a TSV
#      of every line, default bench/results/last.tsv).
# Every run prints the peers' one-line format (workload= peer= n= seconds=
# peak_rss_kb= base_rss_kb= bytes_per_n= us_per_n= ...). Reps are the outer
# loop and peers alternate inside it, so machine drift hits everyone alike.
# At the end, bench/summarize.py prints the per-op table and looplab's
# ratios against uvloop with the issue-3 targets.
set -u
cd "$(dirname "$0")/.."
N=${1:-100000}
NS=${NS:-$N}
REPS=${REPS:-1}
PEERS=${PEERS:-"asyncio uvloop looplab"}
WORKLOADS=${WORKLOADS:-"spawn_gather timers timers_cb queue_pc semaphore_fanout switch tcp_echo"}
CAP=${CAP:-120}
LOOPLAB=${LOOPLAB:-build/looplab}
PY=${PY:-/usr/bin/python3}
OUT=${OUT:-bench/results/last.tsv}
if [ -z "${PEERS_DIR:-}" ]; then
  for d in ../shared/bench/peers /work/shared/bench/peers; do
    [ -f "$d/py/aio_bench.py" ] && { PEERS_DIR=$d; break; }
  done
fi

case " $PEERS " in *" looplab "*)
  [ -x "$LOOPLAB" ] || { echo "bench: $LOOPLAB not built (make build)" >&2; exit 1; } ;;
esac
case " $PEERS " in *" asyncio "*|*" uvloop "*)
  [ -n "${PEERS_DIR:-}" ] || { echo "bench: peer scripts not found; set PEERS_DIR" >&2; exit 1; } ;;
esac
case " $PEERS " in *" uvloop "*)
  $PY -c 'import uvloop' 2>/dev/null ||
    { echo "bench: uvloop missing: sh tools/deps.sh bench (apt python3-uvloop)" >&2; exit 1; } ;;
esac

cmd_for() { # peer workload n
  case $1 in
    asyncio|uvloop) echo "$PY $PEERS_DIR/py/aio_bench.py --loop $1 --workload $2 --n $3" ;;
    looplab) echo "$LOOPLAB bench bench/workloads/$2.lua --n $3" ;;
  esac
}

mkdir -p "$(dirname "$OUT")"
printf 'rep\tpeer\tworkload\tn\trc\tline\n' > "$OUT"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for rep in $(seq 1 "$REPS"); do
  for w in $WORKLOADS; do
    for n in $NS; do
      for peer in $PEERS; do
        timeout "$CAP" $(cmd_for "$peer" "$w" "$n") > "$tmp" 2>&1
        rc=$?
        line=$(grep 'seconds=' "$tmp" | tail -1)
        if [ "$rc" != 0 ] || [ -z "$line" ]; then
          [ "$rc" = 124 ] && line="timeout>${CAP}s" || line="failed rc=$rc: $(tail -3 "$tmp" | tr '\n' ' ')"
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$peer" "$w" "$n" "$rc" "$line" >> "$OUT"
        echo "$line"
      done
    done
  done
done
echo "wrote $OUT" >&2
${SUMMARY_PY:-python3} bench/summarize.py "$OUT"
