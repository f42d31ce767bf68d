#!/bin/bash
# End to end in tmux, the journeys of issue 6 besides the first lesson:
#  1. exercise in watch mode: the file is edited from outside (cp, sed)
#     and the screen shows each new result without a key press;
#  2. quiz in the TUI: answer, feedback with explanation, score;
#  3. resize while a demo plays: smaller than 80x24 shows "too small",
#     growing back restores the demo; 120x40 lays it out wider;
#  4. reader: contents (t) and search (/ n);
#  5. the progress dashboard shows what 1-4 recorded;
#  6. a crash (SIGSEGV) restores the terminal (echo and icanon back on).
. "$(dirname "$0")/../cli/lib.sh"
. "$(dirname "$0")/tmux_lib.sh"
F=$LOOPLAB_HOME/1.1a/downloads.py

# 1. watch mode -----------------------------------------------------------
start 80 24 -- "$BIN" check 1.1a >/dev/null   # creates the workspace file
wait_for "EXITED" "workspace prepared"
start 80 24 LOOPLAB_EDITOR=true -- "$BIN"
wait_for "How looplab works" "first TUI run: the orientation"
keys q                                  # any key closes it, q too
wait_gone "How looplab works" "closed"
wait_for "Week 1" "course map"
keys Enter; keys Tab
wait_for "Exercise" "lesson menu"
keys 4
wait_for "exercise 1.1a" "exercise opens"
wait_for "watch on (w)" "watch mode is on by itself"
cp "$EX/1.1a/solution/downloads.py" "$F"
wait_for "All 6 checks passed" "saving the reference from outside re-checks: pass" 30
wait_for "✓ passed" "status turns to passed"
sed -i 's/asyncio.gather(/sequential_gather(/' "$F"
wait_for "checks passed. Save your file" "a broken save from outside (sed) re-checks: fail" 30
wait_gone "All 6 checks passed" "the pass result is gone"
keys w
wait_for "watch off (w)" "w turns watch mode off"
cp "$EX/1.1a/solution/downloads.py" "$F"
keys j; keys k
screen | grep -q "All 6 checks passed" && bad "checked although watch is off" \
    || ok "with watch off a save is not checked"
keys c
wait_for "All 6 checks passed" "c checks by hand" 30
keys t
wait_for "replay 1.1a.jsonl" "t shows my run as a timeline"
keys G
wait_for "finished" "my run plays to the end"
keys q
wait_for "exercise 1.1a" "q returns to the exercise"
keys x
wait_for "Put the starter back" "x asks before resetting"
keys n
wait_for "Not reset" "n keeps the file"
cmp -s "$F" "$EX/1.1a/solution/downloads.py" && ok "file unchanged" || bad "file changed"
keys s
wait_for "Reference solution" "s shows the reference once passed"
quit_all
wait_for "EXITED 0" "quit"

# 2. quiz -------------------------------------------------------------------
start 80 24 -- "$BIN" quiz 1.1
wait_for "question 1/3" "quiz opens in the TUI"
keys 1
wait_for "your answer: wrong" "wrong answer marked"
wait_for "the right answer" "right answer shown"
wait_for "GIL" "explanation shown"
keys Enter
wait_for "question 2/3" "next question"
# Question 2's snippet is taller than 80x24: it scrolls, nothing is cut.
wait_for "j/k scroll" "a tall question says it scrolls"
keys G
wait_for "def pooled" "G shows the end of the snippet"
keys 3; keys Enter; keys 3; keys Enter
wait_for "2 of 3" "score at the end"
quit_all
wait_for "EXITED 0" "quit from the quiz"
"$BIN" list >"$T/list" 2>&1
expect_grep "quiz 2/3" "$T/list" "quiz answers recorded"

# 3. resize while a demo plays ---------------------------------------------
start 80 24 -- "$BIN" demo 1.1-sleepers
wait_for "demo 1.1-sleepers" "demo opens"
wait_for "playing" "demo playing"
tm resize-window -t s -x 70 -y 20
wait_for "Terminal too small: need 80x24, have 70x20" "too small below 80x24"
tm resize-window -t s -x 80 -y 24
wait_for "demo 1.1-sleepers" "the demo comes back at 80x24"
tm resize-window -t s -x 120 -y 40
wait_for "one-by-one 1 *│" "laid out again at 120x40"
[ "$(screen | wc -l)" -ge 38 ] && ok "120x40 uses the height" || bad "height"
keys G
wait_for "finished" "the demo finishes after resizes"
keys s
wait_for "End of the run" "s at the end says so"
keys ']'
wait_for "n=4" "] raises the knob"
wait_for "one-by-one 4" "and the demo runs again with 4 tasks"
quit_all
wait_for "EXITED 0" "quit from the demo"

