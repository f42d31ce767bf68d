#!/bin/bash
# cli.feedback -- what a Python student reads first (issue 15):
#  * a missing `await` is named before the check list, with the line that
#    created the coroutine and the fix, and Python's warning is shown; the
#    behaviour checks ("runs without an exception") are not earned;
#  * a syntax error is one message (file:line:col and the caret), before
#    the checks, and every check is "not run";
#  * a check's `hint = N` points at that hint under the failed check
#    (`looplab hint ID N` shows it, and from then on the check repeats it),
#    in --json as "hint";
#  * LOOPLAB_PYTHON's interpreter is named in the report.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
A=$EX/1.1a

# --- a missing await: `pages = [fetch(n, s) ...]` at line 13
cat > "$T/noawait.py" <<'PY'
"""Exercise 1.1a: a missing await."""
import asyncio

PAGES = [("a", 2), ("b", 1), ("c", 3)]


async def fetch(name, seconds):
    await asyncio.sleep(seconds)
    return f"page {name} ({seconds} s)"


async def main():
    pages = [fetch(n, s) for n, s in PAGES]
    for p in pages:
        print(p)
    print("total: 3 pages")


if __name__ == "__main__":
    asyncio.run(main())
PY
expect_exit 1 "a missing await fails" -- "$BIN" check 1.1a --file "$T/noawait.py"
expect_grep "^  coroutine 'fetch' was never awaited (line 13): call it with \`await fetch(...)\`$" \
    "$T/out" "the coroutine, its line and the fix"
expect_grep "^    RuntimeWarning: coroutine 'fetch' was never awaited$" "$T/out" "Python's warning is shown"
first=$(grep -n "^First, fix this:" "$T/out" | cut -d: -f1)
check1=$(grep -n "^  [^ ]* \(PASS\|FAIL\)  " "$T/out" | head -1 | cut -d: -f1)
if [ -n "$first" ] && [ -n "$check1" ] && [ "$first" -lt "$check1" ]; then
    ok "named first, before the check list"
else bad "not named before the checks"; cat "$T/out"; fi
if grep -q "PASS  runs without an exception" "$T/out"; then
    bad "'runs without an exception' shows a plain pass"
else ok "'runs without an exception' is not a plain pass"; fi
expect_grep "Not earned yet: coroutine 'fetch' was never awaited" "$T/out" "and says why"
expect_exit 1 "--json" -- "$BIN" check 1.1a --file "$T/noawait.py" --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["notice"].startswith("coroutine '"'"'fetch'"'"' was never awaited (line 13)"), d["notice"]
assert "RuntimeWarning" in d["notice"], d["notice"]
t = {x["name"]: x for x in d["tests"]}
assert t["runs without an exception"]["status"] == "fail", t' "$T/out"
then ok "--json: notice with the line"; else bad "--json notice"; cat "$T/out"; fi

# the same coroutine made in a helper module: named with its file
mkdir -p "$T/helper"
printf 'import asyncio\n\n\nasync def ping():\n    await asyncio.sleep(1)\n\n\ndef start():\n    return ping()\n' > "$T/helper/net.py"
printf 'import asyncio\nimport net\n\n\nasync def main():\n    net.start()\n    await asyncio.sleep(3)\n\nasyncio.run(main())\n' > "$T/helper/main.py"
"$BIN" check 1.1a --file "$T/helper/main.py" >"$T/out" 2>&1
expect_grep "coroutine 'ping' was never awaited (net.py:9)" "$T/out" "a helper file's line names the file"

# the fix spells the call as the line does (lab.fetch, not fetch)
printf 'import asyncio\nfrom looplab import lab\n\n\nasync def main():\n    r = lab.fetch("/page")\n    await asyncio.sleep(3)\n\nasyncio.run(main())\n' > "$T/labna.py"
"$BIN" check 1.1a --file "$T/labna.py" >"$T/out" 2>&1
expect_grep "coroutine 'fetch' was never awaited (line 6): call it with \`await lab.fetch(...)\`" "$T/out" "the call as written"

# a correct file has no notice
"$BIN" check 1.1a --file "$A/solution/downloads.py" --json >"$T/out" 2>&1
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "notice" not in d, d' "$T/out"
then ok "no notice for the reference"; else bad "the reference has a notice"; cat "$T/out"; fi

# --- a syntax error: one message, every check not run
printf 'import asyncio\n\nasync def main():\n    print("hi"\n\nasyncio.run(main())\n' > "$T/syntax.py"
expect_exit 1 "a syntax error fails" -- "$BIN" check 1.1a --file "$T/syntax.py"
expect_grep "^  Your file does not compile:$" "$T/out" "said in words"
expect_grep "syntax.py:4:10: SyntaxError: '(' was never closed" "$T/out" "file:line:col"
expect_grep '^ *\^$' "$T/out" "the caret"
nchecks=$(grep -c "^  [^ ]* \(PASS\|FAIL\)  " "$T/out")
if [ "$(grep -c "SyntaxError" "$T/out")" = $((nchecks + 1)) ] && \
   [ "$(grep -c "was never closed" "$T/out")" = 1 ]; then
    ok "one message (the checks only name its kind)"
