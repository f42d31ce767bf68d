#!/bin/bash
# kill -9 of looplab during a check loses no progress recorded before it,
# leaves no grading process behind, and the DB passes integrity_check.
. "$(dirname "$0")/lib.sh"

mkdir -p "$LOOPLAB_HOME/1.1a"
cp "$EX/1.1a/solution/downloads.py" "$LOOPLAB_HOME/1.1a/downloads.py"
expect_exit 0 "a passing attempt is recorded first" -- "$BIN" check 1.1a

# A submission that spins on the CPU: the check is mid-run when we kill it.
printf 'import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n' \
    > "$LOOPLAB_HOME/1.1a/downloads.py"
"$BIN" check 1.1a >/dev/null 2>&1 &
pid=$!
# Polls (up to 30 s on a loaded machine), never a fixed sleep.
for _ in $(seq 300); do
    pgrep -f "looplab_harness.py --origin $LOOPLAB_HOME" >/dev/null && break
    sleep 0.1
done
pgrep -f "looplab_harness.py --origin $LOOPLAB_HOME" >/dev/null && ok "check is running" || bad "harness never started"
kill -9 "$pid"; wait "$pid" 2>/dev/null
# The harness learns of its parent's death asynchronously (parent-death
# signal, then the tree kill): wait for it to go, up to 10 s.
for _ in $(seq 100); do
    pgrep -f "looplab_harness.py --origin $LOOPLAB_HOME" >/dev/null || break
    sleep 0.1
done
if pgrep -f "looplab_harness.py --origin $LOOPLAB_HOME" >/dev/null; then
    bad "the submission survived its grader"; pkill -9 -f "looplab_harness.py --origin $LOOPLAB_HOME"
else ok "no grading process left behind"; fi

[ "$(sqlite3 "$LOOPLAB_DB" 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok" || bad "integrity"
n=$(sqlite3 "$LOOPLAB_DB" "SELECT count(*) FROM attempts WHERE exercise_id='1.1a' AND verdict='PASS'")
[ "$n" = 1 ] && ok "the earlier pass is kept" || bad "passes recorded: $n"
"$BIN" progress >"$T/out" 2>&1
expect_grep "1.1a .*passed" "$T/out" "progress still shows 1.1a passed"
finish
