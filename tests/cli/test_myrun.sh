#!/bin/bash
# "Show my run" (issue 20): a checked Python run names its tasks by
# coroutine and shortened arguments (trace field "label"; "name" stays
# Task-N for checks that match names), and a Lua exercise's check keeps
# its run too.
. "$(dirname "$0")/lib.sh"

SOL=$SRC/lessons/week1/01-workloads/exercises/1.1a/solution
expect_exit 0 "check 1.1a keeps its run" -- "$BIN" check 1.1a --file "$SOL"/*.py --trace "$T/py.jsonl"
expect_grep '"ev":"spawn","task":2,"name":"Task-2",.*"label":"fetch(.a., 2)"' "$T/py.jsonl" "a task's name stays, its label names the call"
expect_grep '"label":"main()"' "$T/py.jsonl" "the main task is main()"
expect_exit 0 "trace show --plain" -- "$BIN" trace show "$T/py.jsonl" --plain
expect_grep "^fetch('a', 2) *|" "$T/out" "the timeline row reads fetch('a', 2)"
expect_grep "^main() *|" "$T/out" "and main()"
if grep -q "^Task-[0-9]" "$T/out"; then bad "a row still named Task-N"; else ok "no Task-N rows"; fi

# A Lua exercise with tasks (the test course's vl): its run is kept too.
VL=$SRC/tests/python/course/week1/01-vocab/exercises/vl
expect_exit 0 "check a Lua exercise" -- env LOOPLAB_COURSE="$SRC/tests/python/course" \
    "$BIN" check vl --file "$VL/solution/sub.lua" --trace "$T/lua.jsonl"
[ -s "$T/lua.jsonl" ] && ok "the Lua run is kept" || bad "no trace after a Lua check"
expect_exit 0 "its timeline" -- "$BIN" trace show "$T/lua.jsonl" --plain
expect_grep "^main *|" "$T/out" "the Lua run's tasks are drawn"
expect_grep "^Task-2 *|" "$T/out" "each on its row"
finish
