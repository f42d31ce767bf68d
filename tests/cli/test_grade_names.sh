#!/bin/bash
# cli.grade_names -- a student folder name is untrusted bytes (issue 14):
# grade's report lines, stderr notes and error messages never print one
# raw. Names with an escape sequence (OSC title), a BEL, a byte that is not
# UTF-8, a C1 control (CSI, U+009B) and a bidi override (U+202E, "Trojan
# Source") show escaped as \xNN, in the class report and in the messages
# for a student twice, a path that is not a folder, a report that cannot
# be written.
. "$(dirname "$0")/lib.sh"
E=$EX/1.1a
C=$T/class
NAMES=($'osc\033]0;pwned\007' $'bad\xff' $'c1\xc2\x9b31m' $'bidi\xe2\x80\xaeevil')
for n in "${NAMES[@]}"; do
    mkdir -p "$C/$n"; cp "$E/starter/downloads.py" "$C/$n/"
done
cd "$T" || exit 1

raw() {   # FILE [fffd-ok]: a raw control, non-UTF-8 (U+FFFD), C1 or bidi?
    python3 - "$1" "${2:-}" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
bad = [c for c in b if c < 0x20 and c not in (9, 10, 13)] + [0x7f] * b.count(b"\x7f")
t = b.decode("utf-8", "replace")
if sys.argv[2]:         # a report may show U+FFFD for what it replaced
    t = b.decode("utf-8", "strict")
bad += [ch for ch in t if (ch == "\ufffd" and not sys.argv[2]) or 0x80 <= ord(ch) <= 0x9f
        or 0x202a <= ord(ch) <= 0x202e or 0x2066 <= ord(ch) <= 0x2069]
sys.exit(0 if bad else 1)
PY
}

timeout 300 "$BIN" grade "$C" --exercise 1.1a --jobs 2 >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] || [ $rc = 1 ] && ok "grade runs (exit $rc)" || { bad "grade exit $rc"; cat "$T/err"; }
raw "$T/out" && bad "the report prints a raw name" || ok "the report prints no raw name"
raw "$T/err" && bad "stderr prints a raw name" || ok "stderr prints no raw name"
expect_grep 'osc\\x1B]0;pwned\\x07 ' "$T/out" "an escape sequence is shown as \\xNN"
expect_grep 'bad\\xFF ' "$T/out" "a byte that is not UTF-8 is shown as \\xNN"
expect_grep 'c1\\xC2\\x9B31m ' "$T/out" "a C1 control (CSI) is shown as \\xNN"
expect_grep 'bidi\\xE2\\x80\\xAEevil ' "$T/out" "a bidi override is shown as \\xNN"

# the same student in two class folders
mkdir -p "$T/other/${NAMES[0]}"; cp "$E/starter/downloads.py" "$T/other/${NAMES[0]}/"
timeout 120 "$BIN" grade "$C" "$T/other" --exercise 1.1a >"$T/out2" 2>"$T/err2"; rc=$?
[ $rc != 0 ] && ok "a student twice is refused (exit $rc)" || bad "student twice: exit 0"
raw "$T/err2" && bad "'appears twice' prints the raw name" || ok "'appears twice' names the student escaped"
expect_grep "student 'osc\\\\x1B]0;pwned\\\\x07' appears twice" "$T/err2" "the message names the student"

# a path that is not a folder
printf 'x' > "$T/"$'file\033[2J'
timeout 60 "$BIN" grade "$T/"$'file\033[2J' --exercise 1.1a >"$T/out3" 2>"$T/err3"
raw "$T/err3" && bad "'not a folder' prints the raw path" || ok "'not a folder' shows the path escaped"
expect_grep 'file\\x1B\[2J: not a folder' "$T/err3" "the message names the path"

# reports that cannot be written: --out under a regular file
printf 'x' > "$T/notadir"
timeout 300 "$BIN" grade "$C" --exercise 1.1a --out "$T/notadir" --gradebook "$T/gb2.db" >"$T/out4" 2>"$T/err4"; rc=$?
[ $rc != 0 ] && ok "unwritable reports fail the run (exit $rc)" || bad "unwritable reports: exit 0"
grep -q "cannot write" "$T/err4" && ok "stderr says a report cannot be written" || { bad "no 'cannot write'"; cat "$T/err4"; }
raw "$T/err4" && bad "'cannot write' prints a raw name" || ok "'cannot write' shows the names escaped"
# a student's error text with terminal controls (ESC, BEL, CSI U+009B, a
# bidi override) in every report format
mkdir -p "$T/ansi/ann"
cp "$SRC/tests/adversarial/python/ansi_error.py" "$T/ansi/ann/downloads.py"
for fmt in text tap junit exercism json; do
    timeout 120 "$BIN" grade "$T/ansi" --exercise 1.1a --force --format $fmt \
        --gradebook "$T/gb3.db" >"$T/ansi.$fmt" 2>"$T/ansi.err"
    if [ $fmt = json ]; then
        grep -q $'\033\|\xc2\x9b\|\xe2\x80\xae' "$T/ansi.$fmt" \
            && bad "json report holds a raw control" || ok "json report: no raw control"
    else
        raw "$T/ansi.$fmt" fffd-ok && bad "$fmt report prints the error's controls raw" \
            || ok "$fmt report prints no raw control from the error"
    fi
done
grep -q "pwned" "$T/ansi.tap" && ok "the error's text is still there" || bad "the error's text is gone"
finish
