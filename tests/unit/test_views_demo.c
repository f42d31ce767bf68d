/* SPDX-License-Identifier: MIT
 * tests/unit/test_views_demo.c -- golden screens of the demo view: a
 * faked run played back, knobs, the plain timeline, and replays of saved
 * traces (stepping, locks, queues).
 * The course, fake engine and golden files are views_fixture.h's.
 */
#include "views_fixture.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Watching a demo play is study time: no key is pressed, yet the lesson's
 * time grows while it animates (gaps capped as for keys). */
static void
test_demo_time_counts(void **state)
{
    ll_app app;
    (void)state;
    fake_clock = 1.7e9;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops,
                                 "1.1-sleepers", 80, 24), LL_OK);
    ll_app_effect_done(&app, 0);
    assert_true(ll_app_animating(&app));
    ll_app_tick(&app, 1000000000);
    fake_clock += 40;
    ll_app_tick(&app, 2000000000);
    fake_clock += 20;
    ll_app_tick(&app, 3000000000);
    assert_true(app.prog[0].seconds >= 60.0 && app.prog[0].seconds <= 61.0);
    ll_app_close(&app);
    fake_clock = 1.7e9;
}

/* At 80x24 the demo keeps its teaching: an explanation longer than two
 * lines is marked (a: more) and a shows all of it; knobs that do not fit
 * beside the time wrap onto rows of their own, never cut mid-knob. */
static void
test_demo_long_about_and_knobs(void **state)
{
    ll_app app;
    static char n0[] = "workers", n1[] = "jobs", n2[] = "latency",
                n3[] = "pool", n4[] = "gil", lab[] = "a knob";
    static char about[] =
        "Read this first: each worker takes one job at a time. "
        "Watch the lanes: with the GIL on, only one thread runs "
        "Python at once, so CPU-bound jobs queue up however many "
        "workers you add; I/O-bound jobs overlap. Switch the pool "
        "to processes and compare the total time.";
    ll_knob many[5] = {
        { n0, lab, 4, 1, 8, 1 }, { n1, lab, 12, 1, 40, 1 },
        { n2, lab, 0.5, 0.1, 3, 0.1 }, { n3, lab, 1, 1, 2, 1 },
        { n4, lab, 1, 0, 1, 1 },
    };
    char *saved_about = demo.about;
    ll_knob *saved_knobs = demo.knobs;
    size_t saved_n = demo.nknobs;
    ll_screen *scr = NULL;
    char *t;
    (void)state;
    demo.about = about;
    demo.knobs = many;
    demo.nknobs = 5;
    assert_int_equal(ll_app_init(&app, &course, NULL, &fake_ops,
                                 "1.1-sleepers", 80, 24), LL_OK);
    ll_app_effect_done(&app, 0);
    APPLY(&app, LL_ACT_PAUSE);
    golden_one(&app, 80, 24, "demo_long");
    assert_int_equal(ll_screen_new(80, 24, &scr), LL_OK);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    assert_non_null(strstr(t, "… a: more"));
    assert_non_null(strstr(t, "gil=1"));          /* the last knob, whole */
    ll_free(t);
    ll_app_key(&app, 'a');
    assert_true(app.demo_about);
    ll_view_draw(&app, scr);
    t = ll_screen_to_text(scr);
    assert_non_null(strstr(t, "compare the total time."));
    assert_null(strstr(t, "… a: more"));
    ll_free(t);
    golden_one(&app, 80, 24, "demo_long_about");
    ll_screen_free(scr);
    ll_app_close(&app);
    demo.about = saved_about;
    demo.knobs = saved_knobs;
    demo.nknobs = saved_n;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo),
        cmocka_unit_test(test_timeline_plain),
        cmocka_unit_test(test_replay_and_step),
        cmocka_unit_test(test_replay_locks_queues),
        cmocka_unit_test(test_demo_time_counts),
        cmocka_unit_test(test_demo_long_about_and_knobs),
    };
    setlocale(LC_ALL, "C.UTF-8");
    return cmocka_run_group_tests(tests, views_setup, views_teardown);
}
