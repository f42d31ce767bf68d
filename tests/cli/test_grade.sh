# tests/cli/test_grade.sh -- `looplab grade` over a class folder and
# `looplab gradebook export`: verdicts, resume by content hash, report
# formats that parse, INTERNAL never stored, CSV formula guard, usage errors.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
E=$EX/1.1a
C=$T/class
mkdir -p "$C/alice" "$C/bob" "$C/carol" "$C/dave" "$C/=cmd|calc"
cp "$E/solution/downloads.py" "$C/alice/"
cp "$E/starter/downloads.py" "$C/bob/"
cp "$E/mutants/timesleep.py" "$C/carol/downloads.py"
cp "$E/solution/downloads.py" "$C/=cmd|calc/"
cd "$T"

expect_exit 0 "grade a class of five" -- "$BIN" grade "$C" --exercise 1.1a --jobs 2
cp "$T/out" "$T/first"
expect_grep '^alice  *PASS  *6/6 checks' "$T/first" "alice passes"
expect_grep '^bob  *FAIL' "$T/first" "bob (starter) fails"
expect_grep '^carol  *FAIL' "$T/first" "carol (time.sleep mutant) fails"
expect_grep '^dave  *MISSING' "$T/first" "dave has no file"
expect_grep '5 submissions: 2 passed, 2 not passed, 1 missing, 0 unchanged' "$T/first" "summary line"
[ -f "$T/gradebook.db" ] && ok "gradebook.db created in the current folder" || bad "no ./gradebook.db"
# Lines come in student order without a TTY.
order=$(awk '{print $1}' "$T/first" | head -5 | tr '\n' ' ')
[ "$order" = "=cmd|calc alice bob carol dave " ] && ok "student order" || bad "order: $order"

# Resume: nothing changed, nothing regraded; change bob, only bob regraded.
expect_exit 0 "grade again" -- "$BIN" grade "$C" --exercise 1.1a
expect_grep '4 unchanged (not regraded)' "$T/out" "unchanged submissions are not regraded"
cp "$E/solution/downloads.py" "$C/bob/"
expect_exit 0 "grade after bob's fix" -- "$BIN" grade "$C" --exercise 1.1a
expect_grep '^bob  *PASS' "$T/out" "bob's new file is graded"
expect_grep '3 unchanged (not regraded)' "$T/out" "only bob regraded"
expect_exit 0 "--force regrades everything" -- "$BIN" grade "$C" --exercise 1.1a --force
expect_grep '0 unchanged' "$T/out" "--force ignores stored grades"

# Formats: each parses with a real parser.
expect_exit 0 "json lines" -- "$BIN" grade "$C" --exercise 1.1a --format json
if $PY -c 'import json,sys
rows=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(rows)==5, rows
by={r["looplab"]["student"]:r for r in rows}
assert by["dave"]["status"]=="error" and by["dave"]["looplab"]["verdict"]=="MISSING"
assert by["alice"]["status"]=="pass" and by["alice"]["version"]==3
assert by["carol"]["status"]=="fail"
t=[x for x in by["carol"]["tests"] if x["status"]=="fail"]
assert t and t[0]["message"], t
assert by["alice"]["schema"]=="looplab-results/1"' "$T/out"; then ok "native JSON has Exercism v3 keys and extras"; else bad "native JSON"; fi
expect_exit 0 "--out with exercism" -- "$BIN" grade "$C" --exercise 1.1a --format exercism --out "$T/res"
if $PY -c 'import json,sys
r=json.load(open(sys.argv[1]))
assert set(r)<={"version","status","message","tests"}, r.keys()
assert r["version"]==3 and r["status"]=="fail"
for t in r["tests"]:
    assert set(t)<={"name","status","message","output","test_code","task_id"}, t
    assert len(t.get("output",""))<=560' "$T/res/carol/results.exercism.json"; then ok "strict results.json v3"; else bad "exercism results.json"; fi
