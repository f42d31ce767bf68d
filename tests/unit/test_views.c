/* SPDX-License-Identifier: MIT
 * tests/unit/test_views.c -- golden screens of every view.
 *
 * A small course is built by hand (lessons 1.1, 1.2, 2.1; pages from
 * tests/golden/fixtures/; a demo whose run is faked with ll_trace_add; an
 * exercise graded by a fake checker; a two-question quiz). The app is
 * driven with action lists through ll_app_apply, exactly as keys would,
 * and each screen is drawn at a fixed size and compared with
 * tests/golden/<view>_<w>x<h>.txt via ll_screen_to_text().
 *
 * To accept new screens after an intended change, run
 *     tests/golden/regen.sh      (LL_UPDATE_GOLDEN=1 ./build/tests/test_views)
 * which rewrites the golden files, then read every changed file with
 * `git diff tests/golden`: the goldens are the spec of what a student sees.
 * A failing comparison prints the differing rows, want and got.
 */
#include "testutil.h"
#include "ui/app.h"
#include "ui/view.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* {==== the hand-built course ====} */

/* The model's strings are char * (the loader owns heap copies); here they
 * point at literals that are never written or freed. */
#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

static char *
fixture(const char *name)
{
    return ll_asprintf("%s/tests/golden/fixtures/%s", tu_srcdir(), name);
}

static ll_course course;
static ll_lesson lessons[3];
static ll_page pages11[2], page12, page21;
static ll_demo demo;
static ll_knob knob;
static ll_exercise ex;
static char *hints[2];
static ll_question quiz[2];
static char *choices0[3], *choices1[2];

static void
build_course(void)
{
    lessons[0] = (ll_lesson){ .id = "1.1", .title = "Where the time goes",
        .summary = "Waiting vs working, and the two clocks that tell them "
                   "apart.", .week = 1, .dir = "/course/week1/01" };
    pages11[0] = (ll_page){ "Where the time goes", fixture("1.1-p1.md") };
    pages11[1] = (ll_page){ "Three models", fixture("1.1-p2.md") };
    lessons[0].pages = pages11;
    lessons[0].npages = 2;

    knob = (ll_knob){ "tasks", "number of tasks", 3, 1, 6, 1 };
    demo = (ll_demo){ .id = "1.1-sleepers", .title = "Three sleepers",
        .about = "Three tasks each sleep a different time; gather waits "
                 "for all of them. The waits overlap, so the total is the "
                 "longest one.",
        .script = "/course/week1/01/demos/sleepers.lua",
        .knobs = &knob, .nknobs = 1, .lesson = &lessons[0] };
    lessons[0].demos = &demo;
    lessons[0].ndemos = 1;

    hints[0] = "Create all three coroutines first, then await them "
               "together.";
    hints[1] = "asyncio.gather(*(fetch(u) for u in URLS)) runs them "
               "concurrently.";
    ex = (ll_exercise){ .id = "1.1a", .title = "Fetch three pages at once",
        .kind = LL_EX_PYTHON, .dir = fixture("ex-1.1a"),
        .file = "fetch.py", .statement = fixture("ex-1.1a.md"),
        .hints = hints, .nhints = 2, .lesson = &lessons[0] };
    lessons[0].exercises = &ex;
    lessons[0].nexercises = 1;

    choices0[0] = "3 seconds";
    choices0[1] = "1 second";
    choices0[2] = "0 seconds";
    quiz[0] = (ll_question){ .kind = LL_QUIZ_PT,
        .prompt = "How long does this take on the virtual clock?",
        .code = "async def main():\n    await asyncio.gather(\n"
                "        asyncio.sleep(1), asyncio.sleep(1),\n"
                "        asyncio.sleep(1))",
        .lang = "python", .choices = choices0, .nchoices = 3, .answer = 1,
        .explain = "gather runs the three sleeps concurrently: the waits "
                   "overlap, so the total is the longest one, 1 second." };
    choices1[0] = "I/O-bound";
    choices1[1] = "CPU-bound";
    quiz[1] = (ll_question){ .kind = LL_QUIZ_MC,
        .prompt = "A job shows a CPU share of 97 %. What is it?",
        .choices = choices1, .nchoices = 2, .answer = 1,
        .explain = "Near 100 % of a core means it is working, not waiting." };
    lessons[0].quiz = quiz;
    lessons[0].nquiz = 2;

    lessons[1] = (ll_lesson){ .id = "1.2", .title = "Tasks and the loop",
        .summary = "One task at a time; switches only at await.",
        .week = 1, .dir = "/course/week1/02" };
    page12 = (ll_page){ "Tasks and the loop", fixture("1.2-p1.md") };
    lessons[1].pages = &page12;
    lessons[1].npages = 1;

    lessons[2] = (ll_lesson){ .id = "2.1", .title = "Threads",
        .summary = "Shared memory, the GIL, and when threads help.",
        .week = 2, .dir = "/course/week2/01" };
    page21 = (ll_page){ "Threads", fixture("2.1-p1.md") };
    lessons[2].pages = &page21;
    lessons[2].npages = 1;

    course = (ll_course){ "/course", lessons, 3 };
}

