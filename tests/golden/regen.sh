#!/bin/sh
# tests/golden/regen.sh -- rewrite the golden screens from the current
# views, then show what changed. Read every changed screen before
# committing: the goldens are the spec of what a student sees.
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
for v in lesson demo exercise quiz; do
    cmake --build "$BUILD" --target "test_views_$v" >/dev/null
    LL_UPDATE_GOLDEN=1 LL_SOURCE_DIR=$PWD "$BUILD/tests/test_views_$v" >/dev/null
done
git status --short tests/golden
git diff --stat tests/golden