else bad "the error is repeated"; cat "$T/out"; fi
n=$(grep -c "not run: the file does not compile (SyntaxError); fix that first" "$T/out")
[ "$n" = "$nchecks" ] && [ "$n" -gt 0 ] && ok "every check is not run" \
    || { bad "$n checks not run, want $nchecks"; cat "$T/out"; }
err=$(grep -n "Your file does not compile" "$T/out" | cut -d: -f1)
check1=$(grep -n "^  [^ ]* \(PASS\|FAIL\)  " "$T/out" | head -1 | cut -d: -f1)
[ "$err" -lt "$check1" ] && ok "the error comes before the checks" || bad "the error comes after the checks"
expect_exit 1 "--json" -- "$BIN" check 1.1a --file "$T/syntax.py" --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["status"] == "error" and d["verdict"] == "RE", d
assert "syntax.py:4:10: SyntaxError" in d["message"] and "^" in d["message"], d["message"]
assert all(t["status"] == "fail" and t["message"].startswith("not run: the file does not compile") for t in d["tests"]), d["tests"]
assert "notice" not in d' "$T/out"
then ok "--json: one message, checks not run"; else bad "--json syntax error"; cat "$T/out"; fi

# --- hints tied to checks
C=$T/course
mkdir -p "$C/week1"
cp -r "$SRC/lessons/week1/01-workloads" "$C/week1/"
# every check of the copy names hint 2, whatever the shipped ones name
K=$C/week1/01-workloads/exercises/1.1a/checks.lua
sed -i 's/^return {$/local __checks = {/' "$K"
printf 'for _, c in ipairs(__checks) do c.hint = 2 end\nreturn __checks\n' >> "$K"
grep -q '^local __checks = {' "$K" || bad "fixture: checks.lua has no 'return {' line"
export LOOPLAB_COURSE=$C
"$BIN" check 1.1a >/dev/null 2>&1               # the starter: 6 s, too slow
expect_exit 1 "the starter fails" -- "$BIN" check 1.1a
expect_grep "^          Hint 2 may help: looplab hint 1.1a 2$" "$T/out" "a failed check points at its hint"
if grep -B1 "Hint 2 may help" "$T/out" | grep -q "PASS"; then bad "a passed check points at a hint"
else ok "under the failed check"; fi
expect_exit 1 "--json" -- "$BIN" check 1.1a --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
failed = [x for x in d["tests"] if x["status"] == "fail"]
passed = [x for x in d["tests"] if x["status"] == "pass"]
assert failed and passed, d["tests"]
assert all(x["hint"] == 2 for x in failed), failed
assert all("hint" not in x for x in passed), passed' "$T/out"
then ok "--json: a failed check's hint, none on a passed one"; else bad "--json hint"; cat "$T/out"; fi
expect_exit 0 "looplab hint 1.1a 2" -- "$BIN" hint 1.1a 2
expect_grep "^Hint 2/[0-9]: ." "$T/out" "shows that hint"
if grep -q "^Hint 1/" "$T/out"; then bad "it shows hint 1 too"; else ok "only that hint"; fi
hint2=$(sed -n 's/^Hint 2\/[0-9]: \([A-Za-z ]*\).*/\1/p' "$T/out")
expect_exit 1 "check again" -- "$BIN" check 1.1a
expect_grep "^          Hint 2: $hint2" "$T/out" "a hint seen is repeated under its check"
expect_exit 4 "no hint 9" -- "$BIN" hint 1.1a 9
expect_grep "1.1a has [0-9] hints" "$T/err" "says how many there are"
expect_exit 4 "hint 0 is a usage error" -- "$BIN" hint 1.1a 0
unset LOOPLAB_COURSE

# --- another interpreter, named
LOOPLAB_PYTHON=/usr/bin/python3.11 "$BIN" check 1.1a --file "$A/solution/downloads.py" >"$T/out" 2>&1
expect_grep "^(ran on Python 3.11.[0-9]* (/usr/bin/python3.11, from LOOPLAB_PYTHON); the course is graded with Debian's python3 3.11)$" \
    "$T/out" "LOOPLAB_PYTHON's interpreter is named"
"$BIN" check 1.1a --file "$A/solution/downloads.py" >"$T/out" 2>&1
if grep -q "ran on Python" "$T/out"; then bad "the default is named"; else ok "the default is not"; fi
finish
