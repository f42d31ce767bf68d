#!/bin/bash
# End to end in tmux: keep the TUI open, work in another terminal, come
# back. What `looplab check` (another process) records shows on the map
# and the dashboard without restarting: the TUI follows the store's
# data_version (ll_app_sync), at the next key or within a second.
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"

start 80 24 -- "$BIN"
wait_for "How looplab works" "the orientation first"
keys Space
wait_for "Week 1" "the course map is open"
wait_for "1.1 .*ex 0/2\|1.1 .*pages 0/2" "1.1 starts with nothing done"

# Another terminal: pass 1.1a with the CLI while the TUI stays open (the
# first check puts the starter in the workspace; then the student's file).
"$BIN" check 1.1a >/dev/null 2>&1
cp "$EX/1.1a/solution/downloads.py" "$LOOPLAB_HOME/1.1a/downloads.py"
"$BIN" check 1.1a >"$T/out" 2>"$T/err" &&
    ok "1.1a passed from the CLI" || { bad "the CLI check failed"; cat "$T/out" "$T/err"; }

# No key pressed: the idle map catches up by itself.
wait_for "ex 1/2" "the map counts the exercise passed outside (no key)" 10
keys p
wait_for "looplab › progress" "p opens the dashboard"
wait_for "1 of [0-9]* exercises passed" "the dashboard's total agrees"
wait_for "✓ passed   1.1a" "and so does its row"

# Still on the dashboard, another answer arrives from outside: a quiz.
printf '1\n1\n1\n' | "$BIN" quiz 1.1 --plain >"$T/out" 2>&1
wait_for "quizzes 1/" "a quiz taken outside shows on the open dashboard" 10
keys q
wait_for "Next:" "q goes back to the map"
quit_all
wait_for "EXITED 0" "quit"
# The exercise's file deleted while its screen is open: c puts the
# starter back and says so; that is no attempt (the count stays).
"$BIN" check 1.2b >/dev/null 2>&1      # creates it, one attempt
start 80 24 LOOPLAB_EDITOR=true -- "$BIN"
wait_for "Week 1" "the map again"
keys j; keys Enter; keys Tab
wait_for "Exercise" "lesson 1.2's menu"
keys 4
wait_for "exercise 1.2b" "exercise 1.2b is open"
wait_for "1 attempt" "one attempt so far"
keys w                                  # watch off: c is the only check
rm "$LOOPLAB_HOME/1.2b/gensched.py"
keys c
wait_for "Your file was gone: the starter is back" "c on a deleted file says so"
[ -f "$LOOPLAB_HOME/1.2b/gensched.py" ] && ok "the starter is back in place" ||
    bad "no file after c"
screen | grep -q "2 attempts" && bad "a missing file counted as an attempt" ||
    ok "no attempt counted for a missing file"
quit_all
wait_for "EXITED 0" "quit from the exercise"
# hint and check say where the file is, and when they created it.
"$BIN" hint 2.1a >"$T/out" 2>&1
grep -q "Your file: $LOOPLAB_HOME/2.1a/.* (created from the starter" "$T/out" &&
    ok "the first hint creates the file and says where" || bad "hint: $(cat "$T/out")"
"$BIN" hint 2.1a >"$T/out" 2>&1
grep -q "created from the starter" "$T/out" && bad "created twice?" ||
    ok "the next hint only says where it is"
"$BIN" check 2.2a >"$T/out" 2>"$T/err"
grep -q "looplab check: created $LOOPLAB_HOME/2.2a/" "$T/err" &&
    ok "a check that creates the file says so" || bad "check: $(cat "$T/err")"

# Quitting from the map (after a visit to the dashboard) reopens the map.
start 80 24 -- "$BIN"
wait_for "Next:" "a restart after quitting from the map opens the map"
screen | grep -q "looplab › progress" && bad "the dashboard reopened" ||
    ok "not the dashboard"
quit_all
wait_for "EXITED 0" "quit again"
finish
