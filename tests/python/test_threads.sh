#!/usr/bin/env bash
# Thread mode of the harness: turns, seeds, races, deadlocks, trace.
set -u
SRC="${LL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
export LL_SOURCE_DIR="$SRC"
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "SKIP: $PY not found"; exit 0; }
cd "$SRC/tests/python" || exit 1
"$PY" -B -m unittest -v test_threads 2>&1
