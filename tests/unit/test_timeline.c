/* SPDX-License-Identifier: MIT
 * tests/unit/test_timeline.c -- folding traces into rows: wait reasons
 * with unique letters (lock, queue, I/O, GIL beside sleep and gather),
 * pool workers as rows of their own, blocking segments, and an ASCII
 * drawing checked cell by cell.
 */
#include "testutil.h"
#include "ui/timeline.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

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

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reason_letters_unique),
        cmocka_unit_test(test_workers_and_blocking),
    };
    setlocale(LC_ALL, "");
    return cmocka_run_group_tests(tests, NULL, NULL);
}
