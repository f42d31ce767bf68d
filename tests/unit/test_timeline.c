/* SPDX-License-Identifier: MIT
 * tests/unit/test_timeline.c -- folding traces into rows: wait reasons
 * with unique letters (lock, queue, I/O, GIL beside sleep and gather),
 * pool workers as rows of their own, blocking segments, and an ASCII
 * drawing checked cell by cell.
 */
#include "testutil.h"
#include "app/tui/timeline.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void
add(ll_trace *tr, double t, ll_ev_kind k, uint32_t task, int32_t w,
    const char *name, const char *what)
{
    assert_int_equal(ll_trace_add(tr, t, k, task, w, name, what), LL_OK);
}

static const ll_tl_task *
row(const ll_timeline *tl, const char *name)
{
    for (size_t i = 0; i < tl->ntasks; i++)
        if (strcmp(tl->tasks[i].name, name) == 0)
            return &tl->tasks[i];
    fail_msg("no row %s", name);
    return NULL;
}

/* The end of a row says how the task ended: ✓ done, ✗ error, and a
 * cancelled task its own ⊘ (it is not an error). */
static void
test_end_glyphs(void **state)
{
    static const ll_ev_kind ends[] = { LL_EV_DONE, LL_EV_ERROR,
                                       LL_EV_CANCEL };
    static const char *const want[] = { "✓", "✗", "⊘" };
    ll_trace *tr = NULL;
    ll_timeline tl;
    ll_screen *s = NULL;
    (void)state;
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    for (uint32_t i = 0; i < 3; i++) {
        char nm[8];
        snprintf(nm, sizeof nm, "t%u", i);
        add(tr, 0, LL_EV_SPAWN, i + 1, -1, nm, "");
        add(tr, 0, LL_EV_RUN, i + 1, -1, nm, "");
        add(tr, 0, LL_EV_SUSPEND, i + 1, -1, nm, "sleep");
        add(tr, 1, ends[i], i + 1, -1, nm, "");
    }
    assert_int_equal(ll_timeline_build(tr, &tl), LL_OK);
    assert_int_equal(ll_screen_new(60, 8, &s), LL_OK);
    ll_timeline_draw(&tl, tl.tend, s, 0, 0, 60, 8, false);
    {
        char *t = ll_screen_to_text(s), *line = t;
        for (int i = 0; i < 3; i++) {
            char *nl = strchr(line, '\n');
            *nl = '\0';
            if (strstr(line, want[i]) == NULL)
                fail_msg("row %d: no %s in '%s'", i, want[i], line);
            line = nl + 1;
        }
        ll_free(t);
    }
    ll_screen_free(s);
    ll_timeline_close(&tl);
    ll_trace_free(tr);
}

static void
test_reason_letters_unique(void **state)
{
    static const char *const reasons[] = {
        "gather", "gil", "sleep", "lock", "queue", "io", "semaphore",
        "select", "sleep", "Lock",
    };
    ll_trace *tr = NULL;
    ll_timeline tl;
    char seen[16] = { 0 };
    (void)state;
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    for (size_t i = 0; i < LL_COUNTOF(reasons); i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "t%zu", i);
        add(tr, 0, LL_EV_SPAWN, (uint32_t)i + 1, -1, nm, "");
        add(tr, 0, LL_EV_RUN, (uint32_t)i + 1, -1, nm, "");
        add(tr, 0, LL_EV_SUSPEND, (uint32_t)i + 1, -1, nm, reasons[i]);
        add(tr, 1, LL_EV_DONE, (uint32_t)i + 1, -1, nm, "");
    }
    assert_int_equal(ll_timeline_build(tr, &tl), LL_OK);
    /* "sleep" twice is one legend entry; "Lock" and "lock" are words of
     * their own (case kept) but still get distinct letters. */
    assert_int_equal(tl.nreasons, 9);
    assert_string_equal(tl.reasons[0], "g gather");
    assert_string_equal(tl.reasons[1], "i gil");     /* g was taken */
    assert_string_equal(tl.reasons[2], "s sleep");
    assert_string_equal(tl.reasons[3], "l lock");
    assert_string_equal(tl.reasons[4], "q queue");
    assert_string_equal(tl.reasons[5], "o io");      /* i was taken */
    assert_string_equal(tl.reasons[6], "e semaphore");
    assert_string_equal(tl.reasons[7], "c select");
    for (size_t i = 0; i < tl.nreasons; i++) {
        char c = tl.reasons[i][0];
        assert_null(memchr(seen, c, i));
        seen[i] = c;
    }
    /* Segments carry the letter of their reason. */
    assert_int_equal(row(&tl, "t1")->segs[2].reason, 'i');
    assert_int_equal(row(&tl, "t8")->segs[2].reason, 's');
    ll_timeline_close(&tl);
    ll_trace_free(tr);
}

