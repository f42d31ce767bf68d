#!/bin/bash
# dev.lint -- `looplab dev lint` reports, as file:line: level: message,
# unknown manifest fields (with a suggestion), raw HTML and unlabeled code
# blocks in pages, missing hints and solutions, a check's `hint = N` past
# the exercise's hints, broken checks.lua, mutant
# headers that are malformed or name no check, pt/po questions without a
# snippet, ids shared by two lessons and manifests that do not load.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
C=$T/course
mkdir -p "$C"
cp -r "$SRC/lessons/week1" "$C/"
L=$C/week1/01-workloads
E=$L/exercises/1.1a
cd "$T" || exit 1
expect_exit 0 "a copy of the shipped lesson lints clean" -- "$BIN" dev lint course

sed -i 's/^  hints = {/  hint = "x", hints = {/' "$E/exercise.lua"
printf '\n<div>raw</div>\n\n```\nno language\n```\n' >> "$L/pages/01-where-time-goes.md"
sed -i '1s/.*/# mutant: fails "no such check"/' "$E/mutants/unordered.py"
sed -i '1s/.*/# not a header/' "$E/mutants/timesleep.py"
rm "$E/solution/downloads.py"
sed -i 's/^  hints = {/  hints = {}, old_hints = {/' "$L/exercises/1.1b/exercise.lua"
sed -i '0,/kind = "mc",/s//kind = "pt",/' "$L/quiz.lua"    # a pt without code
# a check names a hint the exercise does not have (1.1a has 3), another
# names one it has
sed -i 's/^return {$/local __checks = {/' "$E/checks.lua"
printf '__checks[1].hint = 4\n__checks[2].hint = 3\nreturn __checks\n' >> "$E/checks.lua"
nhints=$(grep -c '^    "' "$E/exercise.lua")
# a Python statement that does not say which Python grades it
sed -i '/3\.11/d' "$E/README.md"
cp -r "$L" "$C/week1/02-copy"            # same ids as 01-workloads
mkdir -p "$C/week1/03-broken"
printf 'return {\n  id = "1.3",\n  title = = "x",\n}\n' > "$C/week1/03-broken/lesson.lua"

# 40 nested quotes then 40 nested list items (issue 14: past 33 levels the
# renderer wrote past its container array; now it draws them flat).
{ echo; printf '> %.0s' $(seq 40); echo 'deep'; echo
  for i in $(seq 0 39); do printf "%$((2 * i))s- item $i\n" ''; done; } \
    >> "$L/pages/02-three-models.md"
deep_line=$(grep -n '^> > >' "$L/pages/02-three-models.md" | cut -d: -f1)

expect_exit 1 "lint exits 1 on errors" -- "$BIN" dev lint course
O=$T/out
expect_grep "course/week1/01-workloads/exercises/1.1a/exercise.lua:[0-9]*: warning: unknown field 'hint' (did you mean 'hints'?)" "$O" "unknown field, with line and suggestion"
expect_grep "01-where-time-goes.md:[0-9]*: error: raw HTML" "$O" "raw HTML in a page, with its line"
expect_grep "01-where-time-goes.md:[0-9]*: warning: code block without a language" "$O" "code fence without a language"
expect_grep "1.1a/mutants/unordered.py:1: error: names check \"no such check\", which checks.lua does not define" "$O" "mutant naming no check"
expect_grep "1.1a/mutants/timesleep.py:1: error: the first line must be" "$O" "malformed mutant header"
expect_grep "1.1a/solution/downloads.py: error: the reference solution is missing" "$O" "missing solution"
expect_grep "1.1b/exercise.lua: error: no hints" "$O" "no hints"
expect_grep "1.1a/checks.lua:[0-9]*: error: check \".*\" names hint 4, but exercise.lua has $nhints hints" "$O" "a hint out of range"
if grep -q '1.1a/checks.lua.*names hint 3' "$O"; then bad "hint 3 of $nhints is in range"; else ok "a hint in range is fine"; fi
expect_grep "1.1a/README.md: warning: \`How to run it\` does not say what grades the file" "$O" "a Python statement names the grader's Python"
expect_grep "01-workloads/quiz.lua: error: question 1 (pt): predict-time questions need a \`code\` snippet" "$O" "pt question without code"
expect_grep "02-copy/lesson.lua: error: lesson id '1.1' is also used by" "$O" "lesson id shared by two lessons"
expect_grep "02-copy/exercises/1.1a: error: exercise id '1.1a' is also used by" "$O" "exercise id shared by two lessons"
expect_grep "03-broken/lesson.lua:3: error: unexpected symbol near '='" "$O" "a manifest that does not load: file and line"
expect_grep "02-three-models.md:$deep_line: warning: quotes and lists nested [0-9]* deep: the terminal draws 32 levels" "$O" "Markdown nested too deep: file and line"

# luacheck, when installed, runs with the nearest .luacheckrc; its findings
# become warnings at file:line. A stand-in luacheck records its arguments.
mkdir -p "$T/bin"
cat > "$T/bin/luacheck" <<'SH'
#!/bin/sh
echo "$@" > "$LL_FAKE_ARGS"
echo "$(pwd)/course/week1/01-workloads/demos/sleepers.lua:7:5: (W211) unused variable 'x'"
SH
chmod +x "$T/bin/luacheck"
echo 'std = "lua54"' > "$C/.luacheckrc"
export LL_FAKE_ARGS=$T/luacheck.args
PATH=$T/bin:$PATH expect_exit 1 "lint with luacheck installed" -- "$BIN" dev lint course
expect_grep "course/week1/01-workloads/demos/sleepers.lua:7: warning: (W211) unused variable 'x'" "$T/out" "a luacheck finding is a warning at file:line"
expect_grep "config $C/.luacheckrc" "$LL_FAKE_ARGS" "luacheck gets the course's .luacheckrc"
expect_exit 1 "lint --json" -- "$BIN" dev lint --json course
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert not r["ok"] and r["errors"] >= 9; assert all(i["file"] for i in r["items"])' "$O"
then ok "JSON lint report"; else bad "JSON lint report"; cat "$O"; fi
finish
