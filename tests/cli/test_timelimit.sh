#!/bin/bash
# A run stopped at the time limit says which function of the student's
# file was running, and that a CPU loop inside a coroutine blocks the
# event loop (issue 20); at the top level it says so without the loop
# sentence.
. "$(dirname "$0")/lib.sh"

cat >"$T/spin.py" <<'PY'
import asyncio

async def spin(n):
    total = 0
    while True:
        total += n

async def main():
    await asyncio.gather(spin(1), asyncio.sleep(1))

asyncio.run(main())
PY
expect_exit 1 "a CPU loop in a coroutine" -- "$BIN" check 1.1a --file "$T/spin.py"
expect_grep "took longer than" "$T/out" "the time limit"
expect_grep "It was running spin(), line 5 of your file" "$T/out" "names the function and line"
expect_grep "inside a coroutine blocks the loop" "$T/out" "says a CPU loop in a coroutine blocks the loop"

printf 'while True:\n    pass\n' >"$T/top.py"
expect_exit 1 "a loop at the top level" -- "$BIN" check 1.1a --file "$T/top.py"
expect_grep "It was running <module>() (top level), line [12] of your file" "$T/out" "names the top level"
if grep -q "blocks the loop" "$T/out"; then bad "no event loop ran it"; else ok "no loop sentence without a loop"; fi
finish
