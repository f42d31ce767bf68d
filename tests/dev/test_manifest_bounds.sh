#!/bin/bash
# dev.manifest_bounds -- issue 14: what a manifest runs is bounded. The
# instruction budget cannot see a __gc loop (Lua turns hooks off in
# finalizers), a loop in an xpcall message handler that the budget's own
# error re-enters, or a pathological string pattern (the matcher loops in C
# with no hook point). Manifests run in a child with a CPU limit
# (engine/lua/datafile.c): `looplab list` and `dev lint` must end within
# seconds with an error naming the file. The wall bound is generous (the
# child's CPU limit is 2 s; a busy machine under ASan may take longer).
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
cd "$T" || exit 1

gc='setmetatable({}, {__gc = function() while true do end end})
for i = 1, 200000 do local t = {i} end'
xp='xpcall(function() error("x") end, function() while true do end end)'
pat='local s = ("x"):rep(40)
s:find(("x*"):rep(40) .. "y")'
fn='local t = dofile and nil'

# case NAME FILE(relative to the lesson) PREFIX
case_() {
    local name=$1 rel=$2 code=$3 C=$T/$1
    mkdir -p "$C" && cp -r "$SRC/lessons/week1" "$C/"
    local f=$C/week1/01-workloads/$rel
    { printf '%s\n' "$code"; cat "$f"; } > "$f.new" && mv "$f.new" "$f"
    local t0=$SECONDS
    LOOPLAB_COURSE=$C timeout 120 "$BIN" list >"$T/out" 2>&1; local rc=$?
    local dt=$((SECONDS - t0))
    if [ $rc != 0 ] && [ $rc != 124 ] && [ $dt -le 30 ]; then ok "$name: list ends with an error in ${dt} s"
    else bad "$name: list rc=$rc after ${dt} s"; fi
    expect_grep "01-workloads/$rel: took more than" "$T/out" "$name: list names the file"
    t0=$SECONDS
    timeout 120 "$BIN" dev lint "$C" >"$T/out" 2>&1; rc=$?
    dt=$((SECONDS - t0))
    if [ $rc = 1 ] && [ $dt -le 40 ]; then ok "$name: dev lint ends (exit 1) in ${dt} s"
    else bad "$name: dev lint rc=$rc after ${dt} s"; fi
    expect_grep "01-workloads/$rel: error: took more than" "$T/out" "$name: lint names the file"
}
case_ gc lesson.lua "$gc"
case_ xpcall exercises/1.1a/exercise.lua "$xp"
case_ pattern quiz.lua "$pat"

# Only data comes back: a function in a manifest is refused by name.
C=$T/fn && mkdir -p "$C" && cp -r "$SRC/lessons/week1" "$C/"
sed -i 's/^  title = /  on_open = function() end,\n  title = /' "$C/week1/01-workloads/lesson.lua"
LOOPLAB_COURSE=$C "$BIN" list >"$T/out" 2>&1
expect_grep "01-workloads/lesson.lua: must return plain data.*found a function" "$T/out" \
    "a function in a manifest is refused, naming the file"
finish
