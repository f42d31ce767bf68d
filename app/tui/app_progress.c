/* SPDX-License-Identifier: MIT
 * app/tui/app_progress.c -- the dashboard's data, and time spent.
 *
 * Entering the dashboard loads one row per exercise of the course from
 * the store (attempts, hints, passed); lesson rows come from app->prog.
 * Time spent is counted by the app itself: each action adds the time since
 * the previous one to the lesson on screen, with gaps capped at five
 * minutes (a terminal left open is not study time), and is saved as
 * kv "time.<lesson>" with the last activity as "seen.<lesson>" when the
 * student goes back to the map or quits. Without a store all of it lives
 * for the session only.
 */
#include "app_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROG_GAP_CAP 300.0

void
ll__app_progress_close(ll_app *app)
{
    ll_free(app->exrows);
    app->exrows = NULL;
    app->nexrows = 0;
}

void
ll__app_enter_progress(ll_app *app)
{
    const ll_course *c = app->course;
    size_t i, j, n = 0;

    ll__app_progress_close(app);
    for (i = 0; i < c->nlessons; i++)
        n += c->lessons[i].nexercises;
    app->exrows = n ? ll_calloc(n, sizeof *app->exrows) : NULL;
    for (i = 0; app->exrows && i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        for (j = 0; j < l->nexercises; j++) {
            ll_app_exrow *r = &app->exrows[app->nexrows++];
            ll_ex_status es;
            r->ex = &l->exercises[j];
            if (app->store != NULL &&
                ll_store_exercise_status(app->store, r->ex->id, &es) ==
                    LL_OK) {
                r->attempts = es.attempts;
                r->hints = es.hints_shown;
                r->passed = es.passed;
            } else if (app->lesson == l && j < 32) {
                r->passed = app->ex_passed[j];
            }
        }
    }
    /* Checks, hints and answers from the CLI count as activity too: the
     * kv "seen.<lesson>" times only cover TUI sessions. */
    app->store_last = 0;
    if (app->store != NULL) {
        int64_t t;
        if (ll_store_last_activity(app->store, &t) == LL_OK)
            app->store_last = (double)t;
    }
    app->prog_scroll = 0;
    app->scr = LL_SCR_PROGRESS;
    ll__app_remember(app, "progress");
}

void
ll__app_progress_apply(ll_app *app, ll_action a)
{
    const ll_course *c = app->course;
    int maxweek = 6, rows, max;
    size_t i;

    /* The dashboard's row count (view_progress.c lays out the same). */
    for (i = 0; i < c->nlessons; i++)
        if (c->lessons[i].week > maxweek)
            maxweek = c->lessons[i].week;
    rows = 4 + 1 + maxweek + 1 + 1 + (app->nexrows ? (int)app->nexrows : 1) +
           1 + 1 + 4;
    max = rows - (app->h - 5);
    ll__app_scroll(&app->prog_scroll, a, app->h - 6, max > 0 ? max : 0);
}

void
ll__app_time_tick(ll_app *app)
{
    double now = app->ops.now ? app->ops.now() : 0, d;
    bool in_lesson = app->lesson != NULL && app->scr != LL_SCR_MAP &&
                     app->scr != LL_SCR_PROGRESS;

    if (in_lesson && app->entered > 0 && now >= app->entered) {
        ll_app_prog *p = &app->prog[ll__app_lesson_index(app, app->lesson)];
        d = now - app->entered;
        d = d > PROG_GAP_CAP ? PROG_GAP_CAP : d;
        p->seconds += d;
        p->unsaved += d;
        p->last = now;
    }
    app->entered = now;
}

void
ll__app_time_save(ll_app *app, size_t li)
{
    const ll_lesson *l = &app->course->lessons[li];
    ll_app_prog *p = &app->prog[li];
    char key[96];

    if (app->store == NULL || p->last == 0)
        return;
    /* Added, not overwritten: `looplab check` and the other commands add
     * their own study time to the same key (ll_store_study). */
    snprintf(key, sizeof key, "time.%s", l->id);
    if (p->unsaved > 0) {
        int rc = ll_store_kv_add(app->store, key, p->unsaved);
        ll__app_store_err(app, rc, "state");
        if (rc == LL_OK)
            p->unsaved = 0;
    }
    snprintf(key, sizeof key, "seen.%s", l->id);
    ll__app_store_err(app, ll_store_kv_max(app->store, key, p->last),
                      "state");
}

void
ll__app_time_reload(ll_app *app, size_t li)
{
    const ll_lesson *l = &app->course->lessons[li];
    ll_app_prog *p = &app->prog[li];
    char key[96], *v = NULL;

    if (app->store == NULL)
        return;
    snprintf(key, sizeof key, "time.%s", l->id);
    if (ll_store_kv_get(app->store, key, &v) == LL_OK && v)
        p->seconds = strtod(v, NULL) + p->unsaved;
    ll_free(v);
    v = NULL;
    snprintf(key, sizeof key, "seen.%s", l->id);
    if (ll_store_kv_get(app->store, key, &v) == LL_OK && v &&
        strtod(v, NULL) > p->last)
        p->last = strtod(v, NULL);
    ll_free(v);
}

void
ll__app_time_load(ll_app *app, size_t li)
{
    const ll_lesson *l = &app->course->lessons[li];
    ll_app_prog *p = &app->prog[li];
    char key[96], *v = NULL;

    if (app->store == NULL)
        return;
    ll__app_time_reload(app, li);
    snprintf(key, sizeof key, "ui.pos.%s", l->id);
    if (ll_store_kv_get(app->store, key, &v) == LL_OK && v) {
        char *e;
        p->page = (int)strtol(v, &e, 10);
        p->scroll = *e == ':' ? atoi(e + 1) : 0;
    }
    ll_free(v);
}
