#!/bin/bash
# tests/diff/test_diff.sh -- the differential suite: every cases/NAME.lua run
# on looplab (`looplab run FILE --seed S`, virtual clock) must print exactly
# expected/NAME.out, which regen.sh produced by running cases/NAME.py on
# CPython. Prints one line per case and the diff of every failure.
#   LL_DIFF_SEEDS="1 2 3"  run with these seeds instead of 0; only cases whose
#                          header says "order-independent" take part.
#   LL_DIFF_ONLY=REGEX     only cases whose name matches.
# A failing case listed in PENDING is reported as "pending" and does not fail
# the run; a PENDING case that passes is reported so it can be taken off.
set -u
: "${LL_BINARY:?LL_BINARY is set by ctest}"
DIFF_DIR=${LL_SOURCE_DIR:?LL_SOURCE_DIR is set by ctest}/tests/diff
. "$DIFF_DIR/lib.sh"
SEEDS=${LL_DIFF_SEEDS:-0}
ONLY=${LL_DIFF_ONLY:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 pend=0 fixed=0 total=0
failed=()
for f in "$DIFF_DIR"/cases/*.lua; do
    n=$(basename "$f" .lua)
    [ -n "$ONLY" ] && ! [[ $n =~ $ONLY ]] && continue
    if [ "$SEEDS" != 0 ] && ! head -5 "$f" | grep -q 'order-independent'; then
        continue
    fi
    exp=$DIFF_DIR/expected/$n.out
    if [ ! -f "$exp" ]; then
        echo "FAIL $n: no expected/$n.out (run tests/diff/regen.sh)"
        fail=$((fail + 1)); failed+=("$n"); continue
    fi
    total=$((total + 1))
    bad_seed=
    for s in $SEEDS; do
        run_lua "$f" "$s" "$tmp/$n.got"
        if ! cmp -s "$exp" "$tmp/$n.got"; then bad_seed=$s; break; fi
    done
    if [ -z "$bad_seed" ]; then
        if listed "$DIFF_DIR/PENDING" "$n"; then
            echo "PASS $n (listed in PENDING: take it off)"; fixed=$((fixed + 1))
        else
            echo "ok   $n"
        fi
        pass=$((pass + 1))
        continue
    fi
    if listed "$DIFF_DIR/PENDING" "$n"; then
        echo "pending $n (seed $bad_seed)"; pend=$((pend + 1)); continue
    fi
    echo "FAIL $n (seed $bad_seed): expected vs looplab:"
    diff -u --label "expected/$n.out" --label "looplab --seed $bad_seed" "$exp" "$tmp/$n.got" | sed 's/^/    /'
    if [ -s "$tmp/$n.got.stderr" ]; then
        echo "    --- looplab stderr:"; head -20 "$tmp/$n.got.stderr" | sed 's/^/    | /'
    fi
    fail=$((fail + 1)); failed+=("$n")
done
echo "diff suite (seeds: $SEEDS): $total cases, $pass passed, $fail failed, $pend pending, $fixed pending-but-passing"
[ $fail -eq 0 ] || echo "failed: ${failed[*]}"
[ $fail -eq 0 ] && [ $total -gt 0 ]