static void
free_course(void)
{
    ll_free(pages11[0].path);
    ll_free(pages11[1].path);
    ll_free(page12.path);
    ll_free(page21.path);
    ll_free(ex.statement);
    ll_free(ex.dir);
}

/* {==== fake engine ====} */

static int runs;

static int
fake_run(const ll_demo *d, const ll_run_opts *o, ll_trace *tr, ll_buf *out,
         ll_run_result *res)
{
    int n = 3;
    char name[32], line[96];

    (void)d;
    runs++;
    for (size_t i = 0; i < o->nknobs; i++)
        if (strcmp(o->knobs[i].name, "tasks") == 0)
            n = (int)o->knobs[i].value;
    ll_trace_add(tr, 0, LL_EV_SPAWN, 1, -1, "main", "");
    ll_trace_add(tr, 0, LL_EV_RUN, 1, -1, "main", "");
    for (int k = 0; k < n; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_SPAWN, (uint32_t)k + 2, -1, name, "main");
    }
    ll_trace_add(tr, 0, LL_EV_SUSPEND, 1, -1, "main", "gather");
    for (int k = 0; k < n; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, 0, LL_EV_SUSPEND, (uint32_t)k + 2, -1, name, "sleep");
    }
    for (int k = 0; k < n; k++) {
        double t = k + 1;
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        snprintf(line, sizeof line, "%s woke after %d s", name, k + 1);
        ll_trace_add(tr, t, LL_EV_READY, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, t, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, t, LL_EV_OUTPUT, (uint32_t)k + 2, -1, name, line);
        ll_buf_printf(out, "%s\n", line);
        ll_trace_add(tr, t, LL_EV_DONE, (uint32_t)k + 2, -1, name, "");
    }
    ll_trace_add(tr, n, LL_EV_READY, 1, -1, "main", "");
    ll_trace_add(tr, n, LL_EV_RUN, 1, -1, "main", "");
    snprintf(line, sizeof line, "all done in %.1f s", (double)n);
    ll_trace_add(tr, n, LL_EV_OUTPUT, 1, -1, "main", line);
    ll_buf_printf(out, "%s\n", line);
    ll_trace_add(tr, n, LL_EV_DONE, 1, -1, "main", "");
    res->status = LL_OK;
    res->error = NULL;
    res->vtime = n;
    return LL_OK;
}

static int checks;
static bool fake_pass;     /* the fake checker passes the file */

static int
fake_check(const ll_exercise *e, const char *file, const ll_check_opts *o,
           ll_result *r)
{
    (void)file;
    (void)o;
    checks++;
    ll_result_init(r);
    r->exercise = ll_strdup(e->id);
    if (fake_pass) {
        r->verdict = LL_VERDICT_PASS;
        r->vtime = 1.0;
        ll_result_add(r, "runs without error", 1, true, false, "", "");
        ll_result_add(r, "finishes in 1 virtual second", 2, true, false, "",
                      "1.0");
        return LL_OK;
    }
    r->verdict = LL_VERDICT_FAIL;
    r->vtime = 3.0;
    ll_result_add(r, "runs without error", 1, true, false, "", "");
    ll_result_add(r, "finishes in 1 virtual second", 2, false, false,
                  "Took 3.0 virtual seconds: the fetches ran one after "
                  "another. Start all three, then await them together "
                  "(asyncio.gather).", "3.0");
    ll_result_add(r, "prints every page", 1, false, true, "secret", "");
    return LL_OK;
}

static int
fake_ws_ensure(const ll_exercise *e, char **path)
{
    *path = ll_asprintf("/home/student/looplab/%s/%s", e->id, e->file);
    return LL_OK;
}

static char *
fake_hash(const char *path)
{
    (void)path;
    return ll_strdup("0123456789abcdef");
}

static int resets;

static int
fake_reset(const ll_exercise *e, char **backup)
{
    resets++;
    *backup = ll_asprintf("/home/student/.local/state/looplab/backups/%s",
                          e->file);
    return LL_OK;
}

static double fake_clock = 1.7e9;

