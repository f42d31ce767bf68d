#!/bin/bash
# dev.progress -- `looplab progress` shows the competencies computed from
# the store by lessons/competencies.lua (or $LOOPLAB_COMPETENCIES), in text
# and in --json, recomputed when the rules change; a broken rules file is
# named, and progress still works.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
EX1=$SRC/lessons/week1/01-workloads/exercises/1.1b
expect_exit 0 "progress with nothing done" -- "$BIN" progress
expect_grep "^Competencies" "$T/out" "the competencies section is there"
expect_grep "Write efficient async code .*in progress" "$T/out" "async: in progress"
expect_grep "\[ \] 1.1b: classify workloads" "$T/out" "1.1b not passed yet"

"$BIN" check 1.1b >/dev/null 2>&1                # creates the workspace
cp "$EX1/solution/classify.py" "$LOOPLAB_HOME/1.1b/classify.py"
expect_exit 0 "the reference passes in the workspace" -- "$BIN" check 1.1b
expect_exit 0 "progress after passing 1.1b" -- "$BIN" progress
expect_grep "\[x\] 1.1b: classify workloads as I/O, CPU or mixed: 1 of 1" "$T/out" "the requirement is met"

cat > "$T/rules.lua" <<'LUA'
return { { id = "only", title = "Only 1.1b", requires = {
  { kind = "pass", items = { "1.1b" }, label = "pass 1.1b" } } } }
LUA
export LOOPLAB_COMPETENCIES=$T/rules.lua
expect_exit 0 "progress with other rules" -- "$BIN" progress
expect_grep "Only 1.1b .*100%  mastered" "$T/out" "recomputed from the same attempts: mastered"
expect_exit 0 "progress --json" -- "$BIN" progress --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = d["competencies"]
assert c[0]["id"] == "only" and c[0]["mastered"] is True, c
assert c[0]["requirements"][0]["met"] is True' "$T/out"
then ok "JSON competencies"; else bad "JSON competencies"; cat "$T/out"; fi
echo 'return { { id = "x" } }' > "$T/rules.lua"
expect_exit 0 "a broken rules file does not break progress" -- "$BIN" progress
expect_grep "Competencies: cannot compute them: .*rules.lua: competency 1: field 'title' must be a string" "$T/out" "the rules file is named"
finish