# A missing file gets its report too: a CI reading the folder tells
# "missing" from "not run".
if $PY -c 'import json,sys
r=json.load(open(sys.argv[1]))
assert set(r)<={"version","status","message","tests"}, r.keys()
assert r["version"]==3 and r["status"]=="error", r
assert "downloads.py is missing" in r["message"] and "dave" in r["message"], r
assert r["tests"]==[], r' "$T/res/dave/results.exercism.json"; then ok "missing student: exercism status error naming the file"; else bad "missing student's results.exercism.json"; ls -R "$T/res" | sed 's/^/    /'; fi
expect_exit 0 "--out with junit" -- "$BIN" grade "$C" --exercise 1.1a --format junit --out "$T/resj"
if $PY -c 'import sys,xml.etree.ElementTree as ET
r=ET.parse(sys.argv[1]).getroot()
e=[c for c in r.iter("testcase") if c.find("error") is not None]
assert len(e)==1 and "downloads.py is missing" in e[0].find("error").get("message")
assert r.get("errors")=="1"' "$T/resj/dave/junit.xml"; then ok "missing student: junit error case"; else bad "missing student's junit.xml"; fi
expect_exit 0 "--out with json" -- "$BIN" grade "$C" --exercise 1.1a --format json --out "$T/resn"
if $PY -c 'import json,sys
r=json.load(open(sys.argv[1]))
assert r["status"]=="error" and r["looplab"]["verdict"]=="MISSING" and r["looplab"]["student"]=="dave", r' "$T/resn/dave/results.json"; then ok "missing student: native json verdict MISSING"; else bad "missing student's results.json"; fi
expect_exit 0 "--out with tap" -- "$BIN" grade "$C" --exercise 1.1a --format tap --out "$T/rest"
expect_grep "^not ok 1 - program runs to completion" "$T/rest/dave/results.tap" "missing student: tap point fails"
expect_exit 0 "junit" -- "$BIN" grade "$C" --exercise 1.1a --format junit
if $PY -c 'import sys,xml.etree.ElementTree as ET
r=ET.parse(sys.argv[1]).getroot()
assert r.tag=="testsuites"
s=r.findall("testsuite"); assert len(s)==5
names=[(c.get("classname"),c.get("name")) for c in r.iter("testcase")]
assert len(names)==len(set(names)), "classname+name unique"
f=[c for c in r.iter("testcase") if c.find("failure") is not None]
assert f and all(c.get("classname").startswith("carol.") for c in f)' "$T/out"; then ok "JUnit parses, unique names, failures on carol"; else bad "junit"; sed 's/^/    /' "$T/out" | head -30; fi
expect_exit 0 "tap" -- "$BIN" grade "$C" --exercise 1.1a --format tap
expect_grep '^TAP version 13' "$T/out" "TAP header"
expect_grep '^1\.\.5$' "$T/out" "TAP plan for 5 submissions, missing dave too"
expect_grep '^not ok 4 - carol' "$T/out" "carol's subtest fails"
expect_grep '^not ok 5 - dave' "$T/out" "missing dave's point fails"
expect_grep '^    not ok . - never blocks the event loop' "$T/out" "carol's failing check"