static double
fake_now(void)
{
    return fake_clock;     /* moved by the tests only */
}

static char *
fake_run_path(const ll_exercise *e)
{
    (void)e;
    return NULL;      /* no saved runs (never the tester's home) */
}

static const ll_app_ops fake_ops = { fake_run, fake_check, fake_ws_ensure,
                                     fake_hash, fake_reset, fake_now,
                                     fake_run_path };

/* {==== golden files ====} */

/* Print the rows that differ (want / got), then the whole new screen:
 * enough to see what changed without a diff tool. */
static void
golden_diff(const char *path, const char *want, const char *got)
{
    const char *a = want, *b = got;
    int row = 0;

    print_error("golden %s differs (tests/golden/regen.sh accepts the new "
                "screens):\n", path);
    while (*a || *b) {
        size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");
        if (na != nb || strncmp(a, b, na) != 0)
            print_error("  row %2d want |%.*s|\n         got  |%.*s|\n", row,
                        (int)na, a, (int)nb, b);
        a += na + (a[na] == '\n');
        b += nb + (b[nb] == '\n');
        row++;
    }
    print_error("got:\n%s", got);
}

static void
golden_one(ll_app *app, int w, int h, const char *name)
{
    ll_screen *s = NULL;
    char *got, *want = NULL, *path;
    const char *upd = getenv("LL_UPDATE_GOLDEN");
    int ow = app->w, oh = app->h;

    ll_app_resize(app, w, h);
    assert_int_equal(ll_screen_new(w, h, &s), LL_OK);
    ll_view_draw(app, s);
    got = ll_screen_to_text(s);
    assert_non_null(got);
    path = ll_asprintf("%s/tests/golden/%s_%dx%d.txt", tu_srcdir(), name, w,
                       h);
    if (upd != NULL && strcmp(upd, "1") == 0) {
        tu_write(path, got);
    } else {
        if (ll_read_file(path, &want, NULL) != LL_OK)
            fail_msg("missing golden %s (run with LL_UPDATE_GOLDEN=1)", path);
        if (strcmp(want, got) != 0) {
            golden_diff(path, want, got);
            fail();
        }
    }
    /* The cursor sits on the screen, on the focused item. */
    assert_true(s->cur_x >= 0 && s->cur_x < w && s->cur_y >= 0 &&
                s->cur_y < h);
    ll_free(want);
    ll_free(got);
    ll_free(path);
    ll_screen_free(s);
    ll_app_resize(app, ow, oh);
}

/* Every screen is checked at 80x24 and, from the same state, at 120x40:
 * the two sizes the issue asks every view to be seen at. */
static void
golden(ll_app *app, int w, int h, const char *name)
{
    golden_one(app, w, h, name);
    if (w == 80 && h == 24)
        golden_one(app, 120, 40, name);
}

static void
apply(ll_app *app, const ll_action *acts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ll_app_apply(app, acts[i]);
        /* Effects the sink would perform: RUN and CHECK run here. */
        if (app->effect == LL_EFFECT_RUN || app->effect == LL_EFFECT_CHECK)
            ll_app_effect_done(app, 0);
    }
}
#define APPLY(app, ...) do { \
        const ll_action acts_[] = { __VA_ARGS__ }; \
        apply((app), acts_, LL_COUNTOF(acts_)); \
    } while (0)

static int
setup(void **state)
{
    (void)state;
    build_course();
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    free_course();
    return 0;
}

/* {==== tests ====} */

static void
test_map(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    golden(&app, 80, 24, "map");
    APPLY(&app, LL_ACT_DOWN, LL_ACT_DOWN, LL_ACT_DOWN, LL_ACT_UP);
    assert_int_equal(app.map_sel, 1);
    ll_app_close(&app);
}

static void
test_too_small(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 60,
                                 20), LL_OK);
    golden(&app, 60, 20, "small");
    /* Only q/Q act while too small; the state is kept for later. */
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_MAP);
    ll_app_resize(&app, 80, 24);
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    ll_app_close(&app);
}

static void
test_lesson_pages(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    APPLY(&app, LL_ACT_OPEN);
    assert_int_equal(app.scr, LL_SCR_LESSON);
    assert_int_equal(app.page, 0);
    golden(&app, 80, 24, "lesson");
    APPLY(&app, LL_ACT_PGDN);
    golden(&app, 80, 24, "lesson_scrolled");
    APPLY(&app, LL_ACT_HELP);
    golden(&app, 80, 24, "help");
    APPLY(&app, LL_ACT_DOWN);           /* any key closes help */
    assert_false(app.help);
    APPLY(&app, LL_ACT_NEXT);
    assert_int_equal(app.page, 1);
    assert_int_equal(app.prog[0].pages_seen, 2);
    APPLY(&app, LL_ACT_PREV, LL_ACT_NEXT, LL_ACT_NEXT);
    assert_int_equal(app.scr, LL_SCR_MENU);
    golden(&app, 80, 24, "menu");
    APPLY(&app, LL_ACT_BACK);           /* menu -> page -> map */
    assert_int_equal(app.scr, LL_SCR_LESSON);
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.effect, LL_EFFECT_QUIT);
    ll_app_close(&app);
}

