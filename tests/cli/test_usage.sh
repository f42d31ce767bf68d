#!/bin/bash
# The CLI contract: help, version, exit codes, plain output without a TTY,
# clear errors naming the file and line for broken input.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "--version" -- "$BIN" --version
expect_grep "^looplab [0-9]" "$T/out" "version line"
expect_exit 0 "--help" -- "$BIN" --help
expect_grep "looplab check ID" "$T/out" "help lists check"
expect_exit 4 "unknown command" -- "$BIN" frobnicate
expect_grep "unknown command 'frobnicate'" "$T/err" "names the command"
expect_exit 4 "unknown exercise" -- "$BIN" check 9.9z
expect_grep "no exercise '9.9z'" "$T/err" "names the id"
expect_grep "^Exercises: 1.1a 1.1b" "$T/err" "lists the exercises"
expect_exit 4 "check without an id" -- "$BIN" check
expect_exit 0 "no command, no TTY: progress" -- "$BIN"
expect_grep "of [0-9][0-9]* exercises passed" "$T/out" "plain summary instead of curses"

expect_exit 0 "list" -- "$BIN" list
expect_grep "1.1a .*python" "$T/out" "list shows 1.1a"
expect_exit 0 "list --json" -- "$BIN" list --json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["lessons"][0]["id"]=="1.1"' "$T/out" \
    && ok "list --json parses" || bad "list json"

expect_exit 0 "lesson --plain" -- "$BIN" lesson 1.1 --plain
expect_grep "page 2/2" "$T/out" "both pages printed"
expect_grep "looplab check 1.1a" "$T/out" "next steps listed"
expect_grep "looplab quiz 1.1 --plain" "$T/out" "the quiz's command is named"
pages_seen() {
    "$BIN" progress --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["lessons"][0]["pages_seen"])'
}
[ "$(pages_seen)" = 0 ] && ok "printed into a file: no page counts as read" ||
    bad "pages marked read from a file: $(pages_seen)"
"$BIN" lesson 1.1 --plain | head -3 >/dev/null
[ "$(pages_seen)" = 0 ] && ok "'lesson --plain | head' marks nothing read" ||
    bad "pages marked read through a pipe: $(pages_seen)"
script -qec "$BIN lesson 1.1 --plain" /dev/null >/dev/null 2>&1
[ "$(pages_seen)" = 2 ] && ok "printed to a terminal: both pages read" ||
    bad "pages_seen after reading on a terminal: $(pages_seen)"

expect_exit 0 "demo --plain" -- "$BIN" demo 1.1-sleepers --plain
expect_grep "6.0 s" "$T/out" "demo prints the sequential total"
expect_grep "3.0 s" "$T/out" "demo prints the gather total"
expect_exit 0 "demo --set n=5" -- "$BIN" demo 1.1-sleepers --plain --set n=5
expect_exit 4 "demo --set unknown knob" -- "$BIN" demo 1.1-sleepers --plain --set zz=1
expect_grep "no such knob" "$T/err" "names the problem"
expect_exit 4 "demo --set out of range" -- "$BIN" demo 1.1-sleepers --plain --set n=99
expect_exit 4 "demo --speed must be positive" -- "$BIN" demo 1.1-sleepers --plain --speed -2

printf 'aio.run(function()\n  aio.sleep(30)\n  print("woke at", aio.now())\nend)\n' > "$T/ok.lua"
expect_exit 0 "run a Lua file" -- "$BIN" run "$T/ok.lua" --trace "$T/trace.jsonl"
expect_grep "woke at	30.0" "$T/out" "virtual clock: 30 s in no time"
/usr/bin/python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/trace.jsonl" \
    && ok "trace is JSON lines" || bad "trace json"
# The real clock really waits (never early; no upper bound asserted).
printf 'aio.run(function() aio.sleep(0.2) end)\nprint("done")\n' > "$T/real.lua"
start=$(date +%s%N)
expect_exit 0 "run --clock real" -- "$BIN" run "$T/real.lua" --clock real
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -ge 200 ] && ok "real clock waited ${ms} ms (>= 200)" || bad "real clock returned after ${ms} ms"
printf 'aio.run(function()\n  local x = \nend)\n' > "$T/bad.lua"
expect_exit 1 "syntax error" -- "$BIN" run "$T/bad.lua"
expect_grep "bad.lua:3:" "$T/err" "syntax error names file and line"
printf 'aio.run(function()\n  aio.sleep(1)\n  error("boom")\nend)\n' > "$T/boom.lua"
expect_exit 1 "runtime error" -- "$BIN" run "$T/boom.lua"
expect_grep "boom.lua:3: boom" "$T/err" "runtime error names file and line"
expect_exit 4 "run a missing file" -- "$BIN" run "$T/missing.lua"
expect_exit 4 "bad --clock" -- "$BIN" run "$T/ok.lua" --clock fast

