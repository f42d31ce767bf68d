#!/bin/sh
# bench/tui/run.sh -- build and run the TUI frame-rate bench (not part of
# `make test`: it measures wall time). Target: >= 30 frames/s for a
# 1000-task demo at the worst frame.
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
cmake --build "$BUILD" --target bench_tui >/dev/null
exec "$BUILD/bench_tui" "${1:-bench/tui/thousand.lua}"