static void
test_demo(void **state)
{
    ll_app app;
    (void)state;
    runs = 0;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops,
                                 "1.1-sleepers", 80, 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_DEMO);
    assert_int_equal(app.effect, LL_EFFECT_RUN);
    golden(&app, 80, 24, "demo_running");
    ll_app_effect_done(&app, 0);
    assert_int_equal(runs, 1);
    assert_true(ll_app_animating(&app));
    /* Playback: 1.5 s of real time at speed 1 is 1.5 virtual seconds. */
    ll_app_tick(&app, 1000000000);
    ll_app_tick(&app, 2500000000);
    assert_true(app.now > 1.49 && app.now < 1.51);
    APPLY(&app, LL_ACT_PAUSE);
    assert_false(ll_app_animating(&app));
    golden(&app, 80, 24, "demo");
    APPLY(&app, LL_ACT_BOTTOM);
    golden(&app, 120, 40, "demo_end");
    /* A knob re-runs the demo with the new value. */
    APPLY(&app, LL_ACT_KNOB_UP);
    assert_int_equal(runs, 2);
    assert_int_equal(app.tl.ntasks, 5);
    APPLY(&app, LL_ACT_FASTER, LL_ACT_FASTER, LL_ACT_RESTART);
    assert_true(app.speed == 4.0);
    assert_true(app.now == 0);
    ll_app_close(&app);
}

static void
test_timeline_plain(void **state)
{
    ll_trace *tr = NULL;
    ll_buf out;
    ll_run_result res;
    ll_run_opts o;
    char *txt, *path, *want = NULL;
    (void)state;
    memset(&o, 0, sizeof o);
    ll_buf_init(&out);
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    fake_run(&demo, &o, tr, &out, &res);
    txt = ll_view_timeline_plain(tr, 72);
    assert_non_null(txt);
    path = ll_asprintf("%s/tests/golden/timeline_plain_72.txt", tu_srcdir());
    if (getenv("LL_UPDATE_GOLDEN") && strcmp(getenv("LL_UPDATE_GOLDEN"),
                                             "1") == 0)
        tu_write(path, txt);
    else {
        assert_int_equal(ll_read_file(path, &want, NULL), LL_OK);
        assert_string_equal(want, txt);
    }
    ll_free(want);
    ll_free(path);
    ll_free(txt);
    ll_buf_close(&out);
    ll_trace_free(tr);
}

static void
test_exercise(void **state)
{
    ll_app app;
    (void)state;
    checks = 0;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1a", 80,
                                 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    golden(&app, 80, 24, "exercise");
    APPLY(&app, LL_ACT_EDIT);
    assert_int_equal(app.effect, LL_EFFECT_EDIT);
    assert_string_equal(app.effect_path,
                        "/home/student/looplab/1.1a/fetch.py");
    ll_app_effect_done(&app, 0);        /* editor exited cleanly ... */
    assert_int_equal(app.effect, LL_EFFECT_CHECK);  /* ... so: check */
    ll_app_effect_done(&app, 0);
    assert_int_equal(checks, 1);
    assert_int_equal(app.attempts, 1);
    golden(&app, 80, 24, "exercise_checked");
    APPLY(&app, LL_ACT_HINT, LL_ACT_HINT, LL_ACT_HINT);
    assert_int_equal(app.hints, 2);
    APPLY(&app, LL_ACT_CHECK);
    assert_int_equal(checks, 2);
    APPLY(&app, LL_ACT_DOWN, LL_ACT_DOWN);
    golden(&app, 80, 24, "exercise_hints");
    APPLY(&app, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MENU);
    ll_app_close(&app);
}