# Export: the folder named '=cmd|calc' must not become a formula.
expect_exit 0 "export csv" -- "$BIN" gradebook export --format csv
expect_grep "^1.1a,,[0-9-]* [0-9:]*,'=cmd|calc," "$T/out" "formula cell neutralised"
expect_grep '^1.1a,,.*,carol,,,,3,0,3,7' "$T/out" "carol 3/7 in nbgrader columns"
printf 'student,last_name,first_name,email,sis_login_id,section\r\nalice,Doe,"Alice, A.",a@x.org,adoe,S1\r\nzed,Zed,Z,z@x.org,zz,S2\r\n' >"$T/roster.csv"
expect_exit 0 "export canvas with roster" -- "$BIN" gradebook export --format canvas --roster "$T/roster.csv"
expect_grep '^Student,ID,SIS User ID,SIS Login ID,Section,looplab 1.1a' "$T/out" "canvas header"
expect_grep '^    Points Possible,,,,,7' "$T/out" "points possible row"
expect_grep '^"Doe, Alice, A.",,,adoe,S1,7' "$T/out" "roster identity used"
expect_grep '^"Zed, Z",,,zz,S2,\s*$' "$T/out" "roster student without a grade: empty"
expect_grep 'not in the roster.*: =cmd|calc, bob, carol' "$T/err" "graded students without a roster row: listed"
if grep -q -e '^bob' -e ',bob,' "$T/out"; then bad "bob exported under a guessed identity"; else ok "no guessed identities"; fi
expect_exit 0 "export csv with roster" -- "$BIN" gradebook export --format csv --roster "$T/roster.csv"
expect_grep '^1.1a,,,zed,Zed,Z,z@x.org,0,0,0,7' "$T/out" "missing submission: 0 and no timestamp"

# A grader problem is reported, exits 3, and is never stored as a grade.
mkdir -p "$T/c2/erin" && cp "$E/solution/downloads.py" "$T/c2/erin/"
LOOPLAB_PYTHON=/nonexistent/python3 expect_exit 3 "INTERNAL when python is missing" -- \
    "$BIN" grade "$T/c2" --exercise 1.1a --gradebook "$T/g2.db"
expect_grep '^erin  *INTERNAL' "$T/out" "erin INTERNAL"
expect_exit 0 "export g2" -- "$BIN" gradebook export --format csv --gradebook "$T/g2.db"
if grep -q erin "$T/out"; then bad "INTERNAL stored as a grade"; else ok "INTERNAL not stored"; fi
expect_exit 0 "then graded for real" -- "$BIN" grade "$T/c2" --exercise 1.1a --gradebook "$T/g2.db"
expect_grep '^erin  *PASS' "$T/out" "erin graded on the next run"

# A run stopped by a limit still lists every declared check, as not run.
mkdir -p "$T/c3/flo" && echo "print('x' * 10_000_000)" >"$T/c3/flo/downloads.py"
expect_exit 0 "grade an output flood" -- "$BIN" grade "$T/c3" --exercise 1.1a --gradebook "$T/g3.db" --format tap
expect_grep '^not ok 1 - program runs to completion' "$T/out" "the run itself is the first failure"
expect_grep '^not ok 2 - prints every page in list order' "$T/out" "declared checks still listed"
expect_grep 'not run: the program printed too much (OLE)' "$T/out" "each says why it did not run"
expect_exit 0 "text table" -- "$BIN" grade "$T/c3" --exercise 1.1a --gradebook "$T/g3.db"
expect_grep '^flo  *OLE  *0/6 checks  0/7 points' "$T/out" "real maximum score for a limit verdict"

# Usage errors name the argument.
expect_exit 4 "no --exercise" -- "$BIN" grade "$C"
expect_grep 'exercise' "$T/err" "says --exercise is needed"
expect_exit 4 "unknown exercise" -- "$BIN" grade "$C" --exercise 9.9z
expect_grep "no exercise '9.9z'" "$T/err" "names the exercise"
expect_exit 4 "not a folder" -- "$BIN" grade "$T/nope" --exercise 1.1a
expect_grep "$T/nope: not a folder" "$T/err" "names the path"
expect_exit 4 "bad --jobs" -- "$BIN" grade "$C" --exercise 1.1a --jobs 0
expect_exit 4 "bad --format" -- "$BIN" grade "$C" --exercise 1.1a --format xml
expect_exit 4 "export without gradebook" -- "$BIN" gradebook export --format csv --gradebook "$T/none.db"
expect_exit 4 "roster without student column" -- sh -c "printf 'name\nx\n' >'$T/r2.csv'; '$BIN' gradebook export --format csv --roster '$T/r2.csv'"
expect_grep 'r2.csv:1:' "$T/err" "roster error names file:line"
finish
