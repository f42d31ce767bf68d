/* SPDX-License-Identifier: MIT
 * tests/unit/test_views_titles.c -- long titles on the map and in the
 * lesson menu, the dashboard's "last activity", and a replay's help and
 * legend at 80 columns (QA Q11, Q12, Q14, Q15).
 *
 * A cut title must say so ("…", "..." in ASCII) and keep a blank before
 * the next column; the map's title column grows with the terminal up to
 * the longest title, so at 120 columns the course's longest title (1.4's)
 * shows whole. The dashboard's last activity counts what the CLI records
 * (an attempt, a quiz answer), not only TUI sessions. Rows are asserted
 * by their text, so the other screens' goldens stay where they are.
 */
#include "testutil.h"
#include "store/store.h"
#include "engine/trace.h"
#include "app/tui/app.h"
#include "app/tui/view.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#pragma GCC diagnostic ignored "-Wdiscarded-qualifiers"

#define LONG_TITLE "Running many things: gather, wait, as_completed"
#define LONG_EX    "Classify the workload, then overlap the waits"
#define LONG_SUMMARY "gather, wait and as_completed run many awaitables " \
    "at once; they differ in when they return and what happens on failure."

static ll_course course;
static ll_lesson lessons[2];
static ll_page page11, page14;
static ll_exercise ex;

static int
setup(void **state)
{
    (void)state;
    lessons[0] = (ll_lesson){ .id = "1.1", .title = "Where the time goes",
        .summary = "Waiting vs working.", .week = 1, .dir = "/c/w1/01" };
    page11 = (ll_page){ "Where the time goes",
        ll_asprintf("%s/tests/golden/fixtures/1.2-p1.md", tu_srcdir()) };
    lessons[0].pages = &page11;
    lessons[0].npages = 1;
    lessons[1] = (ll_lesson){ .id = "1.4", .title = LONG_TITLE,
        .summary = LONG_SUMMARY, .week = 1, .dir = "/c/w1/04" };
    page14 = (ll_page){ "Many things",
        ll_asprintf("%s/tests/golden/fixtures/1.2-p1.md", tu_srcdir()) };
    lessons[1].pages = &page14;
    lessons[1].npages = 1;
    ex = (ll_exercise){ .id = "1.4b", .title = LONG_EX, .kind = LL_EX_LUA,
        .dir = "/c/w1/04/ex", .file = "solution.lua", .lesson = &lessons[1] };
    lessons[1].exercises = &ex;
    lessons[1].nexercises = 1;
    course = (ll_course){ "/c", lessons, 2, NULL };
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    ll_free(page11.path);
    ll_free(page14.path);
    return 0;
}

static double fake_clock = 1.7e9;

static double
fake_now(void)
{
    return fake_clock;
}

static char *
fake_run_path(const ll_exercise *e)
{
    (void)e;
    return NULL;
}

static const ll_app_ops ops = { .now = fake_now, .run_path = fake_run_path };

/* The screen as text (heap), drawn at w x h. */
static char *
draw(ll_app *app, int w, int h)
{
    ll_screen *s = NULL;
    char *t;
    ll_app_resize(app, w, h);
    assert_int_equal(ll_screen_new(w, h, &s), LL_OK);
    ll_view_draw(app, s);
    t = ll_screen_to_text(s);
    ll_screen_free(s);
    assert_non_null(t);
    return t;
}

/* The row of text that contains needle (static copy), or fail. */
static const char *
row_with(const char *text, const char *needle)
{
    static char row[1024];
    const char *p = strstr(text, needle), *b, *e;
    if (p == NULL)
        fail_msg("no row with '%s' in:\n%s", needle, text);
    for (b = p; b > text && b[-1] != '\n'; b--)
        ;
    e = strchr(p, '\n');
    snprintf(row, sizeof row, "%.*s", (int)(e ? e - b : (long)strlen(b)), b);
    return row;
}

/* Display columns of the row up to the byte offset (UTF-8). */
static int
cols_before(const char *row, const char *at)
{
    return ll_utf8_width(row, (size_t)(at - row));
}

