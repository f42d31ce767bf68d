/* SPDX-License-Identifier: MIT
 * tests/unit/views_fixture.h -- what the golden-screen tests of the views
 * (tests/unit/test_views_*.c) share: a small hand-built course, a fake
 * engine, and the golden-file comparison.
 *
 * The course has lessons 1.1, 1.2, 2.1; pages from tests/golden/fixtures/;
 * a demo whose run is faked with ll_trace_add; an exercise graded by a
 * fake checker; a two-question quiz. The app is driven with action lists
 * through ll_app_apply, exactly as keys would, and each screen is drawn at
 * a fixed size and compared with tests/golden/<view>_<w>x<h>.txt via
 * ll_screen_to_text().
 *
 * To accept new screens after an intended change, run
 *     tests/golden/regen.sh      (LL_UPDATE_GOLDEN=1 on each test_views_*)
 * which rewrites the golden files, then read every changed file with
 * `git diff tests/golden`: the goldens are the spec of what a student sees.
 * A failing comparison prints the differing rows, want and got.
 */
#ifndef LL_TEST_VIEWS_FIXTURE_H
#define LL_TEST_VIEWS_FIXTURE_H

#include "testutil.h"
#include "app/tui/app.h"
#include "app/tui/view.h"

/* The hand-built course (built by views_setup, freed by views_teardown). */
extern ll_course course;
extern ll_lesson lessons[3];
extern ll_demo demo;

/* The fake engine: counters of its calls, the checker's verdict, the
 * clock (tests move it; put it back to 1.7e9 when done). */
extern int runs, checks, resets;
extern bool fake_pass;
extern bool fake_notice;  /* results with a notice, a hint, LOOPLAB_PYTHON */
/* The run fake_check saves where the check asks (o->trace_out); NULL:
 * none, like a check that keeps no run. */
extern const char *fake_trace;
extern double fake_clock;
extern const ll_app_ops fake_ops;
int fake_run(const ll_demo *d, const ll_run_opts *o, ll_trace *tr,
             ll_buf *out, ll_run_result *res);

/* Compare the screen of app at w x h with tests/golden/<name>_<w>x<h>.txt
 * (or rewrite it when LL_UPDATE_GOLDEN=1). golden() also checks 120x40
 * when asked for 80x24. */
void golden_one(ll_app *app, int w, int h, const char *name);
void golden(ll_app *app, int w, int h, const char *name);

/* Apply actions, performing the RUN and CHECK effects a sink would. */
void apply(ll_app *app, const ll_action *acts, size_t n);
#define APPLY(app, ...) do { \
        const ll_action acts_[] = { __VA_ARGS__ }; \
        apply((app), acts_, LL_COUNTOF(acts_)); \
    } while (0)

/* cmocka group setup/teardown: build and free the course. */
int views_setup(void **state);
int views_teardown(void **state);

#endif
