/* SPDX-License-Identifier: MIT
 * app/tui/app_exercise.c -- the exercise screen's state and actions.
 *
 * Entering an exercise makes sure the workspace file exists, lays out the
 * statement, loads the last result and the hints already shown, and turns
 * watch mode on (rustlings: the file is checked on every save, whichever
 * editor saved it). A check saves its trace under the state directory
 * ($XDG_STATE_HOME/looplab/runs/<id>.jsonl, never among the student's
 * files) so "show my run" can replay it, also after `looplab check`. Reset asks first (y/n) and
 * keeps a backup (ll_ws_reset); the reference solution shows only once the
 * student's own file passed.
 */
#include "app_int.h"
#include "view.h"
#include "grader/check.h"
#include "course/diff.h"
#include "course/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void
ex_watch_stop(ll_app *app)
{
    ll_watch_free(app->watch);
    app->watch = NULL;
}

static bool
ex_watch_start(ll_app *app)
{
    ex_watch_stop(app);
    if (app->ws_path == NULL)
        return false;
    return ll_watch_new(app->ws_path, &app->watch) == LL_OK;
}

int
ll_app_watch_fd(const ll_app *app)
{
    return app->scr == LL_SCR_EXERCISE && app->watch ? ll_watch_fd(app->watch)
                                                     : -1;
}

bool
ll_app_watching(const ll_app *app)
{
    return app->scr == LL_SCR_EXERCISE && app->watch != NULL;
}

void
ll_app_watch_event(ll_app *app)
{
    if (!ll_app_watching(app) || app->effect != LL_EFFECT_NONE)
        return;
    if (ll_watch_poll(app->watch, 60) == 1) {
        /* a save in the editor is study time on this lesson too */
        ll__app_time_tick(app);
        ll_app_status(app, "%s saved: checking…", app->ex->file);
        app->effect = LL_EFFECT_CHECK;
    }
}

char *
ll_app_run_path(const ll_exercise *ex)
{
    const char *st = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char *dir = st && st[0] == '/'
        ? ll_asprintf("%s/looplab/runs", st)
        : ll_asprintf("%s/.local/state/looplab/runs",
                      home && *home ? home : "/tmp");
    char *path = NULL;

    if (dir != NULL && ll_mkdirs(dir, 0700) == LL_OK)
        path = ll_asprintf("%s/%s.jsonl", dir, ex->id);
    ll_free(dir);
    return path;
}

void
ll__app_leave_exercise(ll_app *app)
{
    ex_watch_stop(app);
    app->confirm_reset = false;
}

static void
ex_load_stmt(ll_app *app)
{
    ll_md_opts o = { ll_app_text_width(app->w), false };
    char *text = NULL;
    size_t len = 0;

    ll_md_doc_close(&app->stmt);
    if (ll_read_file(app->ex->statement, &text, &len) == LL_OK)
        ll_md_render(text, len, &o, &app->stmt);
    ll_free(text);
}

/* The reference as a fenced code block, so it is highlighted like lesson
 * code. */
static void
ex_load_solution(ll_app *app)
{
    ll_md_opts o = { ll_app_text_width(app->w), false };
    char *path = ll_ws_solution(app->ex), *text = NULL, *md;
    size_t len = 0;

    ll_md_doc_close(&app->solution);
    if (path == NULL || ll_read_file(path, &text, &len) != LL_OK) {
        ll_app_status(app, "Cannot read the reference %s",
                      path ? path : "(out of memory)");
        ll_free(path);
        return;
    }
    if (app->solution_diff) {
        /* yours against the reference, as diff -u prints it */
        char *mine = NULL;
        ll_buf d;
        ll_buf_init(&d);
        if (app->ws_path == NULL ||
            ll_read_file(app->ws_path, &mine, NULL) != LL_OK ||
            ll_diff_unified(mine, text, "yours", "reference", &d) != LL_OK)
            md = ll_asprintf("## Yours against the reference\n\nThey "
                             "cannot be compared (your file is gone, or "
                             "too long).\n");
        else if (d.len == 0)
            md = ll_asprintf("## Yours against the reference\n\nThe same, "
                             "line for line.\n");
        else
            md = ll_asprintf("## Yours against the reference\n\nLines "
                             "with - are yours only, + the reference's "
                             "only.\n\n```diff\n%s```\n", d.data);
        ll_buf_close(&d);
        ll_free(mine);
    } else {
        md = ll_asprintf("## Reference solution\n\n```%s\n%s```\n",
                         app->ex->kind == LL_EX_LUA ? "lua" : "python",
                         text);
    }
    if (md != NULL)
        ll_md_render(md, strlen(md), &o, &app->solution);
    ll_free(md);
    ll_free(text);
    ll_free(path);
}