static void
test_map_80_cuts_with_ellipsis(void **state)
{
    ll_app app;
    char *t;
    const char *row, *dots;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, NULL, 80, 24),
                     LL_OK);
    app.ascii = false;
    t = draw(&app, 80, 24);
    row = row_with(t, "1.4  Running many");
    assert_null(strstr(row, LONG_TITLE));            /* cut at 80 columns */
    dots = strstr(row, "…");
    assert_non_null(dots);
    assert_true(dots[-1] != ' ');                   /* cut at a word, no pad */
    /* at least two blanks (more when the cut fell after a space), then
     * the bar */
    assert_memory_equal(dots + strlen("…"), "  ", 2);
    {
        const char *p = dots + strlen("…");
        while (*p == ' ')
            p++;
        assert_true(strncmp(p, "░", strlen("░")) == 0);
        assert_true(p - dots - (long)strlen("…") <= 3);
    }
    /* both lessons' bars start in the same column */
    assert_int_equal(cols_before(row, strstr(row, "░")),
                     cols_before(row_with(t, "1.1  Where"),
                                 strstr(row_with(t, "1.1  Where"), "░")));
    free(t);
    /* the focused lesson's summary, cut, ends with the ellipsis too */
    ll_app_apply(&app, LL_ACT_DOWN);
    assert_int_equal(app.map_sel, 1);
    t = draw(&app, 80, 24);
    row = row_with(t, "gather, wait and as_completed run");
    assert_null(strstr(row, "on failure."));
    assert_non_null(strstr(row, "…"));
    free(t);
    ll_app_close(&app);
}

static void
test_map_120_grows_the_title_column(void **state)
{
    ll_app app;
    char *t;
    const char *row, *end;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, NULL, 120, 40),
                     LL_OK);
    t = draw(&app, 120, 40);
    row = row_with(t, "1.4  Running many");
    end = strstr(row, LONG_TITLE);
    assert_non_null(end);                            /* whole at 120 */
    assert_null(strstr(row, "…"));
    end += strlen(LONG_TITLE);
    assert_memory_equal(end, "  ", 2);               /* then the bar */
    assert_true(strncmp(end + 2, "░", strlen("░")) == 0);
    /* the longest title sets the column: nothing wider than needed */
    assert_int_equal(cols_before(row, strstr(row, "░")),
                     8 + (int)strlen(LONG_TITLE) + 2);
    free(t);
    ll_app_close(&app);
}

static void
test_ascii_ellipsis(void **state)
{
    ll_app app;
    char *t;
    const char *row;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, NULL, 80, 24),
                     LL_OK);
    app.ascii = true;
    t = draw(&app, 80, 24);
    row = row_with(t, "1.4  Running many");
    assert_non_null(strstr(row, "...  #") ? strstr(row, "...  #")
                                          : strstr(row, "...  ."));
    assert_null(strstr(row, "…"));
    free(t);
    ll_app_close(&app);
}

static void
test_menu_long_exercise_title(void **state)
{
    ll_app app;
    char *t;
    const char *row, *state_at;
    int statecol;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, "1.4", 80, 24),
                     LL_OK);
    ll_app_apply(&app, LL_ACT_MENU);
    assert_int_equal(app.scr, LL_SCR_MENU);
    t = draw(&app, 80, 24);
    row = row_with(t, "1.4b Classify");
    assert_null(strstr(row, LONG_EX));
    state_at = strstr(row, "· lua");
    assert_non_null(state_at);
    statecol = cols_before(row, state_at);
    assert_int_equal(statecol, 80 - 16);
    /* "…" then at least one blank before the state: never "wait· lua" */
    assert_true(state_at[-1] == ' ');
    assert_non_null(strstr(row, "… "));
    free(t);
    ll_app_close(&app);
}

/* The first TUI run opens with "How looplab works"; any key closes it,
 * for good: the next run goes straight to the course. */
static void
test_intro_once(void **state)
{
    char *dir = tu_tmpdir(), *db = ll_asprintf("%s/p.db", dir), *t;
    ll_store *st = NULL;
    ll_app app;
    (void)state;

    assert_int_equal(ll_store_open(db, &st, NULL), LL_OK);
    assert_int_equal(ll_app_init(&app, &course, st, &ops, NULL, 80, 24),
                     LL_OK);
    assert_true(app.intro);
    t = draw(&app, 80, 24);
    assert_non_null(strstr(t, "How looplab works"));
    free(t);
    ll_app_key(&app, 'j');
    assert_false(app.intro);
    assert_int_equal(app.map_sel, 0);         /* the key only closed it */
    ll_app_close(&app);
    assert_int_equal(ll_app_init(&app, &course, st, &ops, NULL, 80, 24),
                     LL_OK);
    assert_false(app.intro);
    ll_app_close(&app);
    ll_store_close(st);
    tu_rmtree(dir);
    free(dir);
    free(db);
}

