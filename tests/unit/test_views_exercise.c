/* SPDX-License-Identifier: MIT
 * tests/unit/test_views_exercise.c -- golden screens of the exercise
 * view: edit and check, hints, reset and the reference solution, watch
 * mode and "show my run".
 * The course, fake engine and golden files are views_fixture.h's.
 */
#include "views_fixture.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* Issue 15: what to fix first (a never-awaited coroutine) comes before
 * the checks, with the interpreter when it is not the default; a failed
 * check names its hint ("press h"), and h opens that one (with the
 * gentler ones before it) right under the check. */
static void
test_notice_and_check_hint(void **state)
{
    ll_app app;
    (void)state;
    fake_notice = true;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1a", 80,
                                 24), LL_OK);
    APPLY(&app, LL_ACT_CHECK);
    golden(&app, 80, 24, "exercise_notice");
    APPLY(&app, LL_ACT_HINT);
    assert_int_equal(app.hints, 2);          /* the check's hint: 2 of 2 */
    assert_int_equal(app.ex_scroll, 0);      /* the check stays in view */
    golden(&app, 80, 24, "exercise_notice_hint");
    APPLY(&app, LL_ACT_HINT);                /* nothing more to open */
    assert_int_equal(app.hints, 2);
    fake_notice = false;
    ll_app_close(&app);
}

/* h shows the hint where the student is looking: below a long result
 * (a traceback) the body scrolls to it. */
static void
test_hint_scrolls_into_view(void **state)
{
    ll_app app;
    ll_buf tb;
    ll_screen *scr = NULL;
    char *t;
    (void)state;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops, "1.1a", 80,
                                 24), LL_OK);
    APPLY(&app, LL_ACT_CHECK);
    ll_buf_init(&tb);
    for (int i = 0; i < 40; i++)
        ll_buf_printf(&tb, "  File \"fetch.py\", line %d, in main\n", i);
    ll_free(app.result.error);
    app.result.error = tb.data;
    APPLY(&app, LL_ACT_HINT);
    assert_int_equal(app.hints, 1);
    assert_true(app.ex_scroll > 0);
    assert_int_equal(ll_screen_new(80, 24, &scr), LL_OK);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    if (strstr(t, "Hint 1 of 2") == NULL)
        fail_msg("the hint is off screen:\n%s", t);
    ll_free(t);
    ll_screen_free(scr);
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
    {
        /* s again: yours against the reference, as a unified diff */
        char *dir = tu_tmpdir(), *mine = ll_asprintf("%s/fetch.py", dir);
        tu_write(mine, "import asyncio\n\nasync def fetch(url):\n"
                 "    await asyncio.sleep(1)          # the server's "
                 "latency\n    return f\"<page {url}>\"\n\n"
                 "async def fetch_all(urls):\n"
                 "    return [await fetch(u) for u in urls]\n");
        char *fake = app.ws_path;
        app.ws_path = mine;
        ll_app_key(&app, 's');
        app.ws_path = fake;      /* the screen names the usual path */
        assert_true(app.solution_diff);
        golden(&app, 80, 24, "exercise_solution_diff");
        assert_non_null(strstr(app.status, "Yours against the reference"));
        tu_rmtree(dir);
        ll_free(mine);
        ll_free(dir);
    }
    ll_app_key(&app, 's');          /* and s once more hides it */
    assert_int_equal(app.solution.nlines, 0);
    assert_false(app.solution_diff);
    /* No trace was saved by the fake checker: nothing to replay, and
     * the status says the check kept none (not "check first"). */
    ll_app_key(&app, 't');
    assert_int_equal(app.scr, LL_SCR_EXERCISE);
    assert_non_null(strstr(app.status, "kept no run"));
    fake_pass = false;
    ll_app_close(&app);
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
    /* the check saves it (an older file is removed first) */
    ll_free(write_tmp(tmpdir, "1.1a.jsonl", "stale"));
    fake_trace = (
        "{\"t\":0,\"ev\":\"spawn\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":0,\"ev\":\"run\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":0,\"ev\":\"suspend\",\"task\":1,\"name\":\"main\",\"what\":\"sleep\"}\n"
        "{\"t\":1,\"ev\":\"ready\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":1,\"ev\":\"run\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n"
        "{\"t\":1,\"ev\":\"output\",\"task\":1,\"name\":\"main\",\"what\":\"hi\"}\n"
        "{\"t\":1,\"ev\":\"done\",\"task\":1,\"name\":\"main\",\"what\":\"\"}\n");
    ll_app_key(&app, 'c');
    ll_app_effect_done(&app, 0);
    fake_trace = NULL;
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

/* Issue 14: a check message quoting a student's 1 MB output line took
 * ~30 s to show and seconds per key (the wrap rescanned the line for
 * every row). Wrapping is linear and the view keeps 32 KiB of one text,
 * saying how much it left out: opening and 200 key presses on 4 MB of
 * output (one line, then words) stay far below a bound that the old code
 * missed by hours, under ASan too. */
static size_t huge_n;

static int
huge_check(const ll_exercise *e, const char *file, const ll_check_opts *o,
           ll_result *r)
{
    char *msg = ll_malloc(huge_n + 1);
    (void)file;
    (void)o;
    ll_result_init(r);
    r->exercise = ll_strdup(e->id);
    r->verdict = LL_VERDICT_FAIL;
    for (size_t i = 0; i < huge_n; i++)
        msg[i] = i >= huge_n / 2 && i % 8 == 7 ? ' ' : 'x';
    msg[huge_n] = '\0';
    ll_result_add(r, "prints the pages", 1, false, false, msg, "");
    ll_free(msg);
    return LL_OK;
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
test_exercise_huge_output_is_cheap(void **state)
{
    ll_app_ops ops = fake_ops;
    ll_app app;
    ll_screen *scr;
    char *text;
    double t0 = now_s();
    (void)state;

    huge_n = 4u << 20;
    ops.check = huge_check;
    assert_int_equal(ll_app_init(&app, &course, NULL, &ops, "1.1a", 80, 24),
                     LL_OK);
    assert_int_equal(ll_screen_new(80, 24, &scr), LL_OK);
    APPLY(&app, LL_ACT_CHECK);
    for (int k = 0; k < 200; k++) {
        ll_app_apply(&app, k < 100 ? LL_ACT_PGDN : LL_ACT_UP);
        ll_view_draw(&app, scr);
    }
    APPLY(&app, LL_ACT_BOTTOM);
    ll_view_draw(&app, scr);
    text = ll_screen_to_text(scr);
    assert_true(now_s() - t0 < 20.0);
    assert_non_null(strstr(text, "more bytes not shown"));
    ll_free(text);
    ll_screen_free(scr);
    ll_app_close(&app);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exercise),
        cmocka_unit_test(test_exercise_reset_solution),
        cmocka_unit_test(test_hint_scrolls_into_view),
        cmocka_unit_test(test_notice_and_check_hint),
        cmocka_unit_test(test_exercise_watch),
        cmocka_unit_test(test_exercise_huge_output_is_cheap),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, views_setup, views_teardown);
}
