#!/bin/bash
# dev.broken -- each kind of breakage is caught by `dev check`, and the
# message names the file: a reference that fails (also under seeds), a
# starter that passes, a mutant that passes, a mutant naming no check, a
# wrong pt and po quiz answer, a manifest that does not load. Sound items
# next to them stay sound (one broken lesson hides nothing).
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
cd "$SRC/tests/dev/fixtures" || exit 1
F=broken/week1/01-broken
expect_exit 1 "dev check exits 1 on unsound content" -- \
    "$BIN" dev check --jobs 2 broken
O=$T/out
cp "$O" "$T/check.txt"
expect_grep "^UNSOUND reference .*$F/exercises/ref-fails/solution/main.lua: the reference solution does not pass (FAIL under seed 1)" "$O" "reference that fails: names the file and the seed"
expect_grep "^UNSOUND reference .*$F/exercises/py-ref-fails/solution/main.py: the reference solution does not pass" "$O" "python reference that fails"
expect_grep 'fails "finishes in 1 virtual second": .*(measured 2.0)' "$O" "the failing check and its measured value are shown"
expect_grep "^UNSOUND starter .*$F/exercises/starter-passes/starter/main.lua: the starter passes all 2 checks" "$O" "starter that passes"
expect_grep "^UNSOUND mutant .*$F/exercises/mutant-passes/mutants/sequential.lua: the mutant passes \"run: the waits overlap (1 s, not 2 s)\"" "$O" "mutant that passes the check it names"
expect_grep "^UNSOUND mutant .*$F/exercises/mutant-passes/mutants/unknown.lua: line 1 names check \"no such check\", which checks.lua does not define" "$O" "mutant naming a check that does not exist"
expect_grep "^UNSOUND quiz .*$F/quiz.lua: question 1 (pt): running the snippet gives \"1 s / 1 s\", which is choice 2, but answer = 1" "$O" "wrong predict-time answer"
expect_grep "^UNSOUND quiz .*$F/quiz.lua: question 3 (po): running the snippet gives \"main task\", which is choice 1, but answer = 2" "$O" "wrong predict-output answer"
expect_grep "^UNSOUND quiz .*$F/quiz.lua: question 4 (po): running the snippet gives \"done\", but no warning containing \"was awaited\" (the run warned: .*never awaited" "$O" "a recorded warning that the run does not give"
expect_grep "^UNSOUND load .*broken/week1/02-bad-manifest/lesson.lua:5: '}' expected" "$O" "manifest that does not load: file and line"
expect_grep "^ok .*quiz .*question 2 (pt): running it gives \"0.5 s\", choice 2" "$O" "a right answer next to wrong ones stays sound"
expect_grep "^ok .*mutant .*ref-fails/mutants/sequential.lua: fails .* (under seed 1)" "$O" "mutants are tried under the exercise's seeds"
expect_grep "^ok .*reference .*starter-passes/solution/main.lua: passes all 2 checks" "$O" "a sound reference stays sound"
expect_grep "^9 sound, 9 unsound" "$O" "summary: 9 sound, 9 unsound"

# JSON report: same verdicts, machine-readable, file named per item.
expect_exit 1 "dev check --json exits 1 too" -- "$BIN" dev check --json broken
if python3 - "$T/out" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is False and r["errors"] == 9 and r["ok_items"] == 9, r
bad = {(i["what"], i["file"].split("/")[-1]) for i in r["items"] if i["level"] == "error"}
assert ("mutant", "unknown.lua") in bad and ("quiz", "quiz.lua") in bad, bad
assert all(i["file"] for i in r["items"])
PY
then ok "JSON report: 9 errors, 9 ok, every item names a file"
else bad "JSON report"; cat "$T/out"; fi

# Narrowing the scope to one exercise checks only that exercise.
expect_exit 1 "dev check on one exercise folder" -- \
    "$BIN" dev check $F/exercises/mutant-passes
expect_grep "^2 sound, 2 unsound" "$O" "one exercise: its starter, reference and two mutants only"
expect_exit 1 "dev check on a file inside an exercise checks that exercise" -- \
    "$BIN" dev check $F/exercises/starter-passes/solution/main.lua
expect_grep "^2 sound, 1 unsound" "$O" "starter-passes only: its starter is the one unsound item"
expect_exit 1 "dev check on the quiz file alone" -- "$BIN" dev check $F/quiz.lua
expect_grep "^1 sound, 3 unsound" "$O" "quiz only: four questions"

# Usage errors.
expect_exit 4 "dev check --jobs junk is a usage error" -- "$BIN" dev check --jobs x
expect_exit 1 "a path that names no content" -- "$BIN" dev check /nonexistent
expect_grep "/nonexistent: no such file or folder" "$O" "the bad path is named"
finish
