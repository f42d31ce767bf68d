# tests/diff/lib.sh -- shared by test_diff.sh and regen.sh.
#
# A case's canonical output is its stdout, then one "stderr: <diagnostic>"
# line per asyncio diagnostic found on stderr (the wording is compared, not
# the traceback layout), then "exit: nonzero" if the program failed. Both
# the Python oracle and looplab are reduced to this form before comparing.
PY=${LL_DIFF_PYTHON:-/usr/bin/python3}

# py_for VERSION -> the interpreter for a case pinned to 3.12/3.13 in OVERRIDES
# (pyenv's on the build image; override with LL_DIFF_PY312 / LL_DIFF_PY313).
py_for() {
    local v=${1/./} p
    case $v in
        312) p=${LL_DIFF_PY312:-/root/.pyenv/versions/3.12.1/bin/python3.12} ;;
        313) p=${LL_DIFF_PY313:-/root/.pyenv/versions/3.13.0/bin/python3.13} ;;
        *) echo "$PY"; return ;;
    esac
    [ -x "$p" ] || p=$(command -v "python$1" 2>/dev/null)
    echo "$p"
}
DIAG='Exception in callback|Task exception was never retrieved|Task was destroyed but it is pending!|unhandled exception during asyncio.run\(\) shutdown'

canon() {  # STDOUT STDERR RC
    cat "$1"
    grep -o -E "$DIAG" "$2" | sed 's/^/stderr: /'
    if grep -q -i 'deadlock' "$2"; then echo "stderr: deadlock"; fi
    if [ "$3" != 0 ]; then echo "exit: nonzero"; fi
}

# listed FILE NAME -> 0 when NAME is the first word of a line of FILE.
listed() {
    [ -f "$1" ] && grep -q -E "^$2([[:space:]]|\$)" "$1"
}

# run_python CASE.py OUTFILE [PYTHON] -- the oracle's canonical output.
run_python() {
    local tmp rc py=${3:-$PY}
    tmp=$(mktemp -d)
    timeout 60 "$py" -I "$DIFF_DIR/vclock.py" "$1" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    canon "$tmp/out" "$tmp/err" "$rc" >"$2"
    cp "$tmp/err" "$2.stderr"
    rm -rf "$tmp"
}

# run_lua CASE.lua SEED OUTFILE -- looplab's canonical output.
run_lua() {
    local tmp rc
    tmp=$(mktemp -d)
    timeout 60 "$LL_BINARY" run "$1" --seed "$2" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    canon "$tmp/out" "$tmp/err" "$rc" >"$3"
    cp "$tmp/err" "$3.stderr"
    rm -rf "$tmp"
}