static void
test_dashboard_last_activity_from_the_store(void **state)
{
    char *dir = tu_tmpdir(), *db = ll_asprintf("%s/p.db", dir), *t;
    ll_store *st = NULL;
    ll_app app;
    int64_t last = -1, id, t0, t1;
    char want[64];
    time_t tt;
    struct tm tm;
    (void)state;

    assert_int_equal(ll_store_open(db, &st, NULL), LL_OK);
    assert_int_equal(ll_store_last_activity(st, &last), LL_OK);
    assert_int_equal(last, 0);                       /* nothing yet */
    /* What `looplab check` and `looplab quiz --plain` leave behind. */
    t0 = (int64_t)time(NULL);
    assert_int_equal(ll_store_attempt_begin(st, "1.4b", "abc", &id), LL_OK);
    assert_int_equal(ll_store_quiz_answer(st, "1.4", 0, "x", false), LL_OK);
    t1 = (int64_t)time(NULL);
    assert_int_equal(ll_store_last_activity(st, &last), LL_OK);
    assert_true(last >= t0 && last <= t1);

    /* No TUI session ever ran: the seen.<lesson> times are absent. The
     * first run's orientation box would cover the dashboard: seen. */
    assert_int_equal(ll_store_kv_set(st, "ui.intro", "1"), LL_OK);
    assert_int_equal(ll_app_init(&app, &course, st, &ops, NULL, 80, 24),
                     LL_OK);
    assert_false(app.intro);
    ll_app_apply(&app, LL_ACT_PROGRESS);
    assert_int_equal(app.scr, LL_SCR_PROGRESS);
    t = draw(&app, 80, 24);
    assert_null(strstr(t, "last activity never"));
    tt = (time_t)last;
    gmtime_r(&tt, &tm);
    strftime(want, sizeof want, "last activity %Y-%m-%d %H:%M UTC", &tm);
    if (strstr(t, want) == NULL)
        fail_msg("no '%s' in:\n%s", want, t);
    free(t);
    ll_app_close(&app);
    ll_store_close(st);
    tu_rmtree(dir);
    free(dir);
    free(db);
}

/* A replay (a saved trace, no demo): help lists no knob keys, which do
 * nothing there; the legend breaks between phrases, never inside
 * "waiting on: g gather". */
static void
test_replay_help_and_legend(void **state)
{
    ll_trace *tr = NULL;
    ll_app app;
    char *dir = tu_tmpdir(), *path = ll_asprintf("%s/run.jsonl", dir);
    char *spec = ll_asprintf("trace:%s", path), *t, name[16];
    const char *p;
    FILE *f;
    int k;
    (void)state;

    assert_int_equal(ll_trace_new(&tr), LL_OK);
    ll_trace_add(tr, 0, LL_EV_SPAWN, 1, -1, "main", "");
    ll_trace_add(tr, 0, LL_EV_RUN, 1, -1, "main", "");
    for (k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_SPAWN, (uint32_t)k + 2, -1, name, "main");
    }
    ll_trace_add(tr, 0, LL_EV_SUSPEND, 1, -1, "main", "gather");
    for (k = 0; k < 3; k++) {
        snprintf(name, sizeof name, "sleep-%d", k + 1);
        ll_trace_add(tr, 0, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, 0, LL_EV_SUSPEND, (uint32_t)k + 2, -1, name, "sleep");
        ll_trace_add(tr, k + 1, LL_EV_READY, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, k + 1, LL_EV_RUN, (uint32_t)k + 2, -1, name, "");
        ll_trace_add(tr, k + 1, LL_EV_DONE, (uint32_t)k + 2, -1, name, "");
    }
    ll_trace_add(tr, 3, LL_EV_READY, 1, -1, "main", "");
    ll_trace_add(tr, 3, LL_EV_RUN, 1, -1, "main", "");
    ll_trace_add(tr, 3, LL_EV_DONE, 1, -1, "main", "");
    f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(ll_trace_write_jsonl(tr, f), LL_OK);
    fclose(f);
    ll_trace_free(tr);

    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, spec, 80, 24),
                     LL_OK);
    assert_int_equal(app.scr, LL_SCR_DEMO);
    assert_null(app.demo);
    app.ascii = false;
    t = draw(&app, 80, 24);
    p = row_with(t, "waiting on:");
    assert_non_null(strstr(p, "│ waiting on: g gather  s sleep"));
    /* no legend row ends inside a phrase */
    for (p = t; (p = strstr(p, "waiting on: g\n")) != NULL; p++)
        fail_msg("legend cut after 'waiting on: g':\n%s", t);
    free(t);
    ll_app_apply(&app, LL_ACT_HELP);
    t = draw(&app, 80, 24);
    assert_non_null(strstr(t, "pause / resume"));   /* the help is up */
    assert_null(strstr(t, "next knob"));
    assert_null(strstr(t, "knob up / down"));
    free(t);
    ll_app_close(&app);
    tu_rmtree(dir);
    free(dir);
    free(path);
    free(spec);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_80_cuts_with_ellipsis),
        cmocka_unit_test(test_map_120_grows_the_title_column),
        cmocka_unit_test(test_ascii_ellipsis),
        cmocka_unit_test(test_menu_long_exercise_title),
        cmocka_unit_test(test_dashboard_last_activity_from_the_store),
        cmocka_unit_test(test_intro_once),
        cmocka_unit_test(test_replay_help_and_legend),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, setup, teardown);
}
