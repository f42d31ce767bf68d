# tests/cli/test_grade_formats.sh -- the grade formats against their real
# consumers (issue 14 §6): Perl's prove reads every TAP stream and file,
# xmllint validates JUnit against Jenkins' junit-10.xsd, Exercism v3 keys
# and statuses, missing students in every stream, no instructor paths,
# a non-UTF-8 folder name kept losslessly, Canvas without guessed
# identities, and a lost output (/dev/full) is exit 3, never 0.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
E=$EX/1.1a
C=$T/class
XSD=$SRC/tests/cli/junit-10.xsd
LATIN=$(printf 'j\351r\303\264me')          # "j<E9>r" then UTF-8 "ôme"
mkdir -p "$C/ann" "$C/bob" "$C/cyd" "$C/dan" "$C/eve" "$C/fay" "$C/$LATIN"
cp "$E/solution/downloads.py" "$C/ann/"
cp "$E/starter/downloads.py" "$C/bob/"
printf 'import sys\nraise ValueError("boom")\n' >"$C/cyd/downloads.py"    # RE, checks ran
echo "print('x' * 10_000_000)" >"$C/dan/downloads.py"                     # OLE: stopped
printf 'import os\nos._exit(3)\n' >"$C/eve/downloads.py"                  # early RE: stopped
cp "$E/solution/downloads.py" "$C/$LATIN/"
# fay: no file (MISSING)
cd "$T"
N=7
for t in prove xmllint; do command -v $t >/dev/null || { bad "$t is not installed (tools/deps.sh)"; finish; exit 1; }; done

# prove_ok FILE PLAN DESCRIPTION: prove parses FILE with no parse errors
# and counts PLAN tests.
prove_ok() {
    prove -v -e cat "$1" >"$T/prove.out" 2>&1
    if grep -q "Parse errors" "$T/prove.out"; then bad "$3: prove parse errors"; sed 's/^/    /' "$T/prove.out" | tail -15
    elif ! grep -q "Tests=$2," "$T/prove.out"; then bad "$3: prove did not count $2 tests"; tail -5 "$T/prove.out" | sed 's/^/    /'
    else ok "$3"; fi
}

# {==== TAP: prove reads the stream and every per-student file ====}
expect_exit 0 "grade a class as tap" -- "$BIN" grade "$C" --exercise 1.1a --format tap
cp "$T/out" "$T/class.tap"
expect_grep '^TAP version 13$' "$T/class.tap" "TAP version 13 (prove refuses 14)"
expect_grep "^1\.\.$N\$" "$T/class.tap" "the plan counts all $N students, the missing one too"
prove_ok "$T/class.tap" $N "prove parses the class stream: $N tests"
grep -q '^not ok [0-9]* - fay$' "$T/class.tap" && ok "missing fay is a failed point" || bad "no point for fay"
if grep -q '|-' "$T/class.tap"; then bad "a |- block scalar is left"; else ok "no |- block scalars"; fi
expect_exit 0 "tap per student" -- "$BIN" grade "$C" --exercise 1.1a --format tap --out "$T/tap"
for d in "$T"/tap/*/; do
    want=$(head -2 "$d/results.tap" | sed -n 's/^1\.\.\([0-9]*\)$/\1/p')
    prove_ok "$d/results.tap" "$want" "prove parses $(basename "$d")'s results.tap"
done
[ "$(ls "$T/tap" | wc -l)" = $N ] && ok "one tap file per student" || bad "tap files: $(ls "$T/tap")"

# {==== JUnit: Jenkins' schema, stream and files ====}
expect_exit 0 "grade as junit" -- "$BIN" grade "$C" --exercise 1.1a --format junit
cp "$T/out" "$T/class.xml"
if xmllint --noout --schema "$XSD" "$T/class.xml" 2>"$T/xl"; then ok "junit stream valid against junit-10.xsd"
else bad "junit stream invalid"; sed 's/^/    /' "$T/xl" | head; fi
expect_exit 0 "junit per student" -- "$BIN" grade "$C" --exercise 1.1a --format junit --out "$T/junit"
if xmllint --noout --schema "$XSD" "$T"/junit/*/junit.xml 2>"$T/xl"; then ok "every junit.xml valid against junit-10.xsd"
else bad "junit files invalid"; sed 's/^/    /' "$T/xl" | head; fi
if $PY -c 'import sys,xml.etree.ElementTree as ET
r=ET.parse(sys.argv[1]).getroot()
s=r.findall("testsuite"); assert len(s)==7, len(s)
props={p.get("name"):p.get("value") for p in s[-1].iter("property")}
names=[x.get("name") for x in s]
assert "fay.1.1a" in names, names
fay=[x for x in s if x.get("name")=="fay.1.1a"][0]
assert {p.get("name"):p.get("value") for p in fay.iter("property")}["verdict"]=="MISSING"
assert fay.find("testcase/error") is not None
# the non-UTF-8 folder keeps its identity, escaped
assert any(x.get("name")=="j\\xE9r\u00f4me.1.1a" for x in s), names
assert int(r.get("tests"))==sum(int(x.get("tests")) for x in s)
assert all(c.get("file") is None for c in r.iter("testcase"))
fp=[p.get("value") for p in r.iter("property") if p.get("name")=="file"]
assert fp and set(fp)=={"downloads.py"}, fp' "$T/class.xml"; then ok "junit: missing fay, escaped name, totals add up, file as a property"
else bad "junit content"; fi