static void
test_quiz(void **state)
{
    ll_app app;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    assert_int_equal(app.scr, LL_SCR_QUIZ);
    golden(&app, 80, 24, "quiz");
    APPLY(&app, LL_ACT_DIGIT1 + 8);     /* no 9th choice: ignored */
    assert_int_equal(app.chosen, -1);
    APPLY(&app, LL_ACT_DIGIT1);         /* wrong */
    golden(&app, 80, 24, "quiz_answered");
    APPLY(&app, LL_ACT_DIGIT1 + 1);     /* already answered: ignored */
    assert_int_equal(app.chosen, 0);
    APPLY(&app, LL_ACT_NEXT, LL_ACT_DIGIT1 + 1, LL_ACT_NEXT);
    assert_true(app.quiz_done);
    assert_int_equal(app.q_correct, 1);
    golden(&app, 80, 24, "quiz_done");
    APPLY(&app, LL_ACT_BACK, LL_ACT_BACK, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    assert_int_equal(app.prog[0].quiz_answered, 2);
    ll_app_close(&app);
}

static void
test_walk_and_wide_map(void **state)
{
    ll_app app;
    (void)state;
    /* The tmux walk: open 1.1, page through, demo, exercise, check. */
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 120,
                                 40), LL_OK);
    APPLY(&app, LL_ACT_OPEN, LL_ACT_NEXT, LL_ACT_NEXT);
    assert_int_equal(app.scr, LL_SCR_MENU);
    APPLY(&app, LL_ACT_DIGIT1 + 1);     /* 2: the demo */
    assert_int_equal(app.scr, LL_SCR_DEMO);
    APPLY(&app, LL_ACT_BACK, LL_ACT_DIGIT1 + 2);   /* 3: the exercise */
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    APPLY(&app, LL_ACT_CHECK, LL_ACT_BACK);
    golden(&app, 80, 24, "menu_after");
    APPLY(&app, LL_ACT_BACK, LL_ACT_BACK);
    assert_int_equal(app.scr, LL_SCR_MAP);
    APPLY(&app, LL_ACT_DOWN);
    golden(&app, 120, 40, "map_walked");
    ll_app_close(&app);
}

/* {==== the full reader, exercise, replay and dashboard ====} */

static void
test_lesson_toc_search(void **state)
{
    ll_app app;
    int first;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1", 80,
                                 24), LL_OK);
    assert_true(app.ntoc >= 2);
    assert_int_equal(app.toc[0].level, 1);
    assert_string_equal(app.toc[0].text, "Where the time goes");
    APPLY(&app, LL_ACT_TOC);
    assert_true(app.toc_open);
    assert_int_equal(ll_app_keyctx(&app), LL_CTX_TOC);
    APPLY(&app, LL_ACT_DOWN);
    golden(&app, 80, 24, "lesson_toc");
    APPLY(&app, LL_ACT_BOTTOM, LL_ACT_OPEN);
    assert_false(app.toc_open);
    assert_true(app.scroll > 0);
    APPLY(&app, LL_ACT_TOP);
    /* Search: typed at the prompt, case-insensitive, n/N wrap around. */
    ll_app_key(&app, '/');
    assert_true(app.typing);
    ll_app_key(&app, 'C');
    ll_app_key(&app, 'L');
    ll_app_key(&app, 'x');
    ll_app_key(&app, LL_KEY_BACKSPACE);
    ll_app_key(&app, 'O');
    ll_app_key(&app, LL_KEY_ENTER);
    assert_false(app.typing);
    assert_string_equal(app.search, "CLO");
    assert_true(app.nmatches >= 2);
    first = app.match_line;
    assert_true(first >= 0);
    assert_true(ll_app_match(app.doc.lines[first].text, "clo") >= 0);
    golden(&app, 80, 24, "lesson_search");
    ll_app_key(&app, 'n');
    assert_true(app.match_line > first);
    ll_app_key(&app, 'N');
    assert_int_equal(app.match_line, first);
    ll_app_key(&app, 'N');          /* wraps to the last match */
    assert_true(app.match_line > first);
    ll_app_key(&app, 'q');          /* q first clears the search ... */
    assert_string_equal(app.search, "");
    assert_int_equal(app.scr, LL_SCR_LESSON);
    ll_app_key(&app, 'n');          /* ... then n turns the page again */
    assert_int_equal(app.page, 1);
    ll_app_key(&app, '/');
    ll_app_key(&app, 'z');
    ll_app_key(&app, 'q');
    ll_app_key(&app, LL_KEY_ENTER);
    assert_int_equal(app.match_line, -1);
    assert_non_null(strstr(app.status, "Not found"));
    ll_app_close(&app);
}

