# tests/cli/test_grade_robust.sh -- the gradebook survives what a real
# class throws at it: kill -9 of the grader mid-batch (no finished grade
# lost, nothing corrupted, the rerun continues), and two graders writing
# one gradebook at once (never "database is locked"). Exports parse as CSV.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
E=$EX/1.1a
C=$T/class
for i in $(seq -w 1 12); do
    mkdir -p "$C/s$i"
    # every third submission is the slow-to-grade starter, others pass
    if [ $((10#$i % 3)) = 0 ]; then cp "$E/starter/downloads.py" "$C/s$i/"
    else cp "$E/solution/downloads.py" "$C/s$i/"; fi
done
cd "$T"
count() { sqlite3 "$T/gradebook.db" "SELECT count(*) FROM grades" 2>/dev/null || echo 0; }

# kill -9 as soon as at least two grades are stored.
"$BIN" grade "$C" --exercise 1.1a --jobs 1 >"$T/k.out" 2>"$T/k.err" &
pid=$!
for _ in $(seq 1 600); do
    n=$(count); [ "${n:-0}" -ge 2 ] && break; sleep 0.05
done
kids=$(pgrep -P $pid | tr '\n' ' ')
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
before=$(count)
[ "$before" -ge 2 ] && [ "$before" -lt 12 ] && ok "killed mid-batch with $before of 12 stored" \
    || bad "kill timing: $before grades stored"
ic=$(sqlite3 "$T/gradebook.db" "PRAGMA integrity_check")
[ "$ic" = ok ] && ok "gradebook integrity_check ok after kill -9" || bad "integrity: $ic"
sleep 0.5   # the killed grader's workers die with it (PDEATHSIG)
left=""
for k in $kids; do   # a zombie is dead: PID 1 here reaps late
    st=$(awk '{print $3}' "/proc/$k/stat" 2>/dev/null)
    [ -n "$st" ] && [ "$st" != Z ] && left="$left $k"
done
[ -n "$kids" ] && [ -z "$left" ] && ok "the grader's workers ($kids) die with it" \
    || bad "workers '$kids', still alive: '$left'"
expect_exit 0 "rerun after the kill" -- "$BIN" grade "$C" --exercise 1.1a --jobs 2
expect_grep "12 submissions: 8 passed, 4 not passed, 0 missing, $before unchanged" "$T/out" \
    "no finished grade lost: the $before stored ones are kept, the rest graded"
[ "$(count)" = 12 ] && ok "12 grades stored" || bad "grades: $(count)"

# Two graders, one gradebook, at the same time (forced regrade = writes).
"$BIN" grade "$C" --exercise 1.1a --jobs 1 --force >"$T/a.out" 2>"$T/a.err" & a=$!
"$BIN" grade "$C" --exercise 1.1a --jobs 1 --force >"$T/b.out" 2>"$T/b.err" & b=$!
wait $a; ra=$?; wait $b; rb=$?
[ $ra = 0 ] && [ $rb = 0 ] && ok "both graders exit 0" || bad "exits $ra $rb"; 
if grep -qi "locked" "$T/a.err" "$T/b.err"; then bad "database is locked surfaced"; cat "$T/a.err" "$T/b.err"
else ok "no 'database is locked' from two graders"; fi
ic=$(sqlite3 "$T/gradebook.db" "PRAGMA integrity_check")
[ "$ic" = ok ] && ok "integrity ok after concurrent graders" || bad "integrity: $ic"

# Exports are well-formed CSV a spreadsheet reads: same column count per row.
expect_exit 0 "csv export" -- "$BIN" gradebook export --format csv
if $PY -c 'import csv,sys
rows=list(csv.reader(open(sys.argv[1], newline="")))
assert len(rows)==13 and all(len(r)==11 for r in rows), [len(r) for r in rows]
assert rows[0][0]=="assignment" and rows[1][3]=="s01"' "$T/out"; then ok "csv parses: header + 12 rows of 11"
else bad "csv shape"; fi
{ printf 'student,sis_login_id\r\n'; for i in $(seq -w 1 12); do printf 's%s,login%s\r\n' $i $i; done; } >"$T/roster.csv"
expect_exit 0 "canvas export" -- "$BIN" gradebook export --format canvas --roster "$T/roster.csv"
if $PY -c 'import csv,sys
rows=list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:5]==["Student","ID","SIS User ID","SIS Login ID","Section"]
assert rows[1][0].strip()=="Points Possible" and rows[1][5]=="7"
assert len(rows)==14 and all(len(r)==6 for r in rows)' "$T/out"; then ok "canvas csv parses"
else bad "canvas shape"; fi
finish
