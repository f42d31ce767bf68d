# tests/cli/test_grade_shard.sh -- `looplab grade --shard K/N` and
# `looplab gradebook merge`: shards are disjoint and cover the class, their
# merge equals the single run, a second merge changes nothing, a shard
# interrupted mid-way and rerun merges cleanly, and a gradebook made with
# another version of the course is refused.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
E=$EX/1.1a
C=$T/class
for i in $(seq -w 1 12); do
    mkdir -p "$C/s$i"
    case $((10#$i % 3)) in
    0) cp "$E/starter/downloads.py" "$C/s$i/" ;;
    *) cp "$E/solution/downloads.py" "$C/s$i/" ;;
    esac
done
mkdir -p "$C/nofile"
cd "$T"
# the export without its timestamp column: what a merge must reproduce
grades() {  # DB OUT
    "$BIN" gradebook export --format csv --gradebook "$1" |
        $PY -c 'import csv,sys
rows=list(csv.DictReader(sys.stdin))
for r in sorted(rows, key=lambda r:(r["assignment"] if "assignment" in r else "", r["student_id"] if "student_id" in r else str(r))):
    r.pop("timestamp", None)
    print(sorted(r.items()))' >"$2"
}

expect_exit 0 "the whole class in one run" -- "$BIN" grade "$C" --exercise 1.1a --gradebook all.db
expect_grep '13 submissions: 8 passed, 4 not passed, 1 missing' "$T/out" "single run summary"
grades all.db all.txt
[ "$(wc -l <all.txt)" -ge 12 ] && ok "single run exports the class" || bad "export: $(cat all.txt)"

seen=""
for k in 1 2 3; do
    expect_exit 0 "shard $k/3" -- "$BIN" grade "$C" --exercise 1.1a --shard $k/3 --gradebook s$k.db
    awk '$2=="PASS"||$2=="FAIL"||$2=="MISSING"{print $1}' "$T/out" >"shard$k.txt"
    seen="$seen $(cat shard$k.txt | tr '\n' ' ')"
done
all=$(printf '%s\n' $seen | sort)
uniq=$(printf '%s\n' $seen | sort -u)
[ "$all" = "$uniq" ] && ok "shards are disjoint" || bad "a student in two shards: $all"
[ "$(printf '%s\n' $seen | sort -u | wc -l)" = 13 ] && ok "shards cover all 13 students" \
    || bad "shards cover: $uniq"
for k in 1 2 3; do [ -s shard$k.txt ]; done && ok "no shard is empty" || bad "an empty shard"
# stable: the same shard again lists the same students
"$BIN" grade "$C" --exercise 1.1a --shard 2/3 --gradebook again.db >again.out 2>&1
awk '$2=="PASS"||$2=="FAIL"||$2=="MISSING"{print $1}' again.out | cmp -s - shard2.txt \
    && ok "a shard is stable across runs" || bad "shard 2/3 changed between runs"

expect_exit 0 "merge three shards" -- "$BIN" gradebook merge s1.db s2.db s3.db --into merged.db
grades merged.db merged.txt
cmp -s all.txt merged.txt && ok "the merge equals the single run" \
    || { bad "merge differs"; diff all.txt merged.txt | head; }
expect_exit 0 "merge again" -- "$BIN" gradebook merge s1.db s2.db s3.db --into merged.db
expect_grep 's1.db: [0-9]* grades, 0 new or newer' "$T/out" "a second merge adds nothing"
grades merged.db merged2.txt
cmp -s merged.txt merged2.txt && ok "a second merge changes nothing" || bad "second merge changed grades"

# A shard interrupted mid-way, then run again: it resumes and merges cleanly.
NO_PROGRESS=1 "$BIN" grade "$C" --exercise 1.1a --shard 1/3 --jobs 1 --gradebook cut.db >cut.out 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    grep -qE ' (PASS|FAIL) ' cut.out 2>/dev/null && break
    sleep 0.05
done
kill -INT $pid 2>/dev/null
wait $pid
expect_exit 0 "rerun the interrupted shard" -- "$BIN" grade "$C" --exercise 1.1a --shard 1/3 --gradebook cut.db
expect_exit 0 "merge the rerun with the others" -- "$BIN" gradebook merge cut.db s2.db s3.db --into cut-merged.db
grades cut-merged.db cut-merged.txt
cmp -s all.txt cut-merged.txt && ok "interrupted + rerun shard merges to the same grades" \
    || { bad "interrupted shard merge differs"; diff all.txt cut-merged.txt | head; }

# Another version of the course: refused, naming the item, nothing merged.
cp -r "$SRC/lessons" "$T/course2"
printf '\n-- changed\n' >>"$T/course2/week1/01-workloads/exercises/1.1a/checks.lua"
LOOPLAB_COURSE=$T/course2 "$BIN" grade "$C" --exercise 1.1a --shard 1/3 --gradebook other.db >/dev/null 2>&1
cp merged.db before.db
expect_exit 4 "merging another course version is refused" -- "$BIN" gradebook merge other.db --into merged.db
expect_grep '1.1a was graded against other checks there' "$T/err" "the refusal names the item"
grades merged.db after.txt
cmp -s merged.txt after.txt && ok "a refused merge changes nothing" || bad "refused merge changed grades"

# Not a gradebook; bad --shard values.
echo "not sqlite" >junk.db
expect_exit 4 "a file that is not a gradebook is refused" -- "$BIN" gradebook merge junk.db --into merged.db
expect_grep 'junk.db' "$T/err" "the refusal names the file"
expect_exit 4 "--shard 0/3 is refused" -- "$BIN" grade "$C" --exercise 1.1a --shard 0/3
expect_grep 'is not K/N' "$T/err" "the usage error says what --shard takes"
expect_exit 4 "--shard 4/3 is refused" -- "$BIN" grade "$C" --exercise 1.1a --shard 4/3
expect_exit 4 "merge without --into" -- "$BIN" gradebook merge s1.db
finish
