#!/usr/bin/env bash
# Thread exercises graded end to end (fixtures th, tp).
set -u
SRC="${LL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
export LL_SOURCE_DIR="$SRC"
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "SKIP: $PY not found"; exit 0; }
cd "$SRC/tests/python" || exit 1
"$PY" -B -m unittest -v test_threads_grader 2>&1