# {==== Exercism v3 ====}
expect_exit 0 "exercism per student" -- "$BIN" grade "$C" --exercise 1.1a --format exercism --out "$T/ex"
if $PY - "$T/ex" "$T" <<'PYEOF'
import json, os, sys
root, tmp = sys.argv[1], sys.argv[2]
seen = {}
for d in os.listdir(root):
    text = open(os.path.join(root, d, "results.exercism.json"), encoding="utf-8").read()
    assert tmp not in text and "/tmp/" not in text, (d, "absolute path")
    r = json.loads(text)
    assert set(r) <= {"version", "status", "message", "tests"}, r.keys()
    assert r["version"] == 3 and r["status"] in ("pass", "fail", "error")
    assert ("message" in r) == (r["status"] == "error"), (d, r)
    for t in r["tests"]:
        assert set(t) <= {"name", "status", "message", "output", "test_code", "task_id"}, t
        assert t["status"] in ("pass", "fail", "error")
    seen[d] = r
assert seen["ann"]["status"] == "pass"
assert seen["bob"]["status"] == "fail"
assert seen["cyd"]["status"] == "fail", "an exception after which the checks ran"
assert seen["cyd"]["tests"][0]["status"] == "error"
assert 'File "downloads.py", line 2' in seen["cyd"]["tests"][0]["message"]
assert seen["dan"]["status"] == "error" and seen["dan"]["message"].startswith("OLE")
assert seen["eve"]["status"] == "error" and seen["eve"]["message"].startswith("RE")
assert seen["fay"]["status"] == "error" and "missing" in seen["fay"]["message"]
PYEOF
then ok "exercism v3: error only when no check ran, message only with error, no absolute paths"
else bad "exercism results"; fi

# {==== missing students in every stream format ====}
for f in json exercism junit tap; do
    expect_exit 0 "stream $f" -- "$BIN" grade "$C" --exercise 1.1a --format $f
    expect_grep 'fay' "$T/out" "missing fay is in the $f stream"
done
expect_exit 0 "stream text" -- "$BIN" grade "$C" --exercise 1.1a
expect_grep '^fay  *MISSING' "$T/out" "missing fay is in the text table"