static void
test_workers_and_blocking(void **state)
{
    ll_trace *tr = NULL;
    ll_timeline tl;
    ll_screen *s = NULL;
    char *text;
    (void)state;
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    add(tr, 0, LL_EV_SPAWN, 1, -1, "main", "");
    add(tr, 0, LL_EV_RUN, 1, -1, "main", "");
    add(tr, 0, LL_EV_BLOCK, 1, -1, "main", "time.sleep");
    add(tr, 1, LL_EV_RUN, 1, -1, "main", "");
    add(tr, 1, LL_EV_SUSPEND, 1, -1, "main", "queue");
    /* Two pool workers report events of their own (task 0). */
    add(tr, 1, LL_EV_RUN, 0, 0, "", "");
    add(tr, 1, LL_EV_RUN, 0, 1, "", "");
    add(tr, 3, LL_EV_SUSPEND, 0, 0, "", "gil");
    add(tr, 4, LL_EV_SUSPEND, 0, 1, "", "queue");
    add(tr, 4, LL_EV_READY, 1, -1, "main", "");
    add(tr, 4, LL_EV_RUN, 1, -1, "main", "");
    add(tr, 4, LL_EV_DONE, 1, -1, "main", "");
    assert_int_equal(ll_timeline_build(tr, &tl), LL_OK);
    assert_int_equal(tl.ntasks, 3);
    assert_string_equal(tl.tasks[1].name, "worker 0");
    assert_int_equal(tl.tasks[1].id, LL_TL_WORKER_ID(0));
    assert_string_equal(tl.tasks[2].name, "worker 1");
    assert_int_equal(row(&tl, "main")->segs[2].state, LL_TL_BLOCK);
    assert_true(tl.tend == 4.0);

    assert_int_equal(ll_screen_new(40, ll_timeline_rows(&tl), &s), LL_OK);
    ll_timeline_draw(&tl, tl.tend, s, 0, 0, 40, ll_timeline_rows(&tl), true);
    text = ll_screen_to_text(s);
    /* 27 columns for 4 s: main runs, blocks the loop (!) for 1 s, waits
     * on the queue (q), runs and ends (*); worker 0 computes until it
     * waits for the GIL (g), worker 1 until it waits on the queue. */
    assert_string_equal(text,
        "main     |#!!!!!!#q------------------#*\n"
        "worker 0 |       ##############g------\n"
        "worker 1 |       #####################q\n"
        "time      +-------------+------------+\n"
        "          0s            2s           4s\n");
    ll_free(text);
    ll_screen_free(s);
    ll_timeline_close(&tl);
    ll_trace_free(tr);
}

/* Thread-pool workers burn real time while the virtual clock stands at 0:
 * the real-clock fold sorts their late-flushed events by real time, shows
 * jobs and GIL waits per worker, and follows the GIL's holder. */
static void
test_real_clock_workers_gil(void **state)
{
    ll_trace *tr = NULL;
    ll_timeline tl;
    const ll_tl_objstate *st;
    int64_t b = ll_mono_ns() + 1000000;     /* 1 ms after now */
    const int64_t ms = 1000000;
    (void)state;
    assert_int_equal(ll_trace_new(&tr), LL_OK);
    /* Worker 2's events are recorded before worker 1's (flush order). */
    assert_int_equal(ll_trace_add_at(tr, 0, b + 10 * ms, LL_EV_JOB_START, 0,
                                     2, "job-2", ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b + 10 * ms, LL_EV_GIL_WAIT, 0,
                                     2, "gil", ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b + 20 * ms, LL_EV_GIL_HOLD, 0,
                                     2, "gil", ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b + 40 * ms, LL_EV_JOB_END, 0,
                                     2, "job-2", "ok"), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b, LL_EV_JOB_START, 0, 1,
                                     "job-1", ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b, LL_EV_GIL_HOLD, 0, 1, "gil",
                                     ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b + 20 * ms, LL_EV_GIL_DROP, 0,
                                     1, "gil", ""), LL_OK);
    assert_int_equal(ll_trace_add_at(tr, 0, b + 20 * ms, LL_EV_JOB_END, 0,
                                     1, "job-1", "ok"), LL_OK);
    assert_true(ll_timeline_prefers_real(tr));
    assert_int_equal(ll_timeline_build_clock(tr, &tl, true), LL_OK);
    assert_true(tl.real);
    assert_true(tl.tend > 0.039 && tl.tend < 0.041);
    assert_int_equal(tl.ntasks, 2);
    assert_string_equal(tl.tasks[0].name, "worker 1");   /* by real time */
    /* worker 2: job starts, waits for the GIL, runs, goes idle. */
    assert_int_equal(tl.tasks[1].segs[1].state, LL_TL_WAIT);
    assert_int_equal(tl.tasks[1].segs[2].state, LL_TL_RUN);
    assert_int_equal(tl.tasks[1].segs[3].state, LL_TL_IDLE);
    assert_int_equal(tl.nobjs, 1);
    assert_string_equal(tl.objs[0].name, "GIL");
    st = ll_timeline_obj_at(&tl.objs[0], 0.015);
    assert_int_equal(st->value, 1);
    assert_int_equal(st->waiting, 1);
    assert_string_equal(ll_timeline_task_name(&tl, st->holder[0]),
                        "worker 1");
    st = ll_timeline_obj_at(&tl.objs[0], 0.03);
    assert_string_equal(ll_timeline_task_name(&tl, st->holder[0]),
                        "worker 2");
    assert_int_equal(st->waiting, 0);
    ll_timeline_close(&tl);
    /* On the virtual clock everything is at 0. */
    assert_int_equal(ll_timeline_build(tr, &tl), LL_OK);
    assert_false(tl.real);
    assert_true(tl.tend == 0);
    ll_timeline_close(&tl);
    ll_trace_free(tr);
}

