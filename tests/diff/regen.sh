#!/bin/bash
# tests/diff/regen.sh -- produce tests/diff/expected/*.out by running the
# Python side of every case on CPython under the FIFO virtual-clock loop
# (vclock.py). The baseline is Debian's /usr/bin/python3 (3.11.2). A case
# named in OVERRIDES ("NAME VERSION reason") pins 3.12+ behaviour: it is run
# on that interpreter (pyenv's, see lib.sh py_for); if that interpreter is
# missing, its committed expected file is kept and the case is skipped.
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
pyver() { "$1" -c 'import sys; print(sys.version.split()[0])'; }
fails=0 skipped=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for n in "${names[@]}"; do
    n=$(basename "$n" .py)
    [ -f "$DIFF_DIR/cases/$n.py" ] || { echo "no cases/$n.py"; fails=$((fails + 1)); continue; }
    py=$PY
    if listed "$DIFF_DIR/OVERRIDES" "$n"; then
        v=$(grep -E "^$n[[:space:]]" "$DIFF_DIR/OVERRIDES" | awk '{print $2}')
        py=$(py_for "$v")
        if [ -z "$py" ] || [ ! -x "$py" ]; then
            echo "skip $n: pinned to python $v, which is not installed (expected file kept)"
            skipped=$((skipped + 1)); continue
        fi
    fi
    run_python "$DIFF_DIR/cases/$n.py" "$tmp/$n.out" "$py"
    if [ $CHECK = 1 ]; then
        if cmp -s "$tmp/$n.out" "$DIFF_DIR/expected/$n.out"; then
            echo "ok $n (python $(pyver "$py"))"
        else
            echo "STALE $n: python $(pyver "$py") output differs from expected/$n.out"
            diff -u "$DIFF_DIR/expected/$n.out" "$tmp/$n.out" | sed 's/^/    /'
            fails=$((fails + 1))
        fi
    else
        cp "$tmp/$n.out" "$DIFF_DIR/expected/$n.out"
        if grep -q '^exit: nonzero' "$tmp/$n.out"; then
            echo "WARNING $n: the python side failed:"; sed 's/^/    /' "$tmp/$n.out.stderr"
        fi
        echo "wrote expected/$n.out (python $(pyver "$py"))"
    fi
done
if [ $CHECK = 0 ] && [ $# -eq 0 ]; then
    {
        echo "baseline: CPython $(pyver "$PY") ($PY) under tests/diff/vclock.py (virtual clock, FIFO timer ties)"
        for v in 3.12 3.13; do
            p=$(py_for $v)
            [ -n "$p" ] && [ -x "$p" ] && echo "pinned $v cases (OVERRIDES): CPython $(pyver "$p") ($p)"
        done
    } >"$DIFF_DIR/expected/VERSION"
fi
echo "regen: ${#names[@]} cases, $fails stale/failed, $skipped skipped"
[ $fails -eq 0 ]
