#!/bin/bash
# Course-wide search and the glossary from the command line (issue 20):
# `looplab search WORDS` finds lines in pages, statements, quizzes and
# the glossary; `looplab glossary [TERM]` lists or explains a term;
# `dev lint` checks lessons/glossary.md. And cited sources' links.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "search: words on one line of a page" -- "$BIN" search gather return_exceptions
expect_grep "^1.4 page 2: " "$T/out" "names the page it found"
expect_grep "return_exceptions=True" "$T/out" "shows the line"
expect_grep "looplab lesson 1.4" "$T/out" "says how to open it"
expect_grep "^[0-9.]* quiz question [0-9]" "$T/out" "quiz explanations are searched"
expect_exit 0 "search: a statement" -- "$BIN" search limited_gather Semaphore
expect_grep "^2.4b statement: " "$T/out" "exercise statements are searched"
expect_exit 0 "search: case folded, the glossary too" -- "$BIN" search BACKPRESSURE
expect_grep "^glossary: backpressure" "$T/out" "glossary entries are searched"
expect_exit 1 "search: nothing found is exit 1" -- "$BIN" search zzqx-not-in-the-course
expect_grep "Nothing in the course matches" "$T/out" "says so"
expect_exit 4 "search without words" -- "$BIN" search

expect_exit 0 "glossary: the list" -- "$BIN" glossary
for term in "event loop" coroutine task future GIL pickling backpressure \
            semaphore cancellation "structured concurrency"; do
    expect_grep "^  $term\$" "$T/out" "the glossary has '$term'"
done
expect_exit 0 "glossary: one term, another spelling" -- "$BIN" glossary Futures
expect_grep "^future\$" "$T/out" "found by its plural"
expect_grep "^Taught in: 1.3 (Coroutines, tasks and futures)" "$T/out" "names the lesson"
expect_exit 4 "glossary: a typo" -- "$BIN" glossary evnt loop
expect_grep "did you mean 'event loop'" "$T/err" "suggests the term"

expect_exit 0 "dev lint: the shipped glossary is clean" -- "$BIN" dev lint "$SRC/lessons"
if grep -q "glossary" "$T/out" "$T/err"; then bad "glossary lint findings"; else ok "no glossary finding"; fi
mkdir -p "$T/course"
cp -r "$SRC/lessons/." "$T/course/"
printf '\n## event loop\nAgain.\n\nLessons: 9.9\n\n## zz\n' >>"$T/course/glossary.md"
expect_exit 1 "dev lint: a broken glossary" -- "$BIN" dev lint "$T/course"
expect_grep "glossary.md:[0-9]*: 'zz' has no definition" "$T/out" "an entry with no definition"
sed -i '$d' "$T/course/glossary.md"; sed -i '$d' "$T/course/glossary.md"
expect_exit 1 "dev lint: a duplicate and an unknown lesson" -- "$BIN" dev lint "$T/course"
expect_grep "'event loop' is also at line" "$T/out" "a term twice"
expect_grep "names lesson 9.9, which the course does not have" "$T/out" "an unknown lesson"
expect_exit 4 "a course whose glossary does not load" -- env LOOPLAB_COURSE="$T/course" \
    sh -c 'printf "\n## zz\n" >>"$LOOPLAB_COURSE/glossary.md"; "$0" list' "$BIN"
expect_grep "'zz' has no definition" "$T/err" "names the file and line"
# Cited talks and docs: a numbered note in the text, the URL on its own
# line under "Links" at the page's end (terminals cannot click).
expect_exit 0 "lesson --plain with citations" -- "$BIN" lesson 1.1 --plain
expect_grep "Using Asyncio in Python\[1\]" "$T/out" "the citation is numbered"
expect_grep "^\[1\] https://www.oreilly.com/library/view/using-asyncio-in/" "$T/out" "Hattingh's book, URL on its own line"
expect_grep "^\[[0-9]\] https://www.youtube.com/watch?v=MCs5OvhV9S4\$" "$T/out" "Beazley's talk"
expect_grep "^Links\$" "$T/out" "under a Links heading"
finish
