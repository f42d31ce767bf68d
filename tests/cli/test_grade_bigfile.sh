#!/bin/bash
# cli.grade_bigfile -- issue 14: a huge submission costs bounded memory
# and is the student's verdict. The hash used to read the whole file (a
# 2 GiB sparse file cost 2 GiB of memory, then the sandbox copy refused it:
# INTERNAL). Now the hash is streamed and stops past the 16 MiB cap, and
# `grade` / `check` store FAIL "the file is too big" without reading it.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
E=$EX/1.1a
C=$T/class
mkdir -p "$C/ok" "$C/huge" "$C/over"
cp "$E/solution/downloads.py" "$C/ok/"
truncate -s 2G "$C/huge/downloads.py"
head -c $((16 * 1024 * 1024 + 1)) /dev/zero > "$C/over/downloads.py"
cd "$T" || exit 1

# Peak RSS of the grader and its workers, then of `check` on the huge file
# (its attempt record hashed the whole file too), measured by Python
# around them: far below the 2 GiB the old hashes needed (generous for
# ASan's shadow), and `check` no longer spends seconds reading zeros.
$PY - "$BIN" "$C" >"$T/rss" 2>"$T/rss.err" <<'PYEOF'
import resource, subprocess, sys, time
r = subprocess.run([sys.argv[1], "grade", sys.argv[2], "--exercise", "1.1a",
                    "--jobs", "1"], capture_output=True, text=True, timeout=300)
print(r.stdout)
t0 = time.monotonic()
subprocess.run([sys.argv[1], "check", "1.1a", "--file",
                sys.argv[2] + "/huge/downloads.py"], capture_output=True,
               timeout=300)
print("check_s", int(time.monotonic() - t0))
print("maxrss_kb", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PYEOF
cat "$T/rss.err"
expect_grep "huge  *FAIL" "$T/rss" "a 2 GiB sparse file is a FAIL"
expect_grep "over  *FAIL" "$T/rss" "16 MiB + 1 byte is a FAIL"
expect_grep "ok  *PASS" "$T/rss" "the normal one passes"
expect_grep "0 grader problems" "$T/rss" "no INTERNAL"
kb=$(awk '/^maxrss_kb/ {print $2}' "$T/rss")
[ -n "$kb" ] && [ "$kb" -lt 1048576 ] && ok "peak RSS ${kb} kB < 1 GiB" || bad "peak RSS ${kb:-?} kB"
cs=$(awk '/^check_s/ {print $2}' "$T/rss")
[ -n "$cs" ] && [ "$cs" -le 20 ] && ok "check on 2 GiB in ${cs} s" || bad "check took ${cs:-?} s"
err=$(sqlite3 "$T/gradebook.db" "SELECT verdict || ' ' || result_json FROM grades WHERE student='huge'")
case $err in FAIL*"the file is too big (2048.0 MiB; the limit is 16 MiB)"*) ok "stored as FAIL with the reason";;
    *) bad "stored result: ${err:0:300}";; esac

# The grade is keyed on a bounded hash that still notices changes.
expect_exit 0 "regrade run" -- "$BIN" grade "$C" --exercise 1.1a --jobs 1
expect_grep "3 unchanged" "$T/out" "unchanged huge files are not regraded"
truncate -s 3G "$C/huge/downloads.py"
expect_exit 0 "regrade after the file grew" -- "$BIN" grade "$C" --exercise 1.1a --jobs 1
expect_grep "2 unchanged" "$T/out" "a grown huge file is regraded"

# `check` says so too (a student verdict, exit 1, not an error).
expect_exit 1 "check on a huge file" -- "$BIN" check 1.1a --file "$C/huge/downloads.py"
expect_grep "not run: the file is too big" "$T/out" "check names the reason"
finish
