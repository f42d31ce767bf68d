#!/bin/bash
# bench smoke: every benchmark workload still runs at N=100 and prints the
# peers' one-line format. Asserts completion and the shape of the line,
# never speed.
. "$(dirname "$0")/lib.sh"

# Every workload of bench/run.sh.
WL=${BENCH_SMOKE:-"spawn_gather timers timers_cb queue_pc semaphore_fanout switch tcp_echo"}
FIELDS="workload peer n seconds peak_rss_kb base_rss_kb bytes_per_n us_per_n"
for w in $WL; do
    expect_exit 0 "bench $w n=100" -- "$BIN" bench "$SRC/bench/workloads/$w.lua" --n 100
    expect_grep "^workload=$w peer=looplab n=100 seconds=[0-9.]* " "$T/out" "$w: line starts in the peers' format"
    for f in $FIELDS; do
        grep -q " \?$f=[0-9a-z._-]" "$T/out" || bad "$w: no $f= field"
    done
    [ "$(wc -l < "$T/out")" = 1 ] && ok "$w: exactly one line" || bad "$w: $(wc -l < "$T/out") lines"
    case $w in
    timers) expect_grep " min_late_ms=[0-9]" "$T/out" "timers: never early (min lateness >= 0)" ;;
    queue_pc) expect_grep " items_per_s=[0-9]" "$T/out" "queue_pc: items_per_s" ;;
    semaphore_fanout) expect_grep " max_conc=100$" "$T/out" "semaphore_fanout: max concurrency 100" ;;
    switch) expect_grep " ns_per_switch=[0-9]" "$T/out" "switch: ns_per_switch" ;;
    tcp_echo) expect_grep " clients=100 msgs=100 msgs_per_s=[0-9]" "$T/out" "tcp_echo: 100 clients, 100 messages" ;;
    esac
done

# Issue 3's memory target: <= 1536 B per task at 10^5 (peak RSS, so glibc's
# chunk rounding and the registry's growth count). Sanitizer builds shadow
# every byte: not measured there.
if ldd "$BIN" 2>/dev/null | grep -q 'libasan\|libtsan'; then
    ok "spawn_gather bytes per task: skipped (sanitizer build)"
else
    "$BIN" bench "$SRC/bench/workloads/spawn_gather.lua" --n 100000 >"$T/out" 2>"$T/err"
    b=$(sed -n 's/.* bytes_per_n=\([0-9]*\) .*/\1/p' "$T/out")
    if [ -n "$b" ] && [ "$b" -le 1536 ]; then ok "spawn_gather at 10^5: $b B/task <= 1536"
    else bad "spawn_gather at 10^5: '${b:-none}' B/task, want <= 1536"; cat "$T/out" "$T/err"; fi
fi

# Bad input gets a clear error.
expect_exit 4 "bench without a file" -- "$BIN" bench
expect_exit 4 "bench --n junk" -- "$BIN" bench "$SRC/bench/workloads/timers.lua" --n 12x
expect_grep "positive whole number" "$T/err" "--n error names the argument"
printf 'aio.run(function() end)\n' > "$T/noreport.lua"
expect_exit 1 "workload that reports nothing" -- "$BIN" bench "$T/noreport.lua"
expect_grep "printed no seconds= field" "$T/err" "says what is missing"
finish
