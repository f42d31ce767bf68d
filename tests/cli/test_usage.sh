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
expect_grep "no exercise '9.9z'. Exercises: 1.1a 1.1b" "$T/err" "lists the exercises"
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
"$BIN" progress --json >"$T/out"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["lessons"][0]["pages_seen"]==2' "$T/out" \
    && ok "reading records pages seen" || bad "pages_seen"

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
expect_grep "no lesson '9.9'. Lessons: 1.1 " "$T/err" "an unknown lesson lists the lesson ids"
finish
