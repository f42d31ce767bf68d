#!/bin/bash
# dev.ids -- ids become path components (~/looplab/<id>/<file>): an id or
# file name with '/', '..' or a control character is refused by the
# loader (so by every command and by `dev lint`) and by `dev new`, and no
# starter is ever written outside the workspace (issue 14 §2).
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
C=$T/course
L=$C/week1/01-workloads
E=$L/exercises/1.1a
mkdir -p "$C"
cd "$T" || exit 1

# each hostile value, in each field that becomes a path
for case in 'id|..' 'id|../../victim' 'id|a/b' 'id|x\ty' 'file|..' 'file|.' \
            'lesson|..' 'lesson|1..1'; do
    field=${case%%|*} val=${case#*|}
    rm -rf "$C" "$LOOPLAB_HOME" "$HOME/victim"
    mkdir -p "$C" "$LOOPLAB_HOME"
    cp -r "$SRC/lessons/week1" "$C/"
    printf 'mine\n' > "$HOME/victim"
    v=$(printf '%b' "$val")
    case $field in
    id)     sed -i "0,/^  id = \"1.1a\"/s||  id = \"$v\"|" "$E/exercise.lua" ;;
    file)   sed -i "s|^  file = \"downloads.py\"|  file = \"$val\"|" "$E/exercise.lua" ;;
    lesson) sed -i "0,/^  id = \"1.1\"/s||  id = \"$val\"|" "$L/lesson.lua" ;;
    esac
    grep -qF "\"$v\"" "$E/exercise.lua" "$L/lesson.lua" || { bad "$case: the fixture did not change"; continue; }
    sleep 0.01; touch "$T/mark"
    expect_exit 1 "dev lint refuses $field '$val'" -- "$BIN" dev lint course
    if grep -q "cannot be used as a folder or file name" "$T/out" "$T/err"; then ok "lint names the reason ($case)"
    else bad "lint reason ($case)"; sed 's/^/    /' "$T/out" "$T/err"; fi
    LOOPLAB_COURSE=$C "$BIN" check 1.1a >"$T/out" 2>&1; rc=$?
    [ "$rc" -ne 0 ] && ok "check does not run with $field '$val' (exit $rc)" || bad "check ran with $field '$val'"
    [ "$(cat "$HOME/victim")" = mine ] && ok "nothing written over \$HOME/victim ($case)" || bad "victim overwritten ($case)"
    written=$(find "$T" -newer "$T/mark" -type f ! -path "$T/out" ! -path "$T/err" ! -path "$T/data/*")
    [ -z "$written" ] && ok "no starter written anywhere ($case)" || bad "files written ($case): $written"
done

# dev new: --id is refused the same way, and a quote too (it lands in a
# Lua string of the skeleton)
rm -rf "$C"; mkdir -p "$C"; cp -r "$SRC/lessons/week1" "$C/"
for id in '..' '../x' 'a"b' "$(printf 'a\033b')"; do
    expect_exit 4 "dev new exercise --id refuses '$id'" -- "$BIN" dev new exercise "$L/exercises/9.9z" --id "$id"
    [ ! -e "$L/exercises/9.9z" ] && ok "nothing created for '$id'" || { bad "created for '$id'"; rm -rf "$L/exercises/9.9z"; }
done
expect_exit 4 "dev new lesson --id refuses '..'" -- "$BIN" dev new lesson "$C/week1/09-x" --id ..
expect_exit 0 "a plain id is still fine" -- "$BIN" dev new exercise "$L/exercises/9.9z" --id 9.9z
finish