static void
test_exercise_reset_solution(void **state)
{
    ll_app app;
    (void)state;
    checks = resets = 0;
    fake_pass = false;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1a", 80,
                                 24), LL_OK);
    /* Reset asks first; n (or q) keeps the file. */
    ll_app_key(&app, 'x');
    assert_true(app.confirm_reset);
    assert_int_equal(ll_app_keyctx(&app), LL_CTX_CONFIRM);
    golden(&app, 80, 24, "exercise_confirm");
    ll_app_key(&app, 'n');
    assert_false(app.confirm_reset);
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_int_equal(resets, 0);
    ll_app_key(&app, 'x');
    ll_app_key(&app, 'q');
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_int_equal(resets, 0);
    ll_app_key(&app, 'x');
    ll_app_key(&app, 'y');
    assert_int_equal(resets, 1);
    assert_non_null(strstr(app.status, "backups/fetch.py"));
    /* The reference stays closed until the file passes. */
    ll_app_key(&app, 's');
    assert_int_equal(app.solution.nlines, 0);
    assert_non_null(strstr(app.status, "once your file passes"));
    fake_pass = true;
    ll_app_key(&app, 'c');
    ll_app_effect_done(&app, 0);
    assert_true(app.passed);
    ll_app_key(&app, 's');
    assert_true(app.solution.nlines > 5);
    golden(&app, 80, 24, "exercise_solution");
    ll_app_key(&app, 's');          /* s again hides it */
    assert_int_equal(app.solution.nlines, 0);
    /* No trace was saved by the fake checker: nothing to replay. */
    ll_app_key(&app, 't');
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_non_null(strstr(app.status, "No run"));
    fake_pass = false;
    ll_app_close(&app);
}

static char *
write_tmp(const char *dir, const char *name, const char *text)
{
    char *p = ll_asprintf("%s/%s", dir, name);
    assert_int_equal(ll_write_file(p, text, strlen(text)), LL_OK);
    return p;
}

static char tmpdir[64];

static int
tmp_ws_ensure(const ll_exercise *e, char **path)
{
    *path = ll_asprintf("%s/%s", tmpdir, e->file);
    return LL_OK;
}

static char *
tmp_run_path(const ll_exercise *e)
{
    return ll_asprintf("%s/%s.jsonl", tmpdir, e->id);
}

static void
test_exercise_watch(void **state)
{
    ll_app_ops ops = fake_ops;
    ll_app app;
    char *f, *tr;
    int i, changed = 0;
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ll-views-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    f = write_tmp(tmpdir, "fetch.py", "print('starter')\n");
    ops.ws_ensure = tmp_ws_ensure;
    ops.run_path = tmp_run_path;
    checks = 0;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, "1.1a", 80, 24),
                     LL_OK);
    /* Watch mode is on when the exercise opens. */
    assert_true(ll_app_watching(&app));
    ll_app_watch_event(&app);              /* nothing saved yet */
    assert_int_equal(app.effect, LL_EFFECT_NONE);
    ll_free(write_tmp(tmpdir, "fetch.py", "print('edited')\n"));
    for (i = 0; i < 50 && !changed; i++) {
        ll_app_watch_event(&app);
        changed = app.effect == LL_EFFECT_CHECK;
        if (!changed)
            usleep(20000);
    }
    assert_true(changed);
    ll_app_effect_done(&app, 0);
    assert_int_equal(checks, 1);
    /* Another file in the folder is not a save of ours. */
    ll_free(write_tmp(tmpdir, "notes.txt", "x\n"));
    ll_app_watch_event(&app);
    assert_int_equal(app.effect, LL_EFFECT_NONE);
    ll_app_key(&app, 'w');
    assert_false(ll_app_watching(&app));
    assert_int_equal(ll_app_watch_fd(&app), -1);
    ll_app_key(&app, 'w');
    assert_true(ll_app_watching(&app));
    /* "Show my run": a trace saved next to the file replays in the demo
     * screen, and q comes back to the exercise. */
    tr = ll_asprintf("%s/1.1a.jsonl", tmpdir);
    ll_free(write_tmp(tmpdir, "1.1a.jsonl",
        "{\"t\":0,\"ev\":\"spawn\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":0,\"ev\":\"run\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":0,\"ev\":\"suspend\",\"task\":1,\"name\":\"main\",\"what\":\"sleep\"}\n"
        "{\"t\":1,\"ev\":\"ready\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":1,\"ev\":\"run\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":1,\"ev\":\"output\",\"task\":1,\"name\":\"main\",\"what\":\"hi\"}\n"
        "{\"t\":1,\"ev\":\"done\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"));
    ll_app_key(&app, 'c');
    ll_app_effect_done(&app, 0);
    assert_true(app.have_run);
    ll_app_key(&app, 't');
    assert_int_equal(app.scr, LL_SCR_DEMO);
    assert_null(app.demo);
    assert_int_equal(app.tl.ntasks, 1);
    assert_true(app.tl.tend == 1.0);
    ll_app_key(&app, 's');                 /* step: to t = 1 */
    assert_true(app.now == 1.0);
    assert_true(app.paused);
    ll_app_key(&app, 'q');
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_true(ll_app_watching(&app));
    ll_app_close(&app);
    unlink(tr);
    unlink(f);
    ll_free(tr);
    ll_free(f);
    f = ll_asprintf("%s/notes.txt", tmpdir);
    unlink(f);
    ll_free(f);
    rmdir(tmpdir);
}

