#!/bin/bash
# End to end, as a new student: open looplab in tmux (80x24), read lesson
# 1.1, run the demo, open exercise 1.1a, check the starter (fails), "edit"
# (LOOPLAB_EDITOR writes the reference in), check again (passes), quit,
# restart and find the progress kept; the terminal is restored on exit.
. "$(dirname "$0")/../cli/lib.sh"
command -v tmux >/dev/null || { echo "tmux missing (tools/deps.sh installs it)"; exit 1; }

RUN=0
SOCK=$T/tmux0.sock
SOL=$EX/1.1a/solution/downloads.py
tm() { tmux -S "$SOCK" "$@"; }
ll_reap_tmux

# Each start gets its own tmux server: reusing a socket right after
# kill-server races with the dying server.
start() {
    tm kill-server 2>/dev/null
    RUN=$((RUN + 1))
    SOCK=$T/tmux$RUN.sock
    tm -f /dev/null new-session -d -s s -x 80 -y 24 \
        "env HOME=$HOME LOOPLAB_DB=$LOOPLAB_DB LOOPLAB_HOME=$LOOPLAB_HOME \
         NO_COLOR=1 TERM=xterm-256color LOOPLAB_EDITOR='cp $SOL' $BIN; \
         echo EXITED \$?; sleep 30"
}
screen() { tm capture-pane -p -t s; }
# wait_for PATTERN DESCRIPTION: poll the screen (up to 30 s: a check starts
# Python, slow on busy cores) for a pattern.
wait_for() {
    local i
    for i in $(seq 300); do
        screen >"$T/screen"
        grep -q -- "$1" "$T/screen" && { ok "$2"; return 0; }
        sleep 0.1
    done
    bad "$2: '$1' never appeared"; sed 's/^/    | /' "$T/screen"; return 1
}
keys() { tm send-keys -t s "$@"; sleep 0.2; }
wait_gone() {
    local i
    for i in $(seq 300); do
        screen >"$T/screen"
        grep -q -- "$1" "$T/screen" || { ok "$2"; return 0; }
        sleep 0.1
    done
    bad "$2: '$1' stayed"; sed 's/^/    | /' "$T/screen"; return 1
}

start
wait_for "How looplab works" "the first run opens with the orientation"
wait_for "Solve its exercises in your own editor" "it says how exercises work"
keys Space
wait_gone "How looplab works" "any key closes it"
wait_for "Week 1" "course map shows week 1"
wait_for "1.1  Workloads and the three models" "lesson 1.1 listed"
wait_for "Next: 1.1" "what's next points at 1.1"
keys Enter
wait_for "page 1/2" "lesson opens on page 1"
wait_for "Where the time goes" "page 1 rendered"
keys n
wait_for "page 2/2" "next page"
keys n
wait_for "2/2 read" "lesson menu after the last page, pages counted"
keys 2
wait_for "demo 1.1-sleepers" "demo opens"
wait_for "one-by-one 1" "the timeline starts playing"
keys G      # jump to the end: what follows must not depend on playback speed
wait_for "sleeper 3" "timeline has a row per task"
wait_for "Output" "demo output panel"
keys q
keys 4
wait_for "exercise 1.1a" "exercise opens"
wait_for "1.1a/downloads.py" "workspace path shown"
keys c
wait_for "FAIL  takes as long as the longest page" "starter fails the vtime check"
wait_for "4 of 6 checks passed" "summary line"
keys e
keys c
wait_for "All 6 checks passed" "after editing, the check passes"
# q goes back one screen at a time, and quits on the course map.
for _ in 1 2 3 4 5; do
    screen | grep -q "EXITED" && break
    keys q
done
wait_for "EXITED 0" "q backs out and quits with status 0"
screen | grep -q "looplab ›" && bad "TUI left on screen after exit" || ok "terminal restored (no TUI left on screen)"

start
wait_for "ex 1/2" "restart: the map remembers the passed exercise"
wait_for "█████" "restart: the lesson's progress bar is partly filled"
keys Enter
wait_for "page 2/2" "restart: the lesson reopens where it was left (page 2)"
keys Tab
wait_for "2/2 read" "restart: pages read are remembered"
for _ in 1 2 3 4; do
    screen | grep -q "EXITED" && break
    keys q
done
wait_for "EXITED 0" "quit again"
[ "$(sqlite3 "$LOOPLAB_DB" 'PRAGMA integrity_check')" = ok ] && ok "database intact" || bad "integrity"
finish