# {==== the non-UTF-8 folder name, losslessly ====}
expect_exit 0 "json stream" -- "$BIN" grade "$C" --exercise 1.1a --format json
if $PY -c 'import json,os,sys
rows=[json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
names={os.fsencode(r["looplab"]["student"]) for r in rows}
assert sys.argv[2].encode("utf-8","surrogateescape") in names, names
assert len(rows)==7' "$T/out" "$LATIN"; then ok "json: the non-UTF-8 name round-trips (surrogateescape)"
else bad "json name"; sed 's/^/    /' "$T/out" | head -3; fi
"$BIN" grade "$C" --exercise 1.1a >"$T/table" 2>&1
expect_grep '^j\\xE9rôme  *PASS' "$T/table" "text table shows the escaped name"

# {==== Canvas: no guessed identities ====}
printf 'student,last_name,first_name,sis_user_id,sis_login_id\r\nann,Ant,Ann,u1,ann1\r\nbob,Bee,Bob,u2,\r\n' >"$T/roster.csv"
expect_exit 0 "canvas with a partial roster" -- "$BIN" gradebook export --format canvas --roster "$T/roster.csv"
expect_grep 'warning: 4 graded students are not in the roster' "$T/err" "unknown students: a warning"
expect_grep 'cyd' "$T/err" "the warning lists them"
if grep -q -e '^cyd' -e ',cyd,' -e 'dan' "$T/out"; then bad "an unknown student exported"; sed 's/^/    /' "$T/out"
else ok "unknown students left out of the canvas export"; fi
expect_grep '^"Bee, Bob",,u2,,' "$T/out" "no SIS login guessed from the folder name"
expect_exit 4 "canvas without a roster" -- "$BIN" gradebook export --format canvas
expect_grep 'needs --roster' "$T/err" "says why"

# {==== interrupted: the students not graded yet are skipped, still counted ====}
I=$T/slow
mkdir -p "$I/a0" "$I/b1" "$I/b2" "$I/b3"
cp "$E/solution/downloads.py" "$I/a0/"
for s in b1 b2 b3; do echo 'while True: pass' >"$I/$s/downloads.py"; done
"$BIN" grade "$I" --exercise 1.1a --jobs 1 --format tap --gradebook "$T/slow.db" >"$T/int.tap" 2>"$T/int.err" &
pid=$!
for _ in $(seq 1 200); do
    n=$(sqlite3 "$T/slow.db" "SELECT count(*) FROM grades" 2>/dev/null || echo 0)
    [ "${n:-0}" -ge 1 ] && break; sleep 0.05
done
kill -TERM $pid; wait $pid; rc=$?
[ $rc = 2 ] && ok "interrupted grade exits 2" || bad "interrupted grade: exit $rc"
expect_grep '^1\.\.4$' "$T/int.tap" "the interrupted stream's plan still counts all 4"
expect_grep '^ok [0-9] - b3 # SKIP not graded: the grading run was interrupted' "$T/int.tap" "not graded ones are skips"
prove_ok "$T/int.tap" 4 "prove parses the interrupted stream"

# {==== a lost output is exit 3 with a message ====}
if [ -w /dev/full ]; then
    expect_exit 3 "export to a full device" -- sh -c "'$BIN' gradebook export --format csv >/dev/full"
    expect_grep 'cannot write the csv export to standard output: No space left' "$T/err" "export names the output"
    expect_exit 3 "junit to a full device" -- sh -c "'$BIN' grade '$C' --exercise 1.1a --format junit >/dev/full"
    expect_grep 'cannot write the junit report to standard output' "$T/err" "grade names the output"
    expect_exit 3 "check --json to a full device" -- sh -c "'$BIN' check 1.1a --json --file '$C/ann/downloads.py' >/dev/full"
    expect_grep 'cannot write the JSON result' "$T/err" "check names the output"
    expect_exit 3 "text table to a full device" -- sh -c "'$BIN' grade '$C' --exercise 1.1a >/dev/full"
    expect_grep 'cannot write the output to standard output' "$T/err" "any command: the final flush is checked"
    "$BIN" check 1.1a --file "$C/ann/downloads.py" --trace "$T/run.jsonl" >/dev/null 2>&1
    expect_exit 3 "trace export to a full device" -- "$BIN" trace export "$T/run.jsonl" --format chrome -o /dev/full
    expect_grep 'cannot write the chrome export to /dev/full: No space left' "$T/err" "trace export names the output"
    expect_exit 3 "check --trace to a full device" -- "$BIN" check 1.1a --file "$C/ann/downloads.py" --trace /dev/full
    expect_grep 'cannot write the trace to /dev/full' "$T/err" "check names the trace file"
    [ -c /dev/full ] && ok "a failed trace never removes what the path names (/dev/full)" || bad "/dev/full is gone"
else
    ok "no /dev/full here: skipped"
fi
finish
