#!/bin/bash
# cli.interrupt -- any signal to `grade` (INT, TERM, HUP) or to `check`
# (INT, TERM, HUP) while a submission runs leaves nothing behind (issue 14
# §2): no process of the sandbox uid (the submission daemonizes: setsid,
# double fork) and no attempt folder; the command ends at once with exit 2
# (interrupted) instead of waiting for the run's limit.
. "$(dirname "$0")/lib.sh"
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"; chmod 711 "$T"   # the sandbox uid must reach attempt folders
# the adversarial target exercise, with a limit far above the test's reach
C=$T/course
cp -r "$SRC/tests/adversarial/course" "$C"
sed -i 's/time_limit = 3/time_limit = 60/' "$C/week1/01-adv/exercises/ap/checks.lua"
export LOOPLAB_COURSE=$C
MARK=$(( 200000 + $$ ))
DAEMON='import os, signal
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "'$MARK'"])
    os._exit(0)
open("started", "w").write("x")
signal.pause()   # real blocking: the harness makes time.sleep virtual
'
mkdir -p "$T/class/a" "$T/class/b" "$LOOPLAB_HOME/ap"
for d in "$T/class/a" "$T/class/b" "$LOOPLAB_HOME/ap"; do printf '%s' "$DAEMON" > "$d/sub.py"; done
cd "$T" || exit 1

# uids of the live attempt folders (the work folder belongs to the uid)
uids() { for w in "$TMPDIR"/looplab-run-*/work; do [ -d "$w" ] && stat -c %u "$w"; done | sort -u; }
started() { ls "$TMPDIR"/looplab-run-*/work/started 2>/dev/null | wc -l; }

run() {   # SIGNAL N-RUNS-TO-WAIT-FOR COMMAND...
    local sig=$1 want=$2 pid rc u left tries what; shift 2
    what="${1##*/} $2"
    rm -rf "${TMPDIR:?}"/*
    "$@" >"$T/run.out" 2>"$T/run.err" &
    pid=$!
    for _ in $(seq 300); do [ "$(started)" -ge "$want" ] && break; sleep 0.1; done
    if [ "$(started)" -lt "$want" ]; then bad "$what: the submissions never started"; cat "$T/run.err"; kill -9 $pid; return; fi
    local us; us=$(uids | tr '\n' ' ')
    [ "$(id -u)" != 0 ] || [ -n "$us" ] || bad "no sandbox uid found"
    local t0; t0=$(date +%s%N)
    kill -s "$sig" $pid
    wait $pid; rc=$?
    local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ $rc = 2 ] && ok "$what: SIG$sig -> exit 2 in $ms ms" || { bad "$what: SIG$sig -> exit $rc"; cat "$T/run.err"; }
    [ $ms -lt 15000 ] || bad "$what: SIG$sig took $ms ms"
    tries=0
    while :; do   # zombies are dead; PID 1 here reaps them late
        left=$( { for u in $us; do pgrep -r D,R,S,T,t -u "$u"; done; pgrep -r D,R,S,T,t -f "^sleep $MARK\$"; } 2>/dev/null | tr '\n' ' ')
        [ -z "$left" ] || [ $tries -ge 20 ] && break
        tries=$((tries + 1)); sleep 0.1
    done
    [ -z "$left" ] && ok "$what: SIG$sig: no process of the sandbox uid ($us) left" \
        || { bad "$what: SIG$sig: processes left: $left"; ps -o pid,uid,args -p "${left// /,}"; kill -9 $left; }
    [ -z "$(ls -A "$TMPDIR")" ] && ok "$what: SIG$sig: no attempt folder left" \
        || { bad "$what: SIG$sig: left $(ls "$TMPDIR")"; rm -rf "${TMPDIR:?}"/*; }
}

for sig in INT TERM HUP; do
    run $sig 2 "$BIN" grade "$T/class" --exercise ap --jobs 2
    run $sig 1 "$BIN" check ap
done
# nothing was stored as a grade by an interrupted run
n=$(sqlite3 "$T/gradebook.db" "SELECT count(*) FROM grades" 2>/dev/null || echo 0)
[ "$n" = 0 ] && ok "no grade stored from interrupted runs" || bad "$n grades stored"
finish
