#!/bin/bash
# tests/diff/versions.sh -- run every case's Python side on 3.11, 3.12 and
# 3.13 and list the cases whose trace depends on the version. Those must be
# pinned in OVERRIDES (aio copies 3.12+); a tool for whoever adds cases.
set -u
DIFF_DIR=$(cd "$(dirname "$0")" && pwd)
. "$DIFF_DIR/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$DIFF_DIR"/cases/*.py; do
    n=$(basename "$f" .py)
    run_python "$f" "$tmp/311" "$PY"
    line="$n:"
    same=1
    for v in 3.12 3.13; do
        p=$(py_for $v)
        [ -x "$p" ] || continue
        run_python "$f" "$tmp/$v" "$p"
        if cmp -s "$tmp/311" "$tmp/$v"; then line="$line $v=3.11"; else line="$line $v DIFFERS"; same=0; fi
    done
    if [ $same = 1 ]; then echo "same    $line"; else echo "VERSION $line"; listed "$DIFF_DIR/OVERRIDES" "$n" && echo "        (pinned in OVERRIDES)"; fi
done