# 4. reader: contents and search ---------------------------------------------
start 80 24 -- "$BIN" lesson 1.1
wait_for "page 1/2" "lesson opens"
keys t
wait_for "Contents of this page" "t opens the contents"
keys G; keys Enter
wait_gone "Contents of this page" "Enter jumps and closes it"
keys g
keys /; keys -l clock; keys Enter
wait_for "/clock  match 1 of" "search finds the first match"
keys n
wait_for "/clock  match 2 of" "n goes to the next"
keys q
wait_gone "/clock" "q clears the search"
quit_all
wait_for "EXITED 0" "quit from the reader"

# 5. progress dashboard: what the journeys above recorded --------------------
start 80 24 -- "$BIN"
wait_for "Week 1" "TUI up again"
keys p
wait_for "looplab › progress" "p opens the dashboard"
wait_for "✓ passed   1.1a" "1.1a passed, per exercise"
wait_for "quizzes 1/" "the quiz counts"
wait_for "time spent [0-9<]" "time spent is counted"
wait_for "last activity 20" "last activity has a date"
keys G
wait_for "Competencies" "competencies listed"
keys q
wait_for "Next:" "q back to the map"
quit_all
wait_for "EXITED 0" "quit"

# 6. crash: the terminal is given back ---------------------------------------
start 80 24 -- "$BIN"
wait_for "Week 1" "TUI up"
# The pane's child: find the looplab process of *this* tmux server.
ppid=$(tm display -p -t s '#{pane_pid}')
pid=$(pgrep -P "$ppid" -x looplab || pgrep -P "$(pgrep -P "$ppid" | head -1)" -x looplab)
[ -n "$pid" ] && ok "found the TUI process ($pid)" || bad "no TUI process"
kill -SEGV "$pid"
wait_for "EXITED 139" "killed by SIGSEGV (status 139)"
wait_for "^icanon echo" "terminal restored: icanon and echo back on"
screen | grep -q "Week 1" && bad "TUI left on screen" || ok "screen given back"

# 7. Ctrl-C, kill, a closed terminal: "interrupted" (2), terminal restored --
start 80 24 -- "$BIN"
wait_for "Week 1" "TUI up"
keys C-c
wait_for "EXITED 2" "Ctrl-C in the TUI exits 2 (interrupted), as the README says"
wait_for "^icanon echo" "terminal restored after Ctrl-C"
start 80 24 -- "$BIN" lesson 1.1
wait_for "page 1/2" "the reader is up"
ppid=$(tm display -p -t s '#{pane_pid}')
pid=$(pgrep -P "$ppid" -x looplab || pgrep -P "$(pgrep -P "$ppid" | head -1)" -x looplab)
[ -n "$pid" ] && kill -TERM "$pid"
wait_for "EXITED 2" "SIGTERM ends the TUI cleanly (exit 2)"
wait_for "^icanon echo" "terminal restored after SIGTERM"
# A help box that says "any key closes" closes on any key.
start 80 24 -- "$BIN" lesson 1.1
wait_for "page 1/2" "the reader is up"
keys '?'
wait_for "any key closes" "help is up"
keys Z
wait_gone "any key closes" "an unbound key closes the help box"
quit_all
wait_for "EXITED 0" "quit"

# 8. A terminal that cannot show the screens: plain text, not an error ------
start 80 24 TERM=dumb -- "$BIN"
wait_for "EXITED 0" "TERM=dumb: the plain summary, exit 0"
wait_for "Optimise CPU-bound tasks" "TERM=dumb prints the progress summary"
start 80 24 TERM=no-such-terminal -- "$BIN" lesson 1.1
wait_for "EXITED 0" "an unknown TERM: lesson prints plain, exit 0"
wait_for "looplab check 1.1a" "the plain lesson is on screen"
finish
