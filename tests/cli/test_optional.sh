#!/bin/bash
# cli.optional -- `optional = true` in exercise.lua (an "engine room"
# extra, docs/authoring.md section 5): the course loads, `looplab list`
# marks it "(optional)" in text and `"optional": true` in --json, the
# "N of M exercises passed" count leaves it out (passed or not), and
# `dev lint` takes the field as known.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
C=$T/course
mkdir -p "$C/week1"
cp -r "$SRC/lessons/week1/01-workloads" "$C/week1/"
E=$C/week1/01-workloads/exercises/1.1b
sed -i 's/^  kind = "\(lua\|python\)",/&\n  optional = true,/' "$E/exercise.lua"
grep -q 'optional = true' "$E/exercise.lua" || { bad "fixture: no optional field"; finish; exit; }
export LOOPLAB_COURSE=$C

expect_exit 0 "list with an optional exercise" -- "$BIN" list
expect_grep '^ *1.1b .*new  (optional)$' "$T/out" "the optional one is marked"
if grep -q '^ *1.1a .*(optional)' "$T/out"; then bad "1.1a is not optional"
else ok "a required one is not marked"; fi
expect_grep '^0 of 1 exercises passed (optional ones not counted)$' "$T/out" \
    "the count leaves the optional one out"

"$BIN" check 1.1b >/dev/null 2>&1                 # creates the workspace
cp "$E"/solution/* "$LOOPLAB_HOME/1.1b/"
expect_exit 0 "the optional one passes" -- "$BIN" check 1.1b
expect_exit 0 "list after passing it" -- "$BIN" list
expect_grep '^ *1.1b .*passed  (optional)$' "$T/out" "passed and still marked"
expect_grep '^0 of 1 exercises passed' "$T/out" "passing it changes no count"

expect_exit 0 "list --json" -- "$BIN" list --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ex = {e["id"]: e for l in d["lessons"] for e in l["exercises"]}
assert ex["1.1b"]["optional"] is True, ex["1.1b"]
assert ex["1.1a"]["optional"] is False, ex["1.1a"]' "$T/out"
then ok "--json says which one is optional"; else bad "--json optional"; cat "$T/out"; fi

cd "$T" || exit 1
"$BIN" dev lint course >"$T/lint" 2>&1
if grep -q "unknown field 'optional'" "$T/lint"; then bad "dev lint does not know 'optional'"; cat "$T/lint"
else ok "dev lint accepts optional"; fi
sed -i 's/optional = true/optional = "yes"/' "$E/exercise.lua"
expect_exit 4 "a non-boolean optional does not load (the course is broken)" -- "$BIN" list
expect_grep "exercise.lua: field 'optional' must be true or false" "$T/err" "named with its field"
finish
