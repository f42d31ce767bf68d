#!/bin/bash
# The adversarial catalog (fork and thread bombs, daemons, floods, escapes,
# forged results; python/*.py, lua/*.lua) as hostile submissions, graded
# through `looplab check` exactly as a student's workspace file would be.
# Each case's header names the exact verdict (# verdict: X), optionally a
# substring of the error (# error: ...) and a capability it needs
# (# needs: uid|landlock|seccomp|nproc|ns -- skipped with the reason when the
# machine lacks it). For every case we also assert: grader wall time <=
# time_limit + 30 s (it never waits for what the submission left), no
# process of the sandbox left, nothing written outside the attempt folder,
# the attempt folder removed, the progress database's integrity_check ok,
# and the grader itself alive (exit 0/1, never 137).
. "$(dirname "$0")/../cli/lib.sh"

ADV=$SRC/tests/adversarial
export LOOPLAB_COURSE=$ADV/course
# A uid of our own: concurrent runs of this suite (other worktrees, CI
# jobs) must not share one, or one run's teardown kills the other's
# submission (62000 + $$ % 3000 once did). We take it the way looplab's
# sandbox does (grader/sandbox.c): flock its lock file in /run/looplab/uids
# for the whole run (fd 9) and skip uids some process runs as; graders
# without LOOPLAB_SANDBOX_UID then skip it too. We pin it (rather than let
# looplab pick) because the "no process left" check needs to know it.
export TMPDIR=$T/tmp
if [ "$(id -u)" = 0 ]; then
    mkdir -p -m 755 /run/looplab && mkdir -p -m 700 /run/looplab/uids
    for u in $(seq 62000 62999); do
        exec 9>"/run/looplab/uids/$u.lock" || break
        if flock -n 9 && ! pgrep -u "$u" >/dev/null 2>&1; then
            export LOOPLAB_SANDBOX_UID=$u; break
        fi
        exec 9>&-
    done
fi
: "${LOOPLAB_SANDBOX_UID:=$(( 62000 + $$ % 1000 ))}"   # not root: unused
export LOOPLAB_SANDBOX_UID
echo "# sandbox uid $LOOPLAB_SANDBOX_UID"
mkdir -p "$TMPDIR"; chmod 711 "$T"   # the sandbox uid must reach attempt folders
LIMIT=3                                  # time_limit in the fixture checks
SLEEP_MARK=$(( 100000 + $$ ))            # argv of the daemons background_procs starts
ESCAPES="/tmp/looplab-adv-escape /root/looplab-adv-escape /var/tmp/looplab-adv-escape $LOOPLAB_COURSE/looplab-adv-escape $LOOPLAB_HOME/looplab-adv-escape /dev/shm/looplab-adv-escape"
# A process outside the box listening on an abstract AF_UNIX name
# (python/sockets.py must not reach it); it ends with this script.
python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind("\0looplab-adv-abstract-" + sys.argv[1]); s.listen(8)
while True:
    c, _ = s.accept(); c.sendall(b"outside"); c.close()' "$SLEEP_MARK" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; rm -rf "$T"' EXIT
rm -f $ESCAPES 2>/dev/null

"$BIN" doctor > "$T/doctor" 2>&1
ROOT=no; [ "$(id -u)" = 0 ] && ROOT=yes
LEVEL=$(sed -n 's/.*sandbox *level \(L[0-9]\).*/\1/p' "$T/doctor")
LANDLOCK=no; grep -q 'Landlock (writes only' "$T/doctor" && LANDLOCK=yes
echo "# sandbox level ${LEVEL:-?}, root $ROOT, landlock $LANDLOCK"
[ -n "$LEVEL" ] && ok "doctor reports the sandbox level ($LEVEL)" || bad "doctor shows no sandbox level"

header() { sed -n "s/^\(#\|--\) $1: *//p" "$2" | head -1; }

missing_cap() {   # prints the reason when a capability is missing
    case "$1" in
        uid)      [ "$ROOT" = yes ] || echo "grader is not root: no dedicated uid" ;;
        landlock) [ "$LANDLOCK" = yes ] || echo "no Landlock (sandbox level $LEVEL)" ;;
        seccomp)  [ "$LEVEL" = L2 ] || [ "$LEVEL" = L3 ] || echo "no seccomp (level $LEVEL)" ;;
        nproc)    : ;;                  # RLIMIT_NPROC works at L1 too
        ns)       [ "$LEVEL" = L3 ] || echo "no private namespaces (level $LEVEL; root only)" ;;
    esac
}

