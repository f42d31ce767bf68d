#!/bin/bash
# The dependency rule of docs/architecture.md holds for every #include, and
# the checker really fails on each kind of forbidden edge: a scratch copy of
# the sources gets one forbidden include per kind, and every one must be
# named with its file and line.
set -euo pipefail
SRC=${LL_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
CHECK="$SRC/tests/arch/check_includes.py"
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok - $*"; }
bad() { fail=$((fail + 1)); echo "not ok - $*"; }

# 1. The tree as it is.
if out=$(python3 "$CHECK" --root "$SRC" 2>&1); then
    ok "the tree follows the rule (${out##*arch: })"
else
    bad "the tree breaks the rule:"; echo "$out"
fi

# 2. A scratch copy with forbidden edges.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$SRC" && find engine grader course store app tests bench \
     -name 'build*' -prune -o -name '*.[ch]' -print0 |
     tar --null -cf - -T - docs/architecture.md) | tar -xf - -C "$tmp"
python3 "$CHECK" --root "$tmp" >/dev/null ||
    bad "the scratch copy fails before anything is added"

# inject FILE LINE-TEXT: appends the include, remembers file:line to expect.
expect=()
inject() {
    printf '%s\n' "$2" >> "$tmp/$1"
    expect+=("$1:$(wc -l < "$tmp/$1"): |$3")
}
inject engine/loop.c '#include <lua.h>' '#include <lua.h>: only'
inject engine/task.c '#include "engine/lua/host.h"' 'engine may not include engine/lua'
inject engine/lua/host.c '#include "engine/threads/threads.h"' 'engine/lua may not include engine/threads'
inject engine/threads/threads_rt.c '#include "engine/aio/aio.h"' 'engine/threads may not include engine/aio'
inject store/store.c '#include "grader/check.h"' 'store may not include grader'
inject store/store.c '#include "course/course.h"' 'store may not include course'
inject grader/result.h '#include "engine/trace.h"' 'grader/result.h may not include engine'
inject course/course.c '#include "grader/check.h"' 'course may not include grader'
inject course/course.c '#include <sqlite3.h>' '#include <sqlite3.h>: only store'
inject grader/check.c '#include "app/tui/view.h"' 'grader may not include app/tui'
inject grader/check.c '#include "course/dev/dev.h"' 'grader may not include course/dev'
inject app/tui/view_map.c '#include <curses.h>' '#include <curses.h>: only app/tui/term_curses.c'
inject app/tui/app.c '#include "app/cli/cli.h"' 'app/tui may not include app/cli'
inject engine/pool.c '#include "../grader/result.h"' "not '..'"
inject engine/gil.c '#include "no_such_header.h"' 'no such file'
mkdir -p "$tmp/app/extra" && : > "$tmp/app/extra/x.c" &&
    expect+=("app/extra/x.c: |no rule covers this file")

set +e
out=$(python3 "$CHECK" --root "$tmp" 2>&1); rc=$?
set -e
[ "$rc" -eq 1 ] && ok "forbidden includes exit 1" || bad "forbidden includes exit $rc, not 1"
for e in "${expect[@]}"; do
    where=${e%%|*} what=${e#*|}
    if grep -F -- "$where" <<<"$out" | grep -qF -- "$what"; then
        ok "reported: $where $what"
    else
        bad "not reported: $where $what"
    fi
done
n=$(grep -c '^  rule (docs/architecture.md): |' <<<"$out" || true)
[ "$n" -ge 12 ] && ok "each edge quotes its rule row ($n)" ||
    bad "rule rows quoted: $n"
grep -q "^arch: .* 16 violations$" <<<"$out" && ok "16 violations counted" ||
    bad "summary: $(tail -1 <<<"$out")"

# 3. A rule that cannot be read is the checker's error (2), not a pass.
sed -i 's/arch-rule: begin/arch-rule: gone/' "$tmp/docs/architecture.md"
set +e; python3 "$CHECK" --root "$tmp" >/dev/null 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] && ok "an unreadable rule exits 2" || bad "an unreadable rule exits $rc"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