void
ll__app_enter_exercise(ll_app *app, const ll_exercise *ex)
{
    ll_ex_status es;
    int rc;

    ll__app_leave_exercise(app);
    app->ex = ex;
    app->scr = LL_SCR_EXERCISE;
    app->ex_scroll = 0;
    app->hints = 0;
    app->attempts = 0;
    app->passed = false;
    ll_free(app->ws_path);
    app->ws_path = NULL;
    ll_free(app->run_trace);
    app->run_trace = NULL;
    app->have_run = false;
    ll_md_doc_close(&app->solution);
    app->solution_diff = false;
    if (app->have_result)
        ll_result_close(&app->result);
    app->have_result = false;
    rc = app->ops.ws_ensure(ex, &app->ws_path);
    if (rc != LL_OK)
        ll_app_status(app, "Cannot prepare your file: %s", ll_strerror(rc));
    app->run_trace = app->ops.run_path(ex);
    app->have_run = app->run_trace && access(app->run_trace, R_OK) == 0;
    ex_load_stmt(app);
    if (app->store != NULL &&
        ll_store_exercise_status(app->store, ex->id, &es) == LL_OK) {
        app->attempts = es.attempts;
        app->passed = es.passed;
        app->hints = es.hints_shown < (int)ex->nhints ? es.hints_shown
                                                      : (int)ex->nhints;
        ll_result_init(&app->result);
        if (ll_store_last_result(app->store, ex->id, &app->result) == LL_OK)
            app->have_result = true;
        else
            ll_result_close(&app->result);
    }
    ex_watch_start(app);
    ll__app_remember(app, "exercise:%s", ex->id);
}

void
ll__app_check(ll_app *app)
{
    const ll_exercise *ex = app->ex;
    ll_check_opts o = { 10.0, 0, app->run_trace };
    int64_t attempt = 0;
    bool began = false;
    char *hash;
    size_t np;

    if (app->ws_path == NULL) {
        ll_app_status(app, "No file to check");
        return;
    }
    if ((hash = app->ops.ws_hash(app->ws_path)) == NULL) {
        /* Deleted while open: put the starter back and say so; checking
         * a file that is not there is no attempt of the student's. */
        char *p = NULL;
        if (app->ops.ws_ensure(ex, &p) == LL_OK)
            ll_app_status(app, "Your file was gone: the starter is back in "
                          "place. Edit it, then check (c).");
        else
            ll_app_status(app, "Your file is gone and the starter cannot "
                          "be copied back: %s", app->ws_path);
        ll_free(p);
        return;
    }
    if (app->watch != NULL)
        ll_watch_sync(app->watch);  /* this check covers what is saved */
    if (app->have_result)
        ll_result_close(&app->result);
    app->have_result = false;
    if (app->store != NULL) {
        began = ll_store_attempt_begin(app->store, ex->id, hash, &attempt) ==
                LL_OK;
        if (!began)
            ll__app_store_err(app, LL_EDB, "the attempt");
    }
    ll_free(hash);
    ll_result_init(&app->result);
    /* A run this check does not keep must not show an older one. */
    if (app->run_trace != NULL)
        (void)unlink(app->run_trace);
    if (app->ops.check(ex, app->ws_path, &o, &app->result) != LL_OK) {
        ll_app_status(app, "Out of memory while checking");
        ll_result_close(&app->result);
        return;
    }
    app->have_result = true;
    app->have_run = app->run_trace && access(app->run_trace, R_OK) == 0;
    app->attempts++;
    if (began)
        ll__app_store_err(app, ll_store_attempt_finish(app->store, attempt,
                              &app->result, ll_check_sandbox_level()),
                          "the attempt");
    np = ll_result_passed(&app->result);
    if (app->result.verdict == LL_VERDICT_PASS) {
        if (!app->passed && ex->lesson != NULL && !ex->optional)
            app->prog[ll__app_lesson_index(app, ex->lesson)].ex_passed++;
        if (app->lesson != NULL && ex >= app->lesson->exercises &&
            ex < app->lesson->exercises + app->lesson->nexercises &&
            ex - app->lesson->exercises < 32)
            app->ex_passed[ex - app->lesson->exercises] = true;
        app->passed = true;
        ll_app_status(app, "All %zu checks passed. Well done! s: see the "
                      "reference", app->result.nchecks);
    } else {
        /* no judge code ("TLE") here: the "Last check:" line above says
         * in words how the run ended; this line keeps room for what to
         * do next */
        ll_app_status(app, "%zu of %zu checks passed. %s", np,
                      app->result.nchecks, app->watch
                          ? "Save your file: it is checked again."
                          : "Edit (e) and check (c) again.");
    }
    app->ex_scroll = 0;
}

/* h after a check: when a failed check names a hint not shown yet, that
 * hint (and the gentler ones before it) opens, under that check, where the
 * student is looking. True when it did. */
