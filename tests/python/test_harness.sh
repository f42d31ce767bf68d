#!/usr/bin/env bash
# Python harness tests (ctest label "python"). Uses Debian's interpreter.
set -u
SRC="${LL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
export LL_SOURCE_DIR="$SRC"
PY=/usr/bin/python3
if [ ! -x "$PY" ]; then
    echo "SKIP: $PY not found"; exit 0
fi
cd "$SRC/tests/python" || exit 1
"$PY" -m unittest -v test_harness 2>&1
rc=$?
if [ $rc -ne 0 ]; then echo "test_harness: FAILED (rc=$rc)"; else echo "test_harness: OK"; fi
exit $rc