static void
test_replay_and_step(void **state)
{
    ll_trace *tr = NULL;
    ll_buf out;
    ll_run_result res;
    ll_run_opts o;
    ll_app app;
    char dir[] = "/tmp/ll-replay-XXXXXX", *path;
    FILE *f;
    (void)state;
    memset(&o, 0, sizeof o);
    ll_buf_init(&out);
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    fake_run(&demo, &o, tr, &out, &res);
    assert_non_null(mkdtemp(dir));
    path = ll_asprintf("%s/run.jsonl", dir);   /* fixed name: golden */
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ll_trace_write_jsonl(tr, f), LL_OK);
    fclose(f);
    {
        char *spec = ll_asprintf("trace:%s", path);
        assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, spec,
                                     80, 24), LL_OK);
        ll_free(spec);
    }
    assert_int_equal(app.scr, LL_SCR_DEMO);
    assert_int_equal(app.tl.ntasks, 4);
    /* Step goes instant by instant: 1 s, 2 s, 3 s, then the end. */
    ll_app_key(&app, 's');
    assert_true(app.now == 1.0);
    assert_non_null(strstr(app.status, "sleep-1"));
    ll_app_key(&app, 's');
    assert_true(app.now == 2.0);
    golden(&app, 80, 24, "replay_step");
    ll_app_key(&app, 's');
    ll_app_key(&app, 's');
    assert_true(app.now == 3.0);
    assert_non_null(strstr(app.status, "End"));
    /* Knob keys do nothing in a replay (there is no demo to re-run). */
    ll_app_key(&app, ']');
    assert_int_equal(app.effect, LL_EFFECT_NONE);
    ll_app_key(&app, 'q');                 /* started on it: q quits */
    assert_int_equal(app.effect, LL_EFFECT_QUIT);
    ll_app_close(&app);
    unlink(path);
    rmdir(dir);
    ll_free(path);
    ll_buf_close(&out);
    ll_trace_free(tr);
}

/* A real run's trace (two tasks wait on a Lock, then a Queue drains):
 * the demo screen says who holds the lock, how many wait, how full the
 * queue is, at the playback position. */
static void
test_replay_locks_queues(void **state)
{
    ll_app app;
    char *spec = ll_asprintf("trace:%s/tests/golden/fixtures/locks.jsonl",
                             tu_srcdir());
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, spec, 80,
                                 24), LL_OK);
    ll_free(spec);
    assert_int_equal(app.scr, LL_SCR_DEMO);
    assert_int_equal(app.tl.nobjs, 2);
    ll_app_key(&app, ' ');                  /* pause at 0 */
    ll_app_key(&app, 's');                  /* t = 1 */
    assert_true(app.now == 1.0);
    golden(&app, 80, 24, "replay_locks");
    {
        const ll_tl_objstate *st = ll_timeline_obj_at(&app.tl.objs[0], 1.0);
        assert_non_null(st);
        assert_int_equal(st->value, 1);             /* w2 got it */
        assert_int_equal(st->waiting, 1);           /* w3 still waits */
        assert_string_equal(ll_timeline_task_name(&app.tl, st->holder[0]),
                            "w2");
        st = ll_timeline_obj_at(&app.tl.objs[1], 2.5);
        assert_int_equal(st->value, 2);             /* w1's and w2's items */
        assert_int_equal(app.tl.objs[1].maxvalue, 3);
        st = ll_timeline_obj_at(&app.tl.objs[0], 3.0);
        assert_int_equal(st->value, 0);             /* all released */
        assert_int_equal(st->waiting, 0);
    }
    ll_app_close(&app);
}

