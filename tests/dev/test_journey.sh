#!/bin/bash
# dev.journey -- the instructor journey of docs/authoring.md section 10, run
# as a new user would: from an empty folder to a validated exercise using
# only `looplab dev new/lint/check`, then the course opened with
# LOOPLAB_COURSE. Each step asserts what the guide says the author sees.
. "${LL_SOURCE_DIR:?}/tests/cli/lib.sh"
W=$T/mycourse
mkdir -p "$W" && cd "$W" || exit 1

# Step 1: a lesson.
expect_exit 0 "dev new lesson" -- "$BIN" dev new lesson lessons/week1/01-intro
expect_grep "Lesson 1.1 created" "$T/out" "the lesson id comes from week1/01-"
expect_exit 0 "the new lesson lints clean" -- "$BIN" dev lint lessons
expect_grep "^0 errors, 0 warnings" "$T/out" "no errors, no warnings"

# Step 2: an exercise; it is registered in lesson.lua and already sound.
expect_exit 0 "dev new exercise" -- "$BIN" dev new exercise \
    lessons/week1/01-intro/exercises/1.1a --title "Two waits at once"
expect_grep '"exercises/1.1a",' lessons/week1/01-intro/lesson.lua "lesson.lua lists the exercise"
expect_exit 0 "the skeleton exercise is sound as written" -- \
    "$BIN" dev check --jobs 2 lessons
expect_grep "^ok .*starter .*1.1a/starter/main.py: fails 1 of 4 checks: \"finishes in 1 virtual second\"" "$T/out" "its starter fails the time check"
expect_grep "^ok .*reference .*1.1a/solution/main.py: passes all 4 checks" "$T/out" "its reference passes"
expect_grep "^4 sound, 0 unsound" "$T/out" "starter, reference and two mutants"

# Step 3: make it the author's own: three waits (1, 2, 3 s) instead of two.
EX=lessons/week1/01-intro/exercises/1.1a
for f in starter/main.py mutants/sequential.py mutants/timesleep.py solution/main.py; do
    sed -i 's/wait("b", 1)/wait("b", 2)/; s/    b = await wait("b", 2)/&\n    c = await wait("c", 3)/; s/print(b)/print(b)\n    print(c)/' "$EX/$f"
done
sed -i 's/a, b = await asyncio.gather(wait("a", 1), wait("b", 2))/a, b, c = await asyncio.gather(wait("a", 1), wait("b", 2), wait("c", 3))/' \
    "$EX/solution/main.py" "$EX/mutants/timesleep.py"
# The checks still say 1 s: the reference must now fail, naming the file.
expect_exit 1 "after changing the code but not the checks, dev check fails" -- \
    "$BIN" dev check lessons
expect_grep "^UNSOUND reference .*1.1a/solution/main.py: the reference solution does not pass" "$T/out" "the stale check is caught, file named"
sed -i 's/expect = "a: done\\nb: done\\n"/expect = "a: done\\nb: done\\nc: done\\n"/; s/finishes in 1 virtual second/finishes in 3 virtual seconds/; s/min = 1.0, max = 1.0/min = 3.0, max = 3.0/' "$EX/checks.lua"
sed -i 's/finishes in 1 virtual second/finishes in 3 virtual seconds/' "$EX/mutants/sequential.py" "$EX/README.md"
expect_exit 0 "with the checks updated the exercise is sound again" -- \
    "$BIN" dev check lessons
expect_grep "fails 1 of 4 checks: \"finishes in 3 virtual seconds\"" "$T/out" "the starter now takes 6 s and fails the 3 s check"
expect_exit 0 "and lints clean" -- "$BIN" dev lint lessons

# Step 4: a quiz whose pt/po answers are recomputed.
expect_exit 0 "dev new quiz" -- "$BIN" dev new quiz lessons/week1/01-intro
expect_grep '^  quiz = "quiz.lua",' lessons/week1/01-intro/lesson.lua "lesson.lua names the quiz"
expect_exit 0 "quiz answers recompute" -- "$BIN" dev check lessons/week1/01-intro/quiz.lua
expect_grep "question 2 (pt): running it gives \"1 s / 1 s\", choice 2" "$T/out" "pt answer recomputed"
sed -i 's/    answer = 2,/    answer = 1,/' lessons/week1/01-intro/quiz.lua
expect_exit 1 "a wrong recorded answer is caught" -- "$BIN" dev check lessons/week1/01-intro/quiz.lua
expect_grep "quiz.lua: question 2 (pt): running the snippet gives \"1 s / 1 s\", which is choice 2, but answer = 1" "$T/out" "named with the question and the choice"
awk '/    answer = 1,/ { if (++n == 2) sub(/answer = 1/, "answer = 2") } 1' \
    lessons/week1/01-intro/quiz.lua > "$T/q" && mv "$T/q" lessons/week1/01-intro/quiz.lua

# Step 5: a Lua exercise next to it.
expect_exit 0 "dev new exercise --kind lua" -- "$BIN" dev new exercise \
    lessons/week1/01-intro/exercises/1.1b --kind lua --title "Waits in Lua"
expect_exit 0 "the whole lesson is sound" -- "$BIN" dev check --jobs 2 lessons
expect_grep "^9 sound, 0 unsound" "$T/out" "two exercises and two quiz answers"

# Step 6: the student's side sees it.
export LOOPLAB_COURSE=$W/lessons
expect_exit 0 "looplab list shows the new course" -- "$BIN" list
expect_grep "1.1a .*Two waits at once" "$T/out" "exercise listed with its title"
expect_exit 1 "the starter fails for a student" -- "$BIN" check 1.1a
expect_exit 0 "the reference passes for a student" -- "$BIN" check 1.1a --file "$W/$EX/solution/main.py"

# Refusals: no overwrite, a lesson path that is not weekN/NN-slug.
expect_exit 4 "dev new never overwrites" -- "$BIN" dev new exercise "$EX"
expect_grep "already exists" "$T/err" "says why"
expect_exit 4 "a lesson outside weekN/NN-slug is refused" -- "$BIN" dev new lesson "$W/elsewhere"
expect_grep "weekN/NN-slug" "$T/err" "and shows the expected layout"
expect_exit 4 "an exercise outside a lesson is refused" -- "$BIN" dev new exercise "$W/loose/1.9a"
finish
