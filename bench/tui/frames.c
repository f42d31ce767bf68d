/* SPDX-License-Identifier: MIT
 * bench/tui/frames.c -- frames per second of the demo screen, off-screen.
 *
 * Runs a demo script (default bench/tui/thousand.lua: 1000 tasks) on the
 * virtual clock, folds its trace into the timeline, then times what one
 * frame of playback costs: ll_app_tick + ll_view_draw into an ll_screen
 * (everything but the terminal write, which curses makes incremental).
 * Frames are drawn at every playback position from 0 to the end, at
 * 80x24 and 120x40, with the rows scrolled to the middle once. Prints
 * build time, mean / p99 / worst frame time and the frame rate those
 * give. Not part of `make test` (wall-clock numbers); run
 *     bench/tui/run.sh
 */
#include "app/tui/app.h"
#include "app/tui/view.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int
bench_size(ll_app *app, int w, int h, int frames, bool scrolled)
{
    ll_screen *s = NULL;
    double *ms = calloc((size_t)frames, sizeof *ms), sum = 0;
    int i;

    if (ms == NULL || ll_screen_new(w, h, &s) != LL_OK)
        return 1;
    ll_app_resize(app, w, h);
    app->tl_top = scrolled ? app->tl.ntasks / 2 : 0;
    app->paused = false;
    for (i = 0; i < frames; i++) {
        int64_t t0 = ll_mono_ns();
        /* One playback step per frame: the whole run over `frames`. */
        app->now = app->tl.tend * i / (frames - 1);
        ll_view_draw(app, s);
        ms[i] = (double)(ll_mono_ns() - t0) / 1e6;
        sum += ms[i];
    }
    qsort(ms, (size_t)frames, sizeof *ms, cmp_d);
    printf("%dx%d%s: %d frames, mean %.3f ms, p99 %.3f ms, worst %.3f ms "
           "-> %.0f frames/s at the mean, %.0f at the worst\n", w, h,
           scrolled ? " (rows scrolled)" : "", frames, sum / frames,
           ms[frames * 99 / 100], ms[frames - 1], 1000.0 / (sum / frames),
           1000.0 / ms[frames - 1]);
    free(ms);
    ll_screen_free(s);
    return 0;
}

int
main(int argc, char **argv)
{
    const char *script = argc > 1 ? argv[1] : "bench/tui/thousand.lua";
    ll_course course;
    ll_lesson lesson;
    ll_demo demo;
    ll_app app;
    int64_t t0;
    int rc = 0;

    setlocale(LC_ALL, "C.UTF-8");
    memset(&course, 0, sizeof course);
    memset(&lesson, 0, sizeof lesson);
    memset(&demo, 0, sizeof demo);
    demo.id = (char *)"bench";
    demo.title = (char *)"1000 tasks";
    demo.about = (char *)"Frame-rate bench.";
    demo.script = (char *)script;
    demo.lesson = &lesson;
    lesson.id = (char *)"0.0";
    lesson.title = (char *)"bench";
    lesson.week = 1;
    lesson.demos = &demo;
    lesson.ndemos = 1;
    course.lessons = &lesson;
    course.nlessons = 1;
    if (ll_app_init(&app, &course, NULL, NULL, "bench", 120, 40) != LL_OK)
        return 1;
    t0 = ll_mono_ns();
    ll_app_effect_done(&app, 0);        /* the RUN effect: run the demo */
    printf("demo %s: %zu task rows, %zu trace events, %.2f s virtual; run "
           "and timeline build %.1f ms\n", script, app.tl.ntasks,
           app.trace ? ll_trace_count(app.trace) : 0, app.tl.tend,
           (double)(ll_mono_ns() - t0) / 1e6);
    if (app.run_err != NULL) {
        fprintf(stderr, "the demo failed: %s\n", app.run_err);
        rc = 1;
    }
    rc |= bench_size(&app, 80, 24, 600, false);
    rc |= bench_size(&app, 120, 40, 600, false);
    rc |= bench_size(&app, 120, 40, 600, true);
    ll_app_close(&app);
    return rc;
}