# A broken course: the error names the file and the line; nothing crashes.
mkdir -p "$T/course/week1/01-x"
printf 'return {\n  id = "9.1",\n  title = = "x",\n}\n' > "$T/course/week1/01-x/lesson.lua"
LOOPLAB_COURSE=$T/course "$BIN" list >"$T/out" 2>"$T/err"; rc=$?
# The author's input error is a usage/input error (4), not internal (3).
[ $rc = 4 ] && ok "broken course: exit 4" || bad "broken course exit $rc, want 4"
expect_grep "01-x/lesson.lua:3:" "$T/err" "broken course: file and line"
printf 'return { id = "9.1", pages = {} }\n' > "$T/course/week1/01-x/lesson.lua"
LOOPLAB_COURSE=$T/course "$BIN" list >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 4 ] && ok "missing field: exit 4" || bad "missing field exit $rc, want 4"
expect_grep "lesson.lua: field 'title' must be a string" "$T/err" "missing field named"
LOOPLAB_COURSE=$T/course expect_exit 4 "broken course: check is an input error too" -- "$BIN" check 1.1a
LOOPLAB_COURSE=$T/nope expect_exit 4 "a course folder that does not exist" -- "$BIN" list
printf 'return { id = "9.1", title = "x", demos = { "oops" } }\n' > "$T/course/week1/01-x/lesson.lua"
LOOPLAB_COURSE=$T/course "$BIN" list >"$T/out" 2>"$T/err"
expect_grep "lesson.lua: demos\[1\] must be a table" "$T/err" "bad demo entry named by index"

expect_exit 0 "doctor" -- "$BIN" doctor
expect_grep "integrity ok" "$T/out" "doctor checks the DB"
expect_exit 4 "unknown lesson" -- "$BIN" lesson 9.9 --plain
expect_grep "no lesson '9.9'" "$T/err" "an unknown lesson is named"
expect_grep "^Lessons: 1.1 " "$T/err" "an unknown lesson lists the lesson ids"

# "Did you mean": a typo is one step from the right command, option or id.
expect_exit 4 "mistyped command" -- "$BIN" chek 1.1a
expect_grep "unknown command 'chek' (did you mean 'check'?)" "$T/err" "suggests the command"
expect_exit 4 "swapped letters" -- "$BIN" lesosn 1.1
expect_grep "(did you mean 'lesson'?)" "$T/err" "a swap of two letters is one edit"
expect_exit 4 "far from any command" -- "$BIN" frobnicate
grep -q "did you mean" "$T/err" && bad "no suggestion for a word far from every command" ||
    ok "no suggestion for a word far from every command"
expect_exit 4 "mistyped option" -- "$BIN" check --jsn 1.1a
expect_grep "looplab check: unknown option '--jsn' (did you mean '--json'?)" "$T/err" "suggests the option"
grep -q "unrecognized option" "$T/err" && bad "getopt's own line is not printed too" ||
    ok "getopt's own line is not printed too"
expect_exit 4 "option without its value" -- "$BIN" check 1.1a --file
expect_grep "option '--file' needs a value" "$T/err" "names the option that needs a value"
expect_exit 4 "run: mistyped option" -- "$BIN" run x.lua --sed 3
expect_grep "did you mean '--seed'" "$T/err" "run suggests too"
expect_exit 4 "check a lesson id" -- "$BIN" check 1.1
expect_grep "1.1 is a lesson; its exercises are 1.1a, 1.1b" "$T/err" "a lesson id names its exercises"
expect_exit 4 "hint a lesson id" -- "$BIN" hint 1.4
expect_grep "1.4 is a lesson; its exercises are 1.4a, 1.4b, 1.4c" "$T/err" "hint too"
expect_exit 4 "check a near id" -- "$BIN" check 11a
expect_grep "no exercise '11a' (did you mean '1.1a'?)" "$T/err" "a near id is suggested"
expect_exit 4 "demo a lesson id" -- "$BIN" demo 1.1 --plain
expect_grep "1.1 is a lesson; its demos are 1.1-sleepers" "$T/err" "a lesson id names its demos"
expect_exit 4 "demo by short name" -- "$BIN" demo sleepers --plain
expect_grep "(did you mean '1.1-sleepers'?)" "$T/err" "a demo's short name finds it"
expect_exit 4 "demo by mistyped short name" -- "$BIN" demo slepers --plain
expect_grep "(did you mean '1.1-sleepers'?)" "$T/err" "a mistyped short name finds it"
expect_grep "^Demos: 1.1-sleepers" "$T/err" "and the demos are listed"
expect_exit 4 "lesson given an exercise id" -- "$BIN" lesson 1.1a --plain
expect_grep "1.1a is an exercise of lesson 1.1: looplab lesson 1.1" "$T/err" "an exercise id names its lesson"
expect_exit 4 "quiz given an exercise id" -- "$BIN" quiz 2.2a --plain
expect_grep "2.2a is an exercise of lesson 2.2: looplab quiz 2.2" "$T/err" "quiz too"
expect_exit 4 "demo --set out of range" -- "$BIN" demo 1.1-sleepers --plain --set n=99
expect_grep "n: tasks, 1 to 6 (default 3)" "$T/err" "out of range gives the range"
expect_exit 4 "demo --set mistyped knob" -- "$BIN" demo 2.5-belt --plain --set consumer=2
expect_grep "no knob 'consumer' (did you mean 'consumers'?)" "$T/err" "a mistyped knob is suggested"
expect_grep "  consumers: consumers, 1 to 4 (default 2)" "$T/err" "and every knob is listed with its range"
expect_exit 4 "demo --set without =" -- "$BIN" demo 1.1-sleepers --plain --set n
expect_grep "write --set NAME=VALUE" "$T/err" "says how --set is written"
finish
