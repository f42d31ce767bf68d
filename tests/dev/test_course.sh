#!/bin/bash
# dev.course -- the shipped course is sound: `looplab dev check` over the
# whole of lessons/ (starters fail, references pass, mutants fail the check
# they name, pt/po quiz answers recompute) and `dev lint` finds no error.
# Runs in make test, so no unsound exercise can land.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
cd "$SRC" || exit 1
expect_exit 0 "dev check: every shipped exercise and quiz answer is sound" -- \
    "$BIN" dev check --jobs 2 --strict lessons
cat "$T/out"
expect_grep "0 unsound" "$T/out" "the summary counts no unsound item"
# --strict: every required Python exercise has its scenarios, mutants and
# alternatives (docs/authoring.md 6.5, 7.1), or it is unsound
expect_grep "0 warnings" "$T/out" "the shipped course needs no soundness warning"
expect_exit 0 "dev lint: the shipped course has no lint error" -- \
    "$BIN" dev lint lessons
grep -v ': warning: ' "$T/out"
finish
