#!/bin/bash
# tests/diff/regen.sh -- produce tests/diff/expected/*.out by running the
# Python side of every case on CPython under the FIFO virtual-clock loop
# (vclock.py). Cases named in OVERRIDES keep their hand-written expected file
# (3.12+/3.13 behaviour this interpreter cannot produce; see the reason there).
#   regen.sh            rewrite expected/ and expected/VERSION
#   regen.sh --check    only compare (used by the diff.oracle ctest)
#   regen.sh [--check] NAME...   only these cases
set -u
DIFF_DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIFF_DIR/lib.sh"
CHECK=0
if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for f in "$DIFF_DIR"/cases/*.py; do names+=("$(basename "$f" .py)"); done
fi
ver=$("$PY" -c 'import sys; print(sys.version.split()[0])')
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${names[@]}"; do
    if listed "$DIFF_DIR/OVERRIDES" "$n"; then
        echo "override $n (hand-written expected, python side skipped)"
        continue
    fi
    run_python "$DIFF_DIR/cases/$n.py" "$tmp/$n.out"
    if [ $CHECK = 1 ]; then
        if cmp -s "$tmp/$n.out" "$DIFF_DIR/expected/$n.out"; then
            echo "ok $n"
        else
            echo "STALE $n: python $ver output differs from expected/$n.out"
            diff -u "$DIFF_DIR/expected/$n.out" "$tmp/$n.out" | sed 's/^/    /'
            fails=$((fails + 1))
        fi
    else
        cp "$tmp/$n.out" "$DIFF_DIR/expected/$n.out"
        if grep -q '^exit: nonzero' "$tmp/$n.out"; then
            echo "WARNING $n: the python side failed:"; sed 's/^/    /' "$tmp/$n.out.stderr"
        fi
        echo "wrote expected/$n.out"
    fi
done
if [ $CHECK = 0 ]; then
    echo "CPython $ver ($PY) under tests/diff/vclock.py (FIFO timer ties, virtual clock)" \
        >"$DIFF_DIR/expected/VERSION"
fi
[ $fails -eq 0 ]
