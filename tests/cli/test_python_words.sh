#!/bin/bash
# cli.python_words -- no Lua words in Python feedback (issue 15): every
# Python mutant of weeks 1-2 (lessons/week[12]/*/exercises/*/mutants/*.py)
# is graded with --json, and no message a student reads (a check's, the
# run's, the notice) holds nil, a Lua table address, a `:cancel()` method
# call or the `aio.` module: Python students read None, lists and
# task.cancel().
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
n=0
for m in "$SRC"/lessons/week[12]/*/exercises/*/mutants/*.py; do
    [ -e "$m" ] || continue
    id=$(basename "$(dirname "$(dirname "$m")")")
    "$BIN" check "$id" --file "$m" --json >"$T/out.json" 2>"$T/err"
    n=$((n + 1))
    if python3 - "$T/out.json" "$id/$(basename "$m")" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
texts = [("message", d.get("message")), ("notice", d.get("notice"))]
texts += [("check \"%s\"" % t["name"], t.get("message")) for t in d["tests"]]
lua = re.compile(r"\bnil\b|table: 0x|:cancel\(\)|\baio\.")
bad = [(w, m) for w, m in texts if m and lua.search(m)]
for w, m in bad:
    print("  %s: %s: %r" % (sys.argv[2], w, lua.search(m).group(0)))
    print("    " + m.replace("\n", "\n    ")[:600])
sys.exit(1 if bad else 0)
PY
    then ok "$id $(basename "$m"): Python words only"
    else bad "$id $(basename "$m"): Lua words in its feedback"; fi
done
[ "$n" -gt 20 ] && ok "graded $n mutants" || bad "only $n mutants found"
finish
