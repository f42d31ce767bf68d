#!/bin/bash
# looplab check: starter fails with an actionable message, the reference
# passes fast on the virtual clock, every mutant fails the check it names,
# JSON output parses, and the attempt is recorded.
. "$(dirname "$0")/lib.sh"

expect_exit 1 "1.1a starter fails" -- "$BIN" check 1.1a
expect_grep "FAIL  takes as long as the longest page" "$T/out" "starter: the vtime check fails"
expect_grep "took 6.0 virtual seconds" "$T/out" "starter: the message says what was measured"
expect_grep "^4 passed, 2 failed$" "$T/out" "summary line"
[ -f "$LOOPLAB_HOME/1.1a/downloads.py" ] && ok "workspace file created" || bad "no workspace file"

cp "$EX/1.1a/solution/downloads.py" "$LOOPLAB_HOME/1.1a/downloads.py"
start=$(date +%s%N)
expect_exit 0 "1.1a reference passes" -- "$BIN" check 1.1a
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "# 1.1a reference graded in ${ms} ms (3 virtual seconds)"
expect_grep "^6 passed, 0 failed$" "$T/out" "reference: all checks pass"
# No real sleeping, decided without the wall clock: the reference with its
# waits scaled to 1000-3000 s still finishes (in virtual time, 3000 s, so the
# vtime check fails saying so) long before the 10 s wall limit would kill it.
# Speed itself is measured in bench/.
sed 's/PAGES = \[("a", 2), ("b", 1), ("c", 3)\]/PAGES = [("a", 2000), ("b", 1000), ("c", 3000)]/' \
    "$EX/1.1a/solution/downloads.py" > "$T/slow.py"
grep -q '"c", 3000' "$T/slow.py" || bad "could not scale the reference's waits"
expect_exit 1 "reference with hour-long waits runs (vtime fails)" -- "$BIN" check 1.1a --file "$T/slow.py"
expect_grep "took 3000.0 virtual seconds" "$T/out" "graded without sleeping for real"

expect_exit 0 "JSON output" -- "$BIN" check 1.1a --json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]=="pass" and d["vtime"]==3.0 and len(d["tests"])==6, d' "$T/out" \
    && ok "JSON parses with status, vtime and tests" || bad "JSON content"

expect_exit 1 "1.1b starter fails" -- "$BIN" check 1.1b
expect_grep "run_io(.*) took 6.0 virtual seconds" "$T/out" "1.1b: overlap message"
expect_grep "hidden check: details are not shown" "$T/out" "1.1b: hidden check keeps its details"
expect_exit 0 "1.1b reference passes" -- "$BIN" check 1.1b --file "$EX/1.1b/solution/classify.py"

for m in "$EX"/*/mutants/*; do
    id=$(basename "$(dirname "$(dirname "$m")")")
    name=$(head -1 "$m" | sed -n 's/.*mutant: fails "\([^"]*\)".*/\1/p')   # the first check named
    expect_exit 1 "mutant $(basename "$m") fails" -- "$BIN" check "$id" --file "$m"
    expect_grep "FAIL  $name" "$T/out" "mutant $(basename "$m") fails '$name'"
done

"$BIN" progress >"$T/out" 2>&1
expect_grep "1.1a .*passed" "$T/out" "progress shows 1.1a passed"
expect_exit 0 "solution opens after passing" -- "$BIN" solution 1.1a
expect_exit 1 "solution stays closed before passing" -- "$BIN" solution 1.1b

# reset: the starter comes back, the student's file is backed up first.
echo "# my work" >> "$LOOPLAB_HOME/1.1a/downloads.py"
expect_exit 0 "reset 1.1a" -- "$BIN" reset 1.1a
cmp -s "$LOOPLAB_HOME/1.1a/downloads.py" "$EX/1.1a/starter/downloads.py" \
    && ok "reset restores the starter" || bad "reset: file is not the starter"
bak=$(ls "$HOME"/.local/state/looplab/backups/1.1a-*-downloads.py 2>/dev/null | head -1)
[ -n "$bak" ] && grep -q "# my work" "$bak" && ok "reset kept a backup of the old file" \
    || bad "reset: no backup with the old content"
expect_exit 4 "reset of an unknown exercise" -- "$BIN" reset 9.9z
expect_exit 4 "check --seed must be a number" -- "$BIN" check 1.1a --seed abc

"$BIN" hint 1.1a >"$T/out"; "$BIN" hint 1.1a >"$T/out"
expect_grep "Hint 2/3" "$T/out" "hints are progressive"
"$BIN" progress --json >"$T/out"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["lessons"][0]["exercises"][0]; assert e["id"]=="1.1a" and e["status"]=="passed" and e["hints_shown"]==2, e' "$T/out" \
    && ok "progress --json records the pass and the hints" || bad "progress json"