static double
now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Issue 14: `looplab trace show` was quadratic in tasks (each event's row
 * found by walking every row, each lock by walking every lock, each end
 * visiting every lock) and a row's drawing in its segments times columns.
 * 200000 tasks over 20000 locks (every one waits, a third are cancelled
 * while waiting) and one task of 200000 steps: minutes to hours before,
 * well under the bound now, ASan and a busy machine included. The end
 * state is checked too: every cancelled waiter has left its lock. */
static void
test_many_tasks_fold_and_draw_fast(void **state)
{
    const uint32_t n = 200000, nlocks = 20000;
    ll_trace *tr = NULL;
    ll_timeline tl;
    ll_screen *s = NULL;
    char nm[16], lk[16];
    double t0;
    size_t waiting = 0;
    (void)state;

    assert_int_equal(ll_trace_new(&tr), LL_OK);
    for (uint32_t i = 1; i <= n; i++) {
        double t = i * 1e-3;
        snprintf(nm, sizeof nm, "t%u", i);
        snprintf(lk, sizeof lk, "Lock-%u", i % nlocks);
        add(tr, t, LL_EV_SPAWN, i, -1, nm, "");
        add(tr, t, LL_EV_RUN, i, -1, nm, "");
        add(tr, t, LL_EV_LOCK_WAIT, i, -1, nm, lk);
        add(tr, t, LL_EV_SUSPEND, i, -1, nm, "lock");
        if (i % 3 == 0) {
            add(tr, t, LL_EV_CANCEL, i, -1, nm, "");
            continue;
        }
        add(tr, t, LL_EV_LOCK_ACQUIRE, i, -1, nm, lk);
        add(tr, t, LL_EV_LOCK_RELEASE, i, -1, nm, lk);
        add(tr, t, LL_EV_DONE, i, -1, nm, "");
    }
    for (uint32_t j = 0; j < n; j++) {           /* one long-lived task */
        add(tr, j * 1e-3, j % 2 ? LL_EV_RUN : LL_EV_SUSPEND, n + 1, -1,
            "busy", "sleep");
    }
    t0 = now_s();
    assert_int_equal(ll_timeline_build(tr, &tl), LL_OK);
    assert_int_equal(tl.ntasks, n + 1);
    assert_int_equal(tl.nobjs, nlocks);
    for (size_t i = 0; i < tl.nobjs; i++)
        waiting += tl.objs[i].nwaits;
    assert_int_equal(waiting, 0);
    assert_string_equal(ll_timeline_task_name(&tl, n / 2), "t100000");
    assert_int_equal(ll_screen_new(100, 40, &s), LL_OK);
    for (int k = 0; k < 20; k++) {
        ll_timeline_draw_from(&tl, n - 10, tl.tend, s, 0, 0, 100, 40, true);
        ll_timeline_draw_from(&tl, (size_t)k * 9000, tl.tend / 2, s, 0, 0,
                              100, 40, false);
    }
    assert_true(now_s() - t0 < 20.0);
    ll_screen_free(s);
    ll_timeline_close(&tl);
    ll_trace_free(tr);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_end_glyphs),
        cmocka_unit_test(test_reason_letters_unique),
        cmocka_unit_test(test_workers_and_blocking),
        cmocka_unit_test(test_real_clock_workers_gil),
        cmocka_unit_test(test_many_tasks_fold_and_draw_fast),
    };
    setlocale(LC_ALL, "");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
