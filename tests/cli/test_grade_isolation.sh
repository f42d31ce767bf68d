#!/bin/bash
# cli.grade_isolation -- a class folder is untrusted input (issue 14 §2):
# `grade` (as root here) refuses, without reading it, any submission file
# that is not a regular file owned by its student folder's owner -- a
# symlink to another student's file or to a secret, a FIFO, a socket, a
# file of another owner -- and a student folder that is a symlink; a FIFO
# beside a submission hangs neither `grade` nor `check`.
. "$(dirname "$0")/lib.sh"
E=$EX/1.1a
C=$T/class
SECRET="looplab-secret-$$-do-not-leak"
printf '%s\n' "$SECRET" > "$T/secret"; chmod 600 "$T/secret"
mkdir -p "$C"/{alice,link_alice,link_secret,fifo,socket,beside_fifo,other_owner}
cp "$E/solution/downloads.py" "$C/alice/"
ln -s ../alice/downloads.py "$C/link_alice/downloads.py"
ln -s "$T/secret" "$C/link_secret/downloads.py"
mkfifo "$C/fifo/downloads.py"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$C/socket/downloads.py"
cp "$E/solution/downloads.py" "$C/beside_fifo/"
mkfifo "$C/beside_fifo/notes.txt"
cp "$E/solution/downloads.py" "$C/other_owner/"
ln -s alice "$C/link_folder"
if [ "$(id -u)" = 0 ]; then chown 12345 "$C/other_owner/downloads.py"; fi
cd "$T" || exit 1

timeout 120 "$BIN" grade "$C" --exercise 1.1a --jobs 2 >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ] && ok "grade finishes (exit 0), no FIFO hangs it" || { bad "grade exit $rc"; cat "$T/out" "$T/err"; }
expect_grep "^alice  *PASS" "$T/out" "the real submission passes"
expect_grep "^link_alice  *MISSING   refused: downloads.py is a symlink" "$T/out" "a link to another student's file is refused"
expect_grep "^link_secret  *MISSING   refused: downloads.py is a symlink" "$T/out" "a link to a secret is refused"
expect_grep "^fifo  *MISSING   refused: downloads.py is a FIFO" "$T/out" "a FIFO submission is refused"
expect_grep "^socket  *MISSING   refused: downloads.py is a socket" "$T/out" "a socket submission is refused"
expect_grep "^link_folder  *MISSING   refused: the student folder is a symlink" "$T/out" "a student folder linking to another's is refused"
expect_grep "^beside_fifo  *PASS" "$T/out" "a FIFO beside a submission is skipped, the submission graded"
if [ "$(id -u)" = 0 ]; then
    expect_grep "^other_owner  *MISSING   refused: downloads.py is owned by someone else than its folder" "$T/out" \
        "a file owned by someone else than its folder is refused"
fi
if grep -rq "$SECRET" "$T/out" "$T/err" "$T/gradebook.db"; then bad "the secret leaked into the report or gradebook"
else ok "the secret is in no report and not in the gradebook"; fi
n=$(sqlite3 "$T/gradebook.db" "SELECT count(*) FROM grades WHERE verdict='PASS'")
[ "$n" = 2 ] && ok "only the two real submissions are stored as PASS" || bad "PASS grades stored: $n"
timeout 60 "$BIN" grade "$C" --exercise 1.1a --format json >"$T/j.out" 2>"$T/j.err"; rc=$?
[ $rc = 0 ] && ! grep -q "$SECRET" "$T/j.out" && ok "json report: exit 0, no secret" || bad "json report ($rc)"

# check: the workspace file a FIFO, or a FIFO beside it
mkdir -p "$LOOPLAB_HOME/1.1a"
mkfifo "$LOOPLAB_HOME/1.1a/downloads.py"
timeout 60 "$BIN" check 1.1a >"$T/out" 2>&1; rc=$?
[ $rc != 124 ] && [ $rc != 0 ] && ok "check on a FIFO returns (exit $rc)" || { bad "check on a FIFO: exit $rc"; cat "$T/out"; }
expect_grep "FIFO" "$T/out" "check says the file is a FIFO"
rm "$LOOPLAB_HOME/1.1a/downloads.py"
cp "$E/solution/downloads.py" "$LOOPLAB_HOME/1.1a/"
mkfifo "$LOOPLAB_HOME/1.1a/pipe"
timeout 60 "$BIN" check 1.1a >"$T/out" 2>&1; rc=$?
[ $rc = 0 ] && ok "check with a FIFO beside the file passes" || { bad "check beside a FIFO: exit $rc"; cat "$T/out"; }
ln -sf "$T/secret" "$LOOPLAB_HOME/1.1a/downloads.py"
timeout 60 "$BIN" check 1.1a >"$T/out" 2>&1; rc=$?
[ $rc != 0 ] && ! grep -q "$SECRET" "$T/out" && ok "check refuses a symlinked workspace file (exit $rc), no secret" \
    || { bad "check through a symlink: exit $rc"; cat "$T/out"; }
finish