run_case() {   # KIND(python|lua) CASE-PATH
    local kind=$1 path=$2 name main ex file want err needs why
    name=$(basename "$path"); name=${name%.*}
    # ADV_ONLY=REGEX runs only the cases whose kind/name matches (iterating)
    if [ -n "${ADV_ONLY:-}" ] && ! [[ "$kind/$name" =~ $ADV_ONLY ]]; then return; fi
    case $kind in
        python)   ex=ap;  file=sub.py ;;
        lua)      ex=al;  file=sub.lua ;;
        luastate) ex=als; file=sub.lua ;;   # checks that lean on shared state
        forge)    ex=af;  file=sub.py ;;    # routes to the harness's own state
    esac
    main=$path; [ -d "$path" ] && main=$path/$file
    want=$(header verdict "$main"); err=$(header error "$main"); needs=$(header needs "$main")
    why=$(missing_cap "$needs")
    if [ -n "$why" ]; then echo "ok - $kind/$name # SKIP $why"; return; fi
    rm -rf "$LOOPLAB_HOME/$ex"; mkdir -p "$LOOPLAB_HOME/$ex"
    if [ -d "$path" ]; then cp "$path"/* "$LOOPLAB_HOME/$ex/"; else cp "$path" "$LOOPLAB_HOME/$ex/$file"; fi
    sed -i "s#@COURSE@#$LOOPLAB_COURSE#g; s#@SLEEP@#$SLEEP_MARK#g" "$LOOPLAB_HOME/$ex/$file"
    local t0 t1 rc wall verdict msg
    t0=$(date +%s%N)
    "$BIN" check "$ex" --json > "$T/res.json" 2> "$T/res.err"; rc=$?
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000000 ))
    verdict=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["verdict"])' "$T/res.json" 2>/dev/null)
    msg=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("message") or ""); [print(t.get("message") or "") for t in d["tests"]]' "$T/res.json" 2>/dev/null)
    # "RE|TLE": the catalog allows either (which one depends on scheduling)
    if [ -n "$verdict" ] && [[ "|$want|" == *"|$verdict|"* ]]; then ok "$kind/$name: verdict $verdict"
    else bad "$kind/$name: verdict '$verdict', want $want (exit $rc)"; sed 's/^/    /' "$T/res.json" "$T/res.err" | head -30; fi
    if [ -n "$err" ]; then
        case "$msg" in *"$err"*) ok "$kind/$name: error names '$err'" ;;
                       *) bad "$kind/$name: error lacks '$err'"; echo "$msg" | head -8 | sed 's/^/    /' ;; esac
    fi
    [ "$rc" = 0 ] || [ "$rc" = 1 ] && ok "$kind/$name: grader exit $rc" || bad "$kind/$name: grader exit $rc"
    # The limits themselves are proven by the verdicts (TLE "seconds of real
    # time", OLE, MLE). This bound only proves the grader does not wait for
    # what the submission left (daemons sleep for $SLEEP_MARK s, a blocked
    # child forever): generous, as python start-up under ASan and load once
    # took limit + 5.8 s (a "limit + 2 s" bound flaked).
    [ "$wall" -le $(( (LIMIT + 30) * 1000 )) ] && ok "$kind/$name: graded in ${wall} ms" \
        || bad "$kind/$name: took ${wall} ms > limit + 30 s"
    local left
    # Zombies are dead (PID 1 here reaps them late): only live states count.
    # A process the teardown missed keeps sleeping for minutes, so a short
    # grace for SIGKILL delivery cannot hide it.
    local tries=0
    while :; do
        left=$( { [ "$ROOT" = yes ] && pgrep -r D,R,S,T,t -u "$LOOPLAB_SANDBOX_UID"; pgrep -r D,R,S,T,t -f "^sleep $SLEEP_MARK\$"; } 2>/dev/null | tr '\n' ' ')
        [ -z "$left" ] || [ $tries -ge 10 ] && break
        tries=$((tries + 1)); sleep 0.1
    done
    [ -z "$left" ] && ok "$kind/$name: no process left" || { bad "$kind/$name: processes left: $left"; ps -o pid,uid,args -p ${left// /,} 2>/dev/null; kill -9 $left 2>/dev/null; }
    local esc=""
    for f in $ESCAPES; do [ -e "$f" ] && esc="$esc $f"; done
    [ -z "$esc" ] && ok "$kind/$name: nothing written outside" || { bad "$kind/$name: wrote$esc"; rm -f $esc; }
    [ -z "$(ls -A "$TMPDIR")" ] && ok "$kind/$name: attempt folder removed" || { bad "$kind/$name: left $(ls "$TMPDIR")"; rm -rf "${TMPDIR:?}"/*; }
}

for c in "$ADV"/python/*; do run_case python "$c"; done
# Over the 16 MiB submission cap (made here, not kept in git): once
# INTERNAL (the copy into the attempt folder failed), now the student's FAIL.
{ printf '# verdict: FAIL\n# error: the file is too big\n'; head -c $((17 << 20)) /dev/zero | tr '\0' '#'; echo; } > "$T/too_big.py"
run_case python "$T/too_big.py"
for c in "$ADV"/lua/*.lua; do run_case lua "$c"; done
for c in "$ADV"/luastate/*.lua; do run_case luastate "$c"; done
for c in "$ADV"/forge/*.py; do run_case forge "$c"; done

[ "$(sqlite3 "$LOOPLAB_DB" 'PRAGMA integrity_check')" = ok ] && ok "progress db integrity_check ok" || bad "db integrity"
n=$(sqlite3 "$LOOPLAB_DB" "SELECT count(*) FROM attempts WHERE verdict='INTERNAL'")
[ "$n" = 0 ] && ok "no INTERNAL verdict recorded" || bad "$n INTERNAL attempts recorded"
finish
