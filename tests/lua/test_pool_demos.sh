# tests/lua/test_pool_demos.sh -- the L3.1, L3.3, L4.2 and L4.3 demo
# scripts (docs/examples/pools) behave as their headers say, run
# through `looplab run`. Structural checks only (lost updates > 0 / == 0,
# GIL switches, message counts, error paths), never wall speed; and no
# child process may be left behind.
set -u
BIN=${LL_BINARY:?LL_BINARY is set by ctest}
SRC=${LL_SOURCE_DIR:?LL_SOURCE_DIR is set by ctest}
EXD=$SRC/docs/examples/pools
T=$(mktemp -d /tmp/looplab-pools-XXXXXX)
trap 'rm -rf "$T"' EXIT
FAILS=0
PASSES=0
ok()  { PASSES=$((PASSES + 1)); echo "ok - $*"; }
bad() { FAILS=$((FAILS + 1)); echo "not ok - $*"; }

# run NAME KNOBS: the demo with `knobs = {...}` prepended (smaller sizes)
run() {
    { echo "knobs = {$2}"; cat "$EXD/$1.lua"; } > "$T/$1.lua"
    if "$BIN" run "$T/$1.lua" > "$T/$1.out" 2> "$T/$1.err"; then
        ok "$1 runs"
    else
        bad "$1 exits $?"; sed 's/^/    /' "$T/$1.out" "$T/$1.err"
    fi
}
has() {  # NAME PATTERN DESCRIPTION
    if grep -Eq -- "$2" "$T/$1.out"; then ok "$1: $3"
    else bad "$1: $3 (no /$2/)"; sed 's/^/    /' "$T/$1.out"; fi
}

run l3_1_lost_updates "moves = 5000"
has l3_1_lost_updates '^unlocked .*lost updates=[1-9][0-9]*$' "unlocked bots lose updates"
has l3_1_lost_updates '^locked .*inventory=20000 of 20000  lost updates=0$' "locked bots lose none"
has l3_1_lost_updates '^GIL on, .* [1-9][0-9]* switches$' "the GIL switched threads"

run l3_3_gil "n = 300000, io = 0.05"
has l3_3_gil '^CPU, GIL on : speed-up [0-9.]+x  \(GIL switches [1-9][0-9]*\)$' "CPU threads hand the GIL over"
has l3_3_gil '^CPU, GIL off: speed-up [0-9.]+x  \(GIL switches 0\)$' "free threading never switches"
has l3_3_gil '^I/O, GIL on : speed-up [0-9.]+x  \(4 sleeps' "I/O threads ran"

run l4_2_chunking "items = 2000"
has l4_2_chunking '^chunksize 1 +messages +2000 ' "chunksize 1: one message per item"
has l4_2_chunking '^chunksize default +messages +8 ' "default chunksize: ceil(2000 / 8) = 250 -> 8 messages"
has l4_2_chunking '^chunksize 100 +messages +20 ' "chunksize 100: 20 messages"
if [ "$(grep -c 'same result' "$T/l4_2_chunking.out")" = 4 ]; then ok "l4_2: every chunking gives the sequential result"
else bad "l4_2: results differ"; fi

run l4_3_pickling "size = 5000, tasks = 4"
has l4_3_pickling "args\[1\]\.handler: function with upvalue 'conn' cannot be sent to a worker process \(conn: a coroutine\)" "closure error names the path"
has l4_3_pickling 'args\[1\]\.files\[1\]: a coroutine cannot be sent' "data error names the path"
has l4_3_pickling '^fork: global SETTING in the child =	from the parent$' "fork children see globals"
has l4_3_pickling '^spawn: global SETTING in the child =	nil$' "spawn children start fresh"
by_value=$(sed -n 's/^bytes sent per task: by value \([0-9]*\), by key \([0-9]*\)$/\1/p' "$T/l4_3_pickling.out")
by_key=$(sed -n 's/^bytes sent per task: by value \([0-9]*\), by key \([0-9]*\)$/\2/p' "$T/l4_3_pickling.out")
if [ -n "$by_value" ] && [ -n "$by_key" ] && [ "$by_key" -lt 1024 ] && [ "$by_value" -gt $((by_key * 50)) ]; then
    ok "pass-by-key sends < 1 KB per task, by value far more ($by_value vs $by_key)"
else
    bad "bytes per task: by value '$by_value', by key '$by_key'"
fi

# looplab run has returned: none of its forked children may remain (they
# carry the parent's command line, which names a script under $T)
left=$(ps -eo args= | grep -F "$T/" | grep -v grep | wc -l)
if [ "$left" = 0 ]; then ok "no looplab child left behind"; else bad "$left child(ren) left"; fi

echo "$PASSES passed, $FAILS failed"
[ "$FAILS" -eq 0 ]
