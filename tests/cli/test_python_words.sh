#!/bin/bash
# cli.python_words -- no Lua words in Python feedback (issue 15): every
# Python mutant of weeks 1-2 (lessons/week[12]/*/exercises/*/mutants/*.py)
# is graded with --json, and no message a student reads (a check's, the
# run's, the notice) holds nil, a Lua table address, a `:cancel()` method
# call or the `aio.` module: Python students read None, lists and
# task.cancel(). Two gradings at a time (each is a few sandboxed runs, one
# per scenario); labelled slow, like the bank.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
ls "$SRC"/lessons/week[12]/*/exercises/*/mutants/*.py > "$T/list" 2>/dev/null
cat > "$T/scan.py" <<'PY'
import json, re, sys
try:
    d = json.load(open(sys.argv[1]))
except ValueError:
    print("  %s: no JSON result" % sys.argv[2]); sys.exit(1)
texts = [("message", d.get("message")), ("notice", d.get("notice"))]
texts += [("check \"%s\"" % t["name"], t.get("message")) for t in d["tests"]]
lua = re.compile(r"\bnil\b|table: 0x|:cancel\(\)|\baio\.")
bad = [(w, m) for w, m in texts if m and lua.search(m)]
for w, m in bad:
    print("  %s: %s: %r" % (sys.argv[2], w, lua.search(m).group(0)))
    print("    " + m.replace("\n", "\n    ")[:600])
sys.exit(1 if bad else 0)
PY
grade_one() {   # MUTANT -> "ok ..." or "not ok ..." lines
    local m=$1 id out
    id=$(basename "$(dirname "$(dirname "$m")")")
    out=$(mktemp "$T/out.XXXXXX")
    "$BIN" check "$id" --file "$m" --json >"$out" 2>/dev/null
    if python3 "$T/scan.py" "$out" "$id/$(basename "$m")"; then
        echo "ok - $id $(basename "$m"): Python words only"
    else
        echo "not ok - $id $(basename "$m"): Lua words in its feedback"
    fi
}
export -f grade_one
export BIN T
xargs -P 2 -I{} bash -c 'grade_one "$1"' _ {} < "$T/list" > "$T/results"
cat "$T/results"
PASSES=$(grep -c '^ok - ' "$T/results")
FAILS=$(grep -c '^not ok - ' "$T/results")
n=$(wc -l < "$T/list")
[ "$n" -gt 20 ] && ok "graded $n mutants" || bad "only $n mutants found"
finish
