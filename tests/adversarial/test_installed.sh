#!/bin/bash
# adversarial.installed -- wherever the course, the class and the
# gradebook live, a submission reads none of them (issue 14 §2): not
# under /usr/local/share (where `make install` puts the lessons, and
# Landlock once allowed all of /usr), not even under /usr/lib, which
# Landlock must allow (Python lives there) and only the L3 mount
# namespace hides. Root only (the namespaces are).
. "$(dirname "$0")/../cli/lib.sh"
if [ "$(id -u)" != 0 ]; then echo "ok - # SKIP not root: no private namespaces"; finish; exit; fi
ADV=$SRC/tests/adversarial
export TMPDIR=$T/tmp
mkdir -p "$TMPDIR"; chmod 711 "$T"
SHARE=/usr/local/share/looplab-adv-$$
LIB=/usr/lib/looplab-adv-$$
trap 'rm -rf "$T" "$SHARE" "$LIB"' EXIT
read -r -d '' PROBE <<'PY'
import glob, os
base = "@BASE@"
hits = []
for pat in ("/course/week1/01-adv/exercises/ap/checks.lua", "/course/week1/01-adv/exercises/ap/solution/sub.py",
            "/class/*/sub.py", "/gradebook.db"):
    for p in glob.glob(base + pat) or [base + pat]:
        try:
            data = open(p, "rb").read()
            if b"SECRET" in data or b"SQLite format" in data or b"OTHER-STUDENT" in data:
                hits.append(p)
        except OSError as e:
            print("refused", p, type(e).__name__)
print("ESCAPED read " + " ".join(hits) if hits else "nothing readable")
PY
for base in "$SHARE" "$LIB"; do
    mkdir -p "$base/class/me" "$base/class/other"
    cp -r "$ADV/course" "$base/course"
    printf '%s\n' "$PROBE" | sed "s#@BASE@#$base#g" > "$base/class/me/sub.py"
    printf '# OTHER-STUDENT secret work\nprint("hi")\n' > "$base/class/other/sub.py"
    chmod -R a+rX "$base"
    export LOOPLAB_COURSE=$base/course
    where=${base%/looplab-adv-*}
    # grade: the class, its gradebook and the course all under $where
    cd "$T" || exit 1
    "$BIN" grade "$base/class/other" --exercise ap --gradebook "$base/gradebook.db" >/dev/null 2>&1
    expect_exit 0 "grade under $where" -- "$BIN" grade "$base/class" --exercise ap --gradebook "$base/gradebook.db" --format json
    if grep -q ESCAPED "$T/out"; then bad "a submission read what it must not under $where"; grep -o 'ESCAPED[^"]*' "$T/out"
    else ok "course, other student and gradebook under $where: none readable"; fi
    expect_grep '"verdict": *"PASS"' "$T/out" "the probing submission itself runs (under $where)"
    # check: the student's own run, course installed there
    mkdir -p "$LOOPLAB_HOME/ap"; cp "$base/class/me/sub.py" "$LOOPLAB_HOME/ap/sub.py"
    "$BIN" check ap --json >"$T/out" 2>&1
    if grep -o 'ESCAPED[^"]*' "$T/out" | grep -q "/course/"; then bad "check under $where: the course is readable"; grep -o 'ESCAPED[^"]*' "$T/out"
    else ok "check with the course under $where: the course is not readable"; fi
done
finish
