#!/usr/bin/env bash
# Anti-pattern linter tests (ctest label "python"): samples under lint/.
set -u
SRC="${LL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
export LL_SOURCE_DIR="$SRC"
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
    echo "SKIP: $PY not found"; exit 0
fi
cd "$SRC/tests/python" || exit 1
"$PY" -B -m unittest -v test_lint 2>&1
