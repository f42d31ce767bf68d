# tests/cli/lib.sh -- shared set-up for the CLI tests: a private home,
# database and workspace per test, and small assertion helpers.
set -u
BIN=${LL_BINARY:?LL_BINARY is set by ctest}
SRC=${LL_SOURCE_DIR:?LL_SOURCE_DIR is set by ctest}
T=$(mktemp -d /tmp/looplab-cli-XXXXXX)
# CLEANUP: commands run when the test ends however it ends (done, failed,
# Ctrl-C, ctest's TERM at a timeout), so nothing it started outlives it.
CLEANUP=()
ll_cleanup() {
    local c
    for c in "${CLEANUP[@]}"; do eval "$c" >/dev/null 2>&1; done
    [ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap ll_cleanup EXIT
# ll_reap_tmux: every tmux server the test starts (sockets $T/tmux*.sock)
# goes at its end, and with it the looplab in its pane (SIGHUP). If the
# test dies without its traps (SIGKILL), a detached watchdog does the
# same once the test's shell is gone.
ll_reap_tmux() {
    CLEANUP+=('for s in "$T"/tmux*.sock; do tmux -S "$s" kill-server; done')
    setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; done
        for s in "$2"/tmux*.sock; do tmux -S "$s" kill-server 2>/dev/null; done
        rm -rf "$2"' watchdog "$$" "$T" </dev/null >/dev/null 2>&1 &
}
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
export HOME=$T/home LOOPLAB_DB=$T/data/progress.db LOOPLAB_HOME=$T/ws
export NO_COLOR=1 LC_ALL=C.UTF-8
unset LOOPLAB_COURSE
mkdir -p "$HOME"
EX=$SRC/lessons/week1/01-workloads/exercises
FAILS=0
PASSES=0
ok()   { PASSES=$((PASSES + 1)); echo "ok - $*"; }
bad()  { FAILS=$((FAILS + 1)); echo "not ok - $*"; }
# expect_exit CODE DESCRIPTION -- CMD...
expect_exit() {
    local want=$1 what=$2; shift 3
    "$@" >"$T/out" 2>"$T/err"; local got=$?
    if [ "$got" = "$want" ]; then ok "$what (exit $got)"
    else bad "$what: exit $got, want $want"; sed 's/^/    /' "$T/out" "$T/err"; fi
}
expect_grep() {  # PATTERN FILE DESCRIPTION
    if grep -q -- "$1" "$2"; then ok "$3"; else bad "$3: no '$1' in $2"; sed 's/^/    /' "$2"; fi
}
finish() {
    echo "$PASSES passed, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