static void
test_progress_dashboard(void **state)
{
    ll_app app;
    (void)state;
    fake_clock = 1.7e9;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, NULL, 80,
                                 24), LL_OK);
    /* Time spent: 90 s on 1.1, then a 2-hour gap counts 5 minutes. */
    ll_app_key(&app, LL_KEY_ENTER);
    fake_clock += 90;
    ll_app_key(&app, 'j');
    fake_clock += 7200;
    ll_app_key(&app, 'j');
    assert_true(app.prog[0].seconds == 390.0);
    assert_true(app.prog[0].last == fake_clock);
    ll_app_key(&app, 'q');                 /* back to the map */
    fake_clock += 1000;                    /* map time is nobody's */
    ll_app_key(&app, 'p');
    assert_int_equal(app.scr, LL_SCR_PROGRESS);
    assert_true(app.prog[0].seconds == 390.0);
    assert_int_equal(app.nexrows, 1);
    golden(&app, 80, 24, "progress");
    ll_app_key(&app, 'G');
    assert_true(app.prog_scroll > 0);
    golden_one(&app, 80, 24, "progress_bottom");
    ll_app_key(&app, 'q');
    assert_int_equal(app.scr, LL_SCR_MAP);
    ll_app_close(&app);
    fake_clock = 1.7e9;
}

/* A question taller than 80x24 (a long snippet, a long choice) scrolls:
 * nothing is cut, j/k move it, answering brings the explanation in. */
static void
test_quiz_tall(void **state)
{
    static char c0[] = "10 s / 10 s / 10 s",
        c1[] = "Resizing 200 images with pure-Python pixel loops, one per "
               "thread, in a pool of eight threads on a machine with two cores",
        c2[] = "10 s / 1 s / 2 s";
    static char *choices[] = { c0, c1, c2 };
    ll_question tall = { .kind = LL_QUIZ_MC,
        .prompt = "How long do these take?",
        .code = "import asyncio\n\nasync def a():\n    pass\n\n"
                "async def b():\n    pass\n\nasync def c():\n    pass\n\n"
                "async def d():\n    pass\n\nasync def e():\n    pass\n\n"
                "async def sequential():\n    await a()\n",
        .lang = "python", .choices = choices, .nchoices = 3, .answer = 2,
        .explain = "The last function is the one the question is about." };
    ll_question *saved = lessons[0].quiz;
    size_t nsaved = lessons[0].nquiz;
    ll_screen *s = NULL;
    ll_app app;
    char *text;
    (void)state;
    lessons[0].quiz = &tall;
    lessons[0].nquiz = 1;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "quiz:1.1",
                                 80, 24), LL_OK);
    assert_true(ll_view_quiz_rows(&app) > ll_view_quiz_visible(&app));
    assert_int_equal(ll_screen_new(80, 24, &s), LL_OK);
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "async def a()"));
    assert_null(strstr(text, "sequential"));       /* below the fold... */
    assert_non_null(strstr(text, "more"));          /* ...and it says so */
    assert_non_null(strstr(text, "j/k scroll"));
    ll_free(text);
    APPLY(&app, LL_ACT_BOTTOM);
    assert_int_equal(app.q_scroll,
                     ll_view_quiz_rows(&app) - ll_view_quiz_visible(&app));
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "async def sequential()"));
    assert_non_null(strstr(text, "pixel loops, one per thread"));
    assert_non_null(strstr(text, "machine with two cores"));   /* wrapped */
    assert_null(strstr(text, "async def a()"));
    ll_free(text);
    APPLY(&app, LL_ACT_TOP);
    assert_int_equal(app.q_scroll, 0);
    APPLY(&app, LL_ACT_UP);                          /* clamps at the top */
    assert_int_equal(app.q_scroll, 0);
    APPLY(&app, LL_ACT_DOWN);
    assert_int_equal(app.q_scroll, 1);
    APPLY(&app, LL_ACT_DIGIT1);                      /* wrong: explained */
    ll_view_draw(&app, s);
    text = ll_screen_to_text(s);
    assert_non_null(strstr(text, "Not quite."));
    assert_non_null(strstr(text, "The last function is the one"));
    assert_non_null(strstr(text, "your answer: wrong"));
    ll_free(text);
    ll_screen_free(s);
    ll_app_close(&app);
    lessons[0].quiz = saved;
    lessons[0].nquiz = nsaved;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map),
        cmocka_unit_test(test_too_small),
        cmocka_unit_test(test_lesson_pages),
        cmocka_unit_test(test_demo),
        cmocka_unit_test(test_timeline_plain),
        cmocka_unit_test(test_exercise),
        cmocka_unit_test(test_quiz),
        cmocka_unit_test(test_quiz_tall),
        cmocka_unit_test(test_walk_and_wide_map),
        cmocka_unit_test(test_lesson_toc_search),
        cmocka_unit_test(test_exercise_reset_solution),
        cmocka_unit_test(test_exercise_watch),
        cmocka_unit_test(test_replay_and_step),
        cmocka_unit_test(test_progress_dashboard),
        cmocka_unit_test(test_replay_locks_queues),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, setup, teardown);
}
