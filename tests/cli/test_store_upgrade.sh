#!/bin/bash
# cli.store_upgrade -- a progress database from before schema 3 (no
# attempts.notice/python, no check_results.hint) opens, is migrated, and
# its attempts read as before: the new fields are simply absent.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
expect_exit 0 "a fresh database" -- "$BIN" list
python3 - "$LOOPLAB_DB" <<'PY' || bad "could not make a schema-2 database"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
ALTER TABLE attempts DROP COLUMN notice;
ALTER TABLE attempts DROP COLUMN python;
ALTER TABLE check_results DROP COLUMN hint;
PRAGMA user_version = 2;
INSERT INTO attempts (id, exercise_id, started_at, finished_at, status, verdict,
  score, max_score, file_hash, engine_version, sandbox_level, error, vtime)
  VALUES (7, '1.1a', 1, 2, 'done', 'PASS', 5, 5, 'h', 'old', 'L1', '', 3.0);
INSERT INTO check_results VALUES (7, 0, 'prints', 1, 1, 0, '', '');
INSERT INTO check_results VALUES (7, 1, 'fast', 4, 1, 0, '', '3.0');
""")
db.commit()
PY
expect_exit 0 "list on the old database" -- "$BIN" list --json
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ex = {e["id"]: e for l in d["lessons"] for e in l["exercises"]}
assert ex["1.1a"]["status"] == "passed" and ex["1.1a"]["attempts"] == 1, ex["1.1a"]' "$T/out"
then ok "its attempt still counts"; else bad "the old attempt is lost"; cat "$T/out"; fi
if python3 - "$LOOPLAB_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
assert db.execute("PRAGMA user_version").fetchone()[0] == 3
assert db.execute("SELECT notice, python FROM attempts WHERE id = 7").fetchone() == (None, None)
assert [r[0] for r in db.execute("SELECT hint FROM check_results WHERE attempt_id = 7")] == [0, 0]
PY
then ok "migrated to schema 3: no notice, no python, hint 0"; else bad "not migrated"; fi
"$BIN" check 1.1a --file "$EX/1.1a/solution/downloads.py" >/dev/null 2>&1
if python3 - "$LOOPLAB_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT count(*) FROM attempts WHERE exercise_id = '1.1a'").fetchone()[0]
assert n == 1, n          # --file attempts are not stored; the old one stays
PY
then ok "the old row is untouched"; else bad "rows changed"; fi
finish
