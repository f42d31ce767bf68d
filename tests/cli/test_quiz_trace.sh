#!/bin/bash
# looplab quiz ID --plain: questions with numbered choices, an answer per
# stdin line, feedback with the explanation, answers recorded (the map and
# `progress` see them), exit 0 only when all are right. looplab trace show
# FILE --plain: the timeline of a saved run; bad files named with a line.
. "$(dirname "$0")/lib.sh"

# The right answers, read from the course itself (dev check proves them).
ANS=$(cd "$SRC/lessons/week1/01-workloads" && lua5.4 -e '
    local env = setmetatable({}, {__index = _G})
    local q = assert(loadfile("quiz.lua", "t", env))()
    q = q or env.quiz or env
    local out = {}
    for i, x in ipairs(q.questions or q) do out[#out + 1] = tostring(x.answer) end
    print(table.concat(out, " "))' 2>/dev/null)
if [ -z "$ANS" ]; then
    # Fall back to the known answers of lesson 1.1 (2, 3, 3).
    ANS="2 3 3"
fi
printf '%s\n' $ANS >"$T/right"
printf '1\n1\n1\n' >"$T/wrong"

"$BIN" quiz 1.1 --plain <"$T/wrong" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 1 ] && ok "wrong answers: exit 1" || bad "wrong answers exit $rc"
expect_grep "^1/3  \[multiple choice\]" "$T/out" "question header with its kind"
expect_grep "^  2) " "$T/out" "numbered choices"
expect_grep "wrong: the answer is 2)" "$T/out" "feedback names the right answer"
expect_grep "the GIL" "$T/out" "the explanation follows"
expect_grep "^Score: 0 of 3 right (3 wrong)$" "$T/out" "score line with the wrong count"
grep -q "^[0-9]* right, [0-9]* wrong" "$T/out" && bad "a second summary line" || ok "one summary line"

"$BIN" quiz 1.1 --plain <"$T/right" >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && ok "all right: exit 0" || { bad "right answers exit $rc"; cat "$T/out"; }
expect_grep "^Score: 3 of 3 right (0 wrong)$" "$T/out" "full score"
"$BIN" list >"$T/list" 2>&1
expect_grep "quiz 3/3" "$T/list" "answers recorded: list shows the quiz score"

printf 'x\n9\n' | "$BIN" quiz 1.1 --plain >"$T/out" 2>&1; rc=$?
expect_grep "Please type a number from 1 to 4" "$T/out" "junk answers are asked again"
expect_grep "No answer: the quiz stops here" "$T/out" "end of input stops the quiz"
expect_grep "^Score: 0 of 3 right (0 wrong)$" "$T/out" "unanswered questions are not counted wrong"
[ $rc = 1 ] && ok "unfinished quiz: exit 1" || bad "unfinished exit $rc"
expect_exit 4 "unknown lesson is a usage error" -- "$BIN" quiz 9.9 --plain
expect_grep "Quizzes: 1.1" "$T/err" "the error lists the quizzes"
expect_exit 4 "no ID" -- "$BIN" quiz

# trace show: a run's trace, then the same file through `trace show`.
cat >"$T/demo.lua" <<'LUA'
local aio = require("aio")
aio.run(function()
    local a = aio.create_task(function() aio.sleep(1) print("a done") end)
    local b = aio.create_task(function() aio.sleep(2) print("b done") end)
    aio.gather({a, b})
end)
LUA
"$BIN" run "$T/demo.lua" --trace "$T/run.jsonl" >"$T/out" 2>"$T/err" \
    || { bad "run with --trace"; cat "$T/err"; }
expect_exit 0 "trace show --plain" -- "$BIN" trace show "$T/run.jsonl" --plain
expect_grep "^timeline: 3 tasks, 2.00 s virtual time" "$T/out" "timeline header"
expect_grep "b done" "$T/out" "output lines with their time"
printf '{"t":0,"ev":"spawn","task":1}\nnot json\n' >"$T/bad.jsonl"
expect_exit 4 "malformed trace" -- "$BIN" trace show "$T/bad.jsonl" --plain
expect_grep "bad.jsonl:2:" "$T/err" "the error names file and line"
expect_exit 4 "missing file" -- "$BIN" trace show "$T/nope.jsonl" --plain
expect_exit 4 "unknown subcommand" -- "$BIN" trace frobnicate x
finish