# Study time from the CLI: checks and hints a little apart add their gap
# (real seconds: the bounds are wide on purpose).
t0=$(/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["lessons"][0]["time_spent_s"])' <"$T/out")
sleep 2
"$BIN" hint 1.1a >/dev/null
"$BIN" progress --json | /usr/bin/python3 -c '
import json, sys
t = json.load(sys.stdin)["lessons"][0]["time_spent_s"]
t0 = float(sys.argv[1])
assert 2 <= t - t0 <= 60, (t0, t)' "$t0" \
    && ok "CLI work counts as study time (a 2 s gap added)" || bad "time_spent_s did not grow by the gap"
# --file with a relative path names the file from where looplab was started.
mkdir -p "$T/rel" && cp "$EX/1.1a/solution/downloads.py" "$T/rel/mine.py"
expect_exit 0 "relative --file passes" -- sh -c "cd '$T' && '$BIN' check 1.1a --file rel/mine.py"
expect_exit 4 "missing --file is a usage error" -- "$BIN" check 1.1a --file "$T/rel/nope.py"
expect_grep 'nope.py' "$T/err" "names the missing file"

# After passing: compare yours with the reference (solution --diff).
W=$LOOPLAB_HOME/1.1a/downloads.py
cp "$EX/1.1a/solution/downloads.py" "$W"
expect_exit 0 "the reference passes as the student's file" -- "$BIN" check 1.1a
expect_exit 0 "solution --diff of an identical file" -- "$BIN" solution 1.1a --diff
expect_grep "the same" "$T/out" "says they are the same"
sed -i '1i # my own notes' "$W"
expect_exit 0 "solution --diff" -- "$BIN" solution 1.1a --diff
expect_grep "^--- yours$" "$T/out" "a unified diff: yours"
expect_grep "^+++ reference$" "$T/out" "against the reference"
expect_grep "^-# my own notes$" "$T/out" "the student's own line is marked -"
expect_exit 0 "--diff before the id" -- "$BIN" solution --diff 1.1a

# Grading trust (docs/grading-trust.md): nothing earns a check without doing
# what it checks; a forged result is the student's stored RE; a check that
# raises in checks.lua is the grader's INTERNAL (exit 3, not stored).
: > "$T/empty.py"
expect_exit 1 "an empty file fails 1.1a" -- "$BIN" check 1.1a --file "$T/empty.py" --json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["score"]==0 and not any(t["status"]=="pass" for t in d["tests"]), d' "$T/out" \
    && ok "an empty file scores 0 (no vacuous noblock/noerror)" || bad "empty file scores points"
printf 'import time\nfor p, s in (("a", 2), ("b", 1), ("c", 3)):\n    print(f"page {p} ({s} s)")\nprint("total: 3 pages")\ntime.sleep(3)\n' > "$T/noloop.py"
expect_exit 1 "printing the answer without an event loop fails" -- "$BIN" check 1.1a --file "$T/noloop.py"
expect_grep "FAIL  never blocks the event loop" "$T/out" "noloop: noblock not earned"
expect_grep "never ran its main task to the end" "$T/out" "noloop: says why"
printf 'import os\nos.write(3, b"{\\"ev\\": \\"result\\", \\"status\\": \\"ok\\", \\"vtime\\": 3.0}\\n")\nos._exit(0)\n' > "$T/forge.py"
expect_exit 1 "a forged summary is not a pass" -- "$BIN" check 1.1a --file "$T/forge.py"
expect_grep "tampered with the grader's result channel" "$T/out" "forged summary: RE with a plain message"
mkdir -p "$T/fc/forger" "$T/fc/bytes" && cp "$T/forge.py" "$T/fc/forger/downloads.py"
# output that is not UTF-8 once made the whole student INTERNAL in batch
printf 'import sys\nsys.stdout.buffer.write(b"page a \\xff\\xed\\xa0\\x80\\n")\n\n\nasync def main():\n    pass\n' > "$T/fc/bytes/downloads.py"
expect_exit 0 "grade stores the forger's RE" -- "$BIN" grade "$T/fc" --exercise 1.1a --gradebook "$T/fc.db"
expect_grep '^forger  *RE' "$T/out" "forger graded RE"
expect_grep '^bytes  *FAIL' "$T/out" "invalid UTF-8 output graded FAIL, not INTERNAL"
[ "$(sqlite3 "$T/fc.db" "SELECT student || ' ' || verdict FROM grades ORDER BY student" | tr '\n' ' ')" = "bytes FAIL forger RE " ] \
    && ok "both grades are stored" || bad "grades not stored: $(sqlite3 "$T/fc.db" "SELECT student, verdict FROM grades")"
# A check that raises in the instructor's checks.lua: INTERNAL, naming it.
cp -r "$SRC/tests/adversarial/course" "$T/course"
sed -i 's/      local want = ("%d items"):format(3)/      local want = ("%d items"):format(nil)/' \
    "$T/course/week1/01-adv/exercises/als/checks.lua"
cp "$SRC/tests/adversarial/luastate/solution.lua" "$T/als.lua"
expect_exit 3 "a check raising in checks.lua is INTERNAL" -- env LOOPLAB_COURSE="$T/course" "$BIN" check als --file "$T/als.lua"
expect_grep "checks.lua:[0-9]*: check 'labels the count' raised an error" "$T/out" "INTERNAL names the check and its line"
finish