static bool
ex_hint_for_check(ll_app *app)
{
    const ll_exercise *ex = app->ex;
    size_t i;

    for (i = 0; app->have_result && i < app->result.nchecks; i++) {
        const ll_check_result *c = &app->result.checks[i];
        if (c->passed || c->hint <= app->hints || (size_t)c->hint > ex->nhints)
            continue;
        if (app->store != NULL)
            ll__app_store_err(app, ll_store_hint_shown(app->store, ex->id,
                                                       c->hint - 1), "the hint");
        app->hints = c->hint;
        ll_app_status(app, "Hint %d of %zu, for \"%s\": below that check.",
                      c->hint, ex->nhints, c->name);
        return true;
    }
    return false;
}

static void
ex_reset(ll_app *app)
{
    char *backup = NULL;
    int rc = app->ops.ws_reset(app->ex, &backup);

    if (rc != LL_OK)
        ll_app_status(app, "Could not reset %s: %s", app->ex->file,
                      ll_strerror(rc));
    else
        ll_app_status(app, "Starter put back; your file is saved as %s",
                      backup ? backup : "a backup");
    ll_free(backup);
}

void
ll__app_exercise_apply(ll_app *app, ll_action a)
{
    const ll_exercise *ex = app->ex;

    if (app->confirm_reset) {
        app->confirm_reset = false;
        if (a == LL_ACT_YES)
            ex_reset(app);
        else
            ll_app_status(app, "Not reset: your file is unchanged.");
        return;
    }
    switch (a) {
    case LL_ACT_EDIT:
        if (app->ws_path == NULL) {
            ll_app_status(app, "No file to edit");
            break;
        }
        ll_free(app->effect_path);
        app->effect_path = ll_strdup(app->ws_path);
        app->effect = app->effect_path ? LL_EFFECT_EDIT : LL_EFFECT_NONE;
        break;
    case LL_ACT_CHECK:
        ll_app_status(app, "Checking %s…", ex->file);
        app->effect = LL_EFFECT_CHECK;
        break;
    case LL_ACT_HINT:
        if (ex_hint_for_check(app))
            break;
        if (app->hints >= (int)ex->nhints) {
            ll_app_status(app, ex->nhints ? "No more hints." :
                                            "This exercise has no hints.");
            break;
        }
        if (app->store != NULL)
            ll__app_store_err(app, ll_store_hint_shown(app->store, ex->id,
                                                       app->hints), "the hint");
        app->hints++;
        /* Scroll to it: below a long result it would be off screen. */
        ll_app_status(app, "Hint %d of %zu.", app->hints, ex->nhints);
        app->ex_scroll = ll_view_exercise_hint_row(app, app->hints);
        break;
    case LL_ACT_WATCH:
        if (app->watch != NULL) {
            ex_watch_stop(app);
            ll_app_status(app, "Watch mode off: c checks.");
        } else if (ex_watch_start(app)) {
            ll_app_status(app, "Watch mode on: every save of %s is checked.",
                          ex->file);
        } else {
            ll_app_status(app, "Cannot watch %s; c checks by hand.",
                          app->ws_path ? app->ws_path : ex->file);
        }
        break;
    case LL_ACT_RESET:
        app->confirm_reset = true;
        ll_app_status(app, "Put the starter back in %s? Your file is backed "
                      "up first. y/n", ex->file);
        break;
    case LL_ACT_SOLUTION:
        /* s: the reference, then yours against it, then neither */
        if (app->solution.nlines > 0 && app->solution_diff) {
            ll_md_doc_close(&app->solution);
            app->solution_diff = false;
            break;
        }
        if (!app->passed) {
            ll_app_status(app, "The reference opens once your file passes.");
            break;
        }
        app->solution_diff = app->solution.nlines > 0;
        ex_load_solution(app);
        ll_app_status(app, app->solution_diff
                      ? "Yours against the reference. s: hide it."
                      : "The reference. s again: compare it with yours.");
        app->ex_scroll = ll_view_exercise_rows(app) -
                         (int)app->solution.nlines;
        if (app->ex_scroll < 0)
            app->ex_scroll = 0;
        break;
    case LL_ACT_MYRUN:
        if (!app->have_run) {
            ll_app_status(app, "%s", !app->have_result
                          ? "No run to show yet: check your file first."
                          : "This check kept no run to show: its checks call "
                            "your functions directly, without tasks, or the "
                            "run was too long to keep.");
            break;
        }
        if (ll__app_enter_replay(app, app->run_trace, LL_SCR_EXERCISE) !=
            LL_OK)
            ll_app_status(app, "Cannot read %s", app->run_trace);
        break;
    default:
        break;
    }
}

/* Re-layout after a width change. */
void
ll__app_exercise_relayout(ll_app *app)
{
    bool sol = app->solution.nlines > 0;

    if (app->ex == NULL || app->stmt.width == 0)
        return;
    ex_load_stmt(app);
    if (sol)
        ex_load_solution(app);
}
