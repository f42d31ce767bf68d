#!/bin/bash
# looplab check ID --watch: checks once, then again after each save of the
# workspace file (a plain write, and a save by rename as many editors do),
# never for an open/close without a change; Ctrl-C (SIGINT) ends it with
# exit 2. Output is polled with a timeout, never a fixed sleep.
. "$(dirname "$0")/lib.sh"
export XDG_STATE_HOME=$T/state

"$BIN" check 1.1a >/dev/null 2>&1          # creates the workspace file
F=$LOOPLAB_HOME/1.1a/downloads.py
"$BIN" check 1.1a --watch >"$T/w.out" 2>"$T/w.err" &
PID=$!
CLEANUP+=("kill -KILL $PID")   # a failing run leaves no watcher behind

# wait_count PATTERN N: until PATTERN occurs N times in the output (60 s:
# one check is a Python start-up, slow when both cores are busy).
wait_count() {
    local i
    for i in $(seq 1 600); do
        [ "$(grep -c -- "$1" "$T/w.out")" -ge "$2" ] && return 0
        kill -0 $PID 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

wait_count "^Watching " 1 && ok "first check, then it watches" || bad "no first check"
grep -q "^4 passed, 2 failed$" "$T/w.out" && ok "the starter fails first" || bad "first result"

cp "$EX/1.1a/solution/downloads.py" "$F"
wait_count "^6 passed, 0 failed$" 1 && ok "a save re-checks: now it passes" || bad "no re-check after cp"
wait_count "^Watching " 2 || bad "watching again"

# Save by rename (vim's backupcopy=no, most GUI editors).
cp "$EX/1.1a/starter/downloads.py" "$F.tmp" && mv "$F.tmp" "$F"
wait_count "^4 passed, 2 failed$" 2 && ok "a save by rename re-checks" || bad "rename missed"
wait_count "^Watching " 3 || bad "watching a third time"

# Opening for writing and closing without a change is not a save.
# (The pause gives a wrong re-check time to show up; the count below is
# the assertion.)
: >>"$F"
sleep 0.5
cp "$EX/1.1a/solution/downloads.py" "$F"
wait_count "^6 passed, 0 failed$" 2 && ok "next real save checked" || bad "second pass"
[ "$(grep -c "changed: checking again" "$T/w.out")" -eq 3 ] \
    && ok "exactly one check per save (3 saves)" \
    || bad "checks per save: $(grep -c "changed: checking again" "$T/w.out")"

kill -INT $PID
for i in $(seq 1 50); do kill -0 $PID 2>/dev/null || break; sleep 0.1; done
wait $PID; rc=$?
[ "$rc" = 2 ] && ok "SIGINT ends watch mode with exit 2" || bad "exit $rc after SIGINT"

# Every check saved the run for "show my run".
[ -s "$XDG_STATE_HOME/looplab/runs/1.1a.jsonl" ] && ok "the run's trace is saved" \
    || bad "no saved run under \$XDG_STATE_HOME/looplab/runs"
"$BIN" trace show "$XDG_STATE_HOME/looplab/runs/1.1a.jsonl" --plain >"$T/out" 2>&1 \
    && grep -q "^timeline: " "$T/out" && ok "and it replays" || bad "replay of the saved run"

"$BIN" check 1.1a --watch --bogus >"$T/out" 2>"$T/err"
[ $? = 4 ] && ok "unknown option is a usage error" || bad "usage error"
finish
