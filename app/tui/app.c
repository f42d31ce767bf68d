/* SPDX-License-Identifier: MIT
 * app/tui/app.c -- the TUI state machine: screens, actions, effects.
 *
 * Screens form a short stack: map -> lesson page -> lesson menu -> demo /
 * exercise / quiz; "back" walks it down and quits at the map. Entering a
 * screen loads what it draws (page text laid out for the current width,
 * the exercise statement, the demo run) so views never touch files. Every
 * store call tolerates a NULL store and a failing store: progress is also
 * counted in app->prog, and a store error only shows in the status line,
 * never stops the session. Slow work (a demo run, a check) is an effect so
 * the sink can paint "Running…" first.
 * The demo screen (app_demo.c), the exercise (app_exercise.c), the
 * reader's contents and search (app_lesson.c) and the dashboard
 * (app_progress.c) live in their own files (app_int.h).
 */
#include "app_int.h"
#include "view.h"
#include "grader/check.h"
#include "course/workspace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
app_run_default(const ll_demo *d, const ll_run_opts *o, ll_trace *tr,
                ll_buf *out, ll_run_result *res)
{
    return ll_run_file(d->script, o, tr, out, res);
}

static double
app_now_default(void)
{
    return (double)time(NULL);
}

static const ll_app_ops app_default_ops = {
    app_run_default, ll_check_run, ll_ws_ensure, ll_ws_hash, ll_ws_reset,
    app_now_default, ll_app_run_path
};

void
ll_app_status(ll_app *app, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(app->status, sizeof app->status, fmt, ap);
    va_end(ap);
}

int
ll_app_text_width(int w)
{
    int tw = w - 4;
    return tw > 88 ? 88 : tw < 10 ? 10 : tw;
}

ll_keyctx
ll_app_keyctx(const ll_app *app)
{
    if (app->help)
        return LL_CTX_HELP;
    if (app->scr == LL_SCR_EXERCISE && app->confirm_reset)
        return LL_CTX_CONFIRM;
    if (app->scr == LL_SCR_LESSON && app->toc_open)
        return LL_CTX_TOC;
    switch (app->scr) {
    case LL_SCR_MAP:      return LL_CTX_MAP;
    case LL_SCR_LESSON:   return LL_CTX_LESSON;
    case LL_SCR_MENU:     return LL_CTX_MENU;
    case LL_SCR_DEMO:     return LL_CTX_DEMO;
    case LL_SCR_EXERCISE: return LL_CTX_EXERCISE;
    case LL_SCR_QUIZ:     return LL_CTX_QUIZ;
    case LL_SCR_PROGRESS: return LL_CTX_PROGRESS;
    case LL_SCR_FIND:     return LL_CTX_FIND;
    }
    return LL_CTX_MAP;
}

size_t
ll__app_lesson_index(const ll_app *app, const ll_lesson *l)
{
    return (size_t)(l - app->course->lessons);
}

void
ll__app_store_err(ll_app *app, int rc, const char *what)
{
    if (rc != LL_OK && app->store != NULL)
        ll_app_status(app, "Could not save %s: %s", what,
                      ll_store_errmsg(app->store));
}

/* Where the student is, for resuming next time ("lesson:1.1:2"). */
void
ll__app_remember(ll_app *app, const char *fmt, ...)
{
    char v[160];
    va_list ap;

    if (app->store == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(v, sizeof v, fmt, ap);
    va_end(ap);
    ll__app_store_err(app, ll_store_kv_set(app->store, "ui.last", v), "state");
}

/* {==== progress ====} */

/* What the store counts for lesson li: pages, passed exercises, quiz. */
static void
app_refresh_counts(ll_app *app, size_t li)
{
    const ll_lesson *l = &app->course->lessons[li];
    ll_app_prog *p = &app->prog[li];
    ll_ex_status es;
    ll_quiz_status qs;
    int n = 0, passed = 0;
    size_t i;

    if (ll_store_lesson_pages_seen(app->store, l->id, &n) == LL_OK &&
        n > p->pages_seen)
        p->pages_seen = n;
    for (i = 0; i < l->nexercises; i++) {
        bool ok = ll_store_exercise_status(app->store, l->exercises[i].id,
                                           &es) == LL_OK && es.passed;
        passed += ok && !l->exercises[i].optional;
        if (app->lesson == l && i < LL_COUNTOF(app->ex_passed))
            app->ex_passed[i] = app->ex_passed[i] || ok;
    }
    p->ex_passed = passed;
    if (ll_store_quiz_status(app->store, l->id, &qs) == LL_OK) {
        p->quiz_answered = qs.answered;
        p->quiz_correct = qs.correct;
    }
}

void
ll__app_refresh_prog(ll_app *app, size_t li)
{
    if (app->store == NULL)
        return;
    app_refresh_counts(app, li);
    ll__app_time_load(app, li);
}

void
ll_app_sync(ll_app *app)
{
    int64_t v = 0;
    size_t i;

    if (app->store == NULL || ll_store_data_version(app->store, &v) != LL_OK
        || v == app->data_version)
        return;
    app->data_version = v;
    /* Counts, and time spent as stored plus this session's unsaved part;
     * reading positions are this session's own. */
    for (i = 0; i < app->course->nlessons; i++) {
        app_refresh_counts(app, i);
        ll__app_time_reload(app, i);
    }
    if (app->scr == LL_SCR_PROGRESS) {
        int keep = app->prog_scroll;
        ll__app_enter_progress(app);
        app->prog_scroll = keep;
    }
}

/* The reading position of the current page, kept per lesson (in memory
 * and in the store) so reopening a lesson lands where you stopped. */
static void
app_save_pos(ll_app *app)
{
    char key[96], v[48];
    ll_app_prog *p;

    if (app->scr != LL_SCR_LESSON || app->lesson == NULL)
        return;
    p = &app->prog[ll__app_lesson_index(app, app->lesson)];
    p->page = (int)app->page;
    p->scroll = app->scroll;
    if (app->store == NULL)
        return;
    snprintf(key, sizeof key, "ui.pos.%s", app->lesson->id);
    snprintf(v, sizeof v, "%zu:%d", app->page, app->scroll);
    ll__app_store_err(app, ll_store_kv_set(app->store, key, v), "state");
    ll__app_remember(app, "lesson:%s:%zu:%d", app->lesson->id, app->page,
                     app->scroll);
}

/* {==== entering screens ====} */

static void
app_load_page(ll_app *app)
{
    const ll_page *pg = &app->lesson->pages[app->page];
    ll_md_opts o = { ll_app_text_width(app->w), false };
    char *text = NULL;
    size_t len = 0;
    int rc;

    ll_md_doc_close(&app->doc);
    ll_free(app->page_err);
    app->page_err = NULL;
    rc = ll_read_file(pg->path, &text, &len);
    if (rc != LL_OK) {
        app->page_err = ll_asprintf("Cannot read %s: %s", pg->path,
                                    ll_strerror(rc));
        return;
    }
    if (ll_md_render(text, len, &o, &app->doc) != LL_OK)
        app->page_err = ll_asprintf("Cannot lay out %s", pg->path);
    ll_free(text);
    ll__app_page_loaded(app);
}

static void
app_enter_page(ll_app *app, const ll_lesson *l, size_t page)
{
    size_t li = ll__app_lesson_index(app, l);

    app_save_pos(app);
    app->lesson = l;
    app->map_sel = li;
    app->scr = LL_SCR_LESSON;
    app->scroll = 0;
    app->toc_open = false;
    app->search[0] = '\0';
    if (l->npages == 0) {
        app->scr = LL_SCR_MENU;
        return;
    }
    app->page = page < l->npages ? page : l->npages - 1;
    app_load_page(app);
    if ((int)app->page + 1 > app->prog[li].pages_seen)
        app->prog[li].pages_seen = (int)app->page + 1;
    if (app->store != NULL)
        ll__app_store_err(app, ll_store_page_seen(app->store, l->id,
                                              (int)app->page,
                                              (int)l->npages), "progress");
    ll__app_remember(app, "lesson:%s:%zu", l->id, app->page);
}

void
ll__app_enter_page(ll_app *app, const ll_lesson *l, size_t page)
{
    app_enter_page(app, l, page);
}

/* Open a lesson where the student stopped reading it. */
static void
app_resume_page(ll_app *app, const ll_lesson *l, size_t page, int scroll)
{
    int max;

    app_enter_page(app, l, page);
    if (app->scr != LL_SCR_LESSON)
        return;
    max = (int)app->doc.nlines - (app->h - 4);
    app->scroll = scroll < 0 ? 0 : scroll > max ? (max > 0 ? max : 0)
                                                : scroll;
}

static void
app_enter_menu(ll_app *app, const ll_lesson *l)
{
    size_t i;

    ll_ex_status es;

    app_save_pos(app);
    if (app->lesson != l)
        memset(app->ex_passed, 0, sizeof app->ex_passed);
    app->lesson = l;
    app->map_sel = ll__app_lesson_index(app, l);
    app->scr = LL_SCR_MENU;
    app->nmenu = 0;
    for (i = 0; app->store && i < l->nexercises && i < 32; i++)
        if (ll_store_exercise_status(app->store, l->exercises[i].id, &es) ==
            LL_OK)
            app->ex_passed[i] = es.passed;
    if (l->npages > 0)
        app->menu[app->nmenu++] = (ll_menu_item){ LL_ITEM_PAGES, 0 };
    for (i = 0; i < l->ndemos && app->nmenu < LL_COUNTOF(app->menu); i++)
        app->menu[app->nmenu++] = (ll_menu_item){ LL_ITEM_DEMO, i };
    for (i = 0; i < l->nexercises && app->nmenu < LL_COUNTOF(app->menu); i++)
        app->menu[app->nmenu++] = (ll_menu_item){ LL_ITEM_EXERCISE, i };
    if (l->nquiz > 0 && app->nmenu < LL_COUNTOF(app->menu))
        app->menu[app->nmenu++] = (ll_menu_item){ LL_ITEM_QUIZ, 0 };
    /* Focus the first thing after the pages: what you came here for. */
    if (app->menu_sel >= app->nmenu || app->menu_sel == 0)
        app->menu_sel = app->nmenu > 1 ? 1 : 0;
}


void
ll__app_enter_menu(ll_app *app, const ll_lesson *l)
{
    app_enter_menu(app, l);
}

/* A retake's order: a Fisher-Yates shuffle of n items driven by
 * xorshift32 from (seed, salt), so every take has its own order and the
 * same take draws the same one each time it is computed. */
static size_t
app_perm_at(unsigned seed, unsigned salt, size_t n, size_t pos)
{
    size_t perm[64], i;
    uint32_t x = seed * 2654435761u ^ (salt + 1) * 40503u;

    if (seed == 0 || n > LL_COUNTOF(perm) || pos >= n)
        return pos;
    for (i = 0; i < n; i++)
        perm[i] = i;
    for (i = n; i-- > 1;) {
        size_t j, t;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        j = x % (i + 1);
        t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    return perm[pos];
}

size_t
ll_app_quiz_question(const ll_app *app)
{
    return app_perm_at(app->q_shuffle, 0xffff, app->lesson->nquiz, app->q);
}

size_t
ll_app_quiz_choice(const ll_app *app, size_t qi, size_t d)
{
    return app_perm_at(app->q_shuffle, (unsigned)qi,
                       app->lesson->quiz[qi].nchoices, d);
}

static void
app_enter_quiz(ll_app *app, const ll_lesson *l)
{
    app->lesson = l;
    app->scr = LL_SCR_QUIZ;
    app->q = 0;
    app->q_scroll = 0;
    app->chosen = -1;
    app->q_correct = app->q_answered = 0;
    memset(app->q_choice, -1, sizeof app->q_choice);
    app->quiz_done = l->nquiz == 0;
    /* A retake (every question answered before) shuffles the questions
     * and their choices: knowing "the second one" is not knowing it. */
    app->q_shuffle = 0;
    {
        ll_app_prog *p = &app->prog[ll__app_lesson_index(app, l)];
        if (l->nquiz > 0 && p->quiz_answered >= (int)l->nquiz) {
            char key[96], *v = NULL;
            unsigned takes = 1;
            snprintf(key, sizeof key, "quiz.takes.%s", l->id);
            if (app->store != NULL &&
                ll_store_kv_get(app->store, key, &v) == LL_OK && v)
                takes = (unsigned)strtoul(v, NULL, 10);
            ll_free(v);
            app->q_shuffle = takes + 1;
        }
    }
    ll__app_remember(app, "quiz:%s", l->id);
}

static void
app_enter_map(ll_app *app)
{
    app_save_pos(app);
    app->scr = LL_SCR_MAP;
    if (app->lesson != NULL) {
        ll__app_time_save(app, ll__app_lesson_index(app, app->lesson));
        ll__app_refresh_prog(app, ll__app_lesson_index(app, app->lesson));
    }
    ll__app_remember(app, "map");
}

/* The map's "Next:" step, opened: the first lesson not done, at its
 * first unfinished part (the same walk the map's Next: line describes). */
static void
app_go_next(ll_app *app)
{
    const ll_course *c = app->course;
    size_t i, j;

    for (i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        const ll_app_prog *p = &app->prog[i];
        if (p->pages_seen < (int)l->npages) {
            app_resume_page(app, l, (size_t)p->pages_seen, 0);
            return;
        }
        if (p->ex_passed < (int)ll_lesson_required(l)) {
            app_enter_menu(app, l);   /* loads which ones passed */
            /* the first required one not passed (optional ones wait) */
            for (j = 0; j + 1 < l->nexercises && j < LL_COUNTOF(app->ex_passed)
                        && (app->ex_passed[j] || l->exercises[j].optional); j++)
                ;
            ll__app_enter_exercise(app, &l->exercises[j]);
            return;
        }
        if (l->nquiz > 0 && p->quiz_answered < (int)l->nquiz) {
            app_enter_menu(app, l);
            app_enter_quiz(app, l);
            return;
        }
    }
    ll_app_status(app, "Every lesson is done. Well done!");
}

/* {==== look-ups (the model is small: linear scans) ====} */

static const ll_lesson *
app_find_lesson(const ll_course *c, const char *id, size_t n)
{
    for (size_t i = 0; i < c->nlessons; i++)
        if (strlen(c->lessons[i].id) == n &&
            strncmp(c->lessons[i].id, id, n) == 0)
            return &c->lessons[i];
    return NULL;
}

static bool
app_open_id(ll_app *app, const char *spec)
{
    const ll_course *c = app->course;
    const char *colon = strchr(spec, ':');

    if (strncmp(spec, "map", 3) == 0)
        return true;
    if (strncmp(spec, "trace:", 6) == 0)
        return ll__app_enter_replay(app, spec + 6, LL_SCR_MAP) == LL_OK;
    if (strcmp(spec, "progress") == 0) {
        ll__app_enter_progress(app);
        return true;
    }
    if (colon != NULL) {
        const char *id = colon + 1, *end = strchr(id, ':');
        size_t n = end ? (size_t)(end - id) : strlen(id);
        const ll_lesson *l;
        if (strncmp(spec, "lesson:", 7) == 0 &&
            (l = app_find_lesson(c, id, n)) != NULL) {
            char *e2 = NULL;
            size_t pg = end ? strtoul(end + 1, &e2, 10) : 0;
            app_resume_page(app, l, pg,
                            e2 && *e2 == ':' ? atoi(e2 + 1) : 0);
            return true;
        }
        if (strncmp(spec, "quiz:", 5) == 0 &&
            (l = app_find_lesson(c, id, n)) != NULL) {
            app_enter_menu(app, l);
            app_enter_quiz(app, l);
            return true;
        }
        spec = id;
    }
    for (size_t i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        if (strcmp(l->id, spec) == 0) {
            app_enter_page(app, l, 0);
            return true;
        }
        for (size_t j = 0; j < l->ndemos; j++)
            if (strcmp(l->demos[j].id, spec) == 0) {
                app_enter_menu(app, l);
                ll__app_enter_demo(app, &l->demos[j]);
                return true;
            }
        for (size_t j = 0; j < l->nexercises; j++)
            if (strcmp(l->exercises[j].id, spec) == 0) {
                app_enter_menu(app, l);
                ll__app_enter_exercise(app, &l->exercises[j]);
                return true;
            }
    }
    return false;
}

/* {==== life cycle ====} */

int
ll_app_init(ll_app *app, const ll_course *course, ll_store *store,
            const ll_app_ops *ops, const char *start, int w, int h)
{
    size_t i;

    memset(app, 0, sizeof *app);
    app->course = course;
    app->store = store;
    app->ops = ops ? *ops : app_default_ops;
    if (app->ops.run == NULL)       app->ops.run = app_default_ops.run;
    if (app->ops.check == NULL)     app->ops.check = app_default_ops.check;
    if (app->ops.ws_ensure == NULL) app->ops.ws_ensure = ll_ws_ensure;
    if (app->ops.ws_hash == NULL)   app->ops.ws_hash = ll_ws_hash;
    if (app->ops.ws_reset == NULL)  app->ops.ws_reset = ll_ws_reset;
    if (app->ops.now == NULL)       app->ops.now = app_now_default;
    if (app->ops.run_path == NULL)  app->ops.run_path = ll_app_run_path;
    app->match_line = -1;
    app->w = w;
    app->h = h;
    app->speed = 1.0;
    app->chosen = -1;
    ll_buf_init(&app->out);
    ll_result_init(&app->result);
    app->prog = ll_calloc(course->nlessons ? course->nlessons : 1,
                          sizeof *app->prog);
    if (app->prog == NULL)
        return LL_ENOMEM;
    if (store != NULL)
        ll_store_data_version(store, &app->data_version);
    for (i = 0; i < course->nlessons; i++)
        ll__app_refresh_prog(app, i);
    if (start != NULL && *start) {
        if (!app_open_id(app, start))
            ll_app_status(app, "No lesson, demo or exercise \"%s\"", start);
    } else if (store != NULL) {
        char *last = NULL, *seen = NULL;
        /* The first run starts with one screen on how the course works. */
        if (ll_store_kv_get(store, "ui.intro", &seen) == LL_ENOENT)
            app->intro = true;
        ll_free(seen);
        if (ll_store_kv_get(store, "ui.last", &last) == LL_OK && last) {
            if (app_open_id(app, last) && app->scr != LL_SCR_MAP)
                ll_app_status(app, "Welcome back. q goes back, ? shows "
                                   "the keys.");
        }
        ll_free(last);
    }
    return LL_OK;
}


void
ll_app_close(ll_app *app)
{
    app_save_pos(app);
    ll__app_time_tick(app);
    if (app->lesson != NULL)
        ll__app_time_save(app, ll__app_lesson_index(app, app->lesson));
    ll__app_leave_exercise(app);
    ll__app_progress_close(app);
    ll__app_find_close(app);
    ll_md_doc_close(&app->solution);
    ll_free(app->replay);
    ll_free(app->run_trace);
    ll__app_demo_reset(app);
    ll_md_doc_close(&app->doc);
    ll_md_doc_close(&app->stmt);
    ll_result_close(&app->result);
    ll_free(app->page_err);
    ll_free(app->ws_path);
    ll_free(app->effect_path);
    ll_free(app->knobs);
    ll_free(app->prog);
    memset(app, 0, sizeof *app);
}

void
ll_app_resize(ll_app *app, int w, int h)
{
    bool relayout = ll_app_text_width(w) != ll_app_text_width(app->w);

    app->w = w;
    app->h = h;
    if (!relayout)
        return;
    if (app->lesson != NULL && app->lesson->npages > 0 &&
        (app->doc.nlines > 0 || app->page_err))
        app_load_page(app);
    ll__app_exercise_relayout(app);
    ll__app_find_relayout(app);
}

void
ll_app_effect_done(ll_app *app, int status)
{
    ll_effect e = app->effect;

    app->effect = LL_EFFECT_NONE;
    switch (e) {
    case LL_EFFECT_EDIT:
        ll_free(app->effect_path);
        app->effect_path = NULL;
        if (status == 0) {
            /* Saved and closed: check right away, like rustlings' watch. */
            ll_app_status(app, "Checking %s…", app->ex ? app->ex->file : "");
            app->effect = LL_EFFECT_CHECK;
        } else {
            ll_app_status(app, "The editor exited with status %d", status);
        }
        break;
    case LL_EFFECT_CHECK:
        if (app->ex != NULL)
            ll__app_check(app);
        break;
    case LL_EFFECT_RUN:
        if (app->demo != NULL)
            ll__app_demo_run(app);
        break;
    default:
        break;
    }
}

/* {==== quiz ====} */

static void
app_quiz_apply(ll_app *app, ll_action a)
{
    const ll_lesson *l = app->lesson;
    const ll_question *q;
    size_t qi;

    if (app->quiz_done)
        return;
    qi = ll_app_quiz_question(app);
    q = &l->quiz[qi];
    if (a >= LL_ACT_DIGIT1 && a <= LL_ACT_DIGIT9 && app->chosen < 0) {
        size_t d = (size_t)(a - LL_ACT_DIGIT1);
        int c;
        bool right;
        if (d >= q->nchoices)
            return;
        c = (int)ll_app_quiz_choice(app, qi, d);    /* the course's index */
        app->chosen = c;
        if (qi < LL_COUNTOF(app->q_choice))
            app->q_choice[qi] = (signed char)c;
        right = c == q->answer;
        app->q_answered++;
        app->q_correct += right;
        if (app->store != NULL)
            ll__app_store_err(app, ll_store_quiz_answer(app->store, l->id,
                                                    (int)qi,
                                                    q->choices[c], right),
                          "the answer");
        ll_app_status(app, "%s", app->q + 1 < l->nquiz
                                     ? "Enter: next question"
                                     : "Enter: see your score");
        /* Bring the verdict and the explanation into view. */
        app->q_scroll = ll_view_quiz_rows(app) - ll_view_quiz_visible(app);
        if (app->q_scroll < 0)
            app->q_scroll = 0;
    } else if (a == LL_ACT_NEXT && app->chosen >= 0) {
        app->chosen = -1;
        app->q_scroll = 0;
        app->status[0] = '\0';
        if (++app->q >= l->nquiz) {
            ll_app_prog *p = &app->prog[ll__app_lesson_index(app, l)];
            char key[96], v[32];
            app->quiz_done = true;
            app->q = l->nquiz - 1;
            if (app->store != NULL) {
                /* one more take: the next one is shuffled differently */
                snprintf(key, sizeof key, "quiz.takes.%s", l->id);
                snprintf(v, sizeof v, "%u", app->q_shuffle ? app->q_shuffle
                                                           : 1);
                ll__app_store_err(app, ll_store_kv_set(app->store, key, v),
                                  "state");
            }
            if (app->store != NULL)
                ll__app_refresh_prog(app, ll__app_lesson_index(app, l));
            else {
                p->quiz_answered = app->q_answered;
                p->quiz_correct = app->q_correct;
            }
        }
    }
}

/* {==== dispatch ====} */

void
ll__app_scroll(int *scroll, ll_action a, int page, int max)
{
    switch (a) {
    case LL_ACT_UP:     (*scroll)--; break;
    case LL_ACT_DOWN:   (*scroll)++; break;
    case LL_ACT_PGUP:   *scroll -= page; break;
    case LL_ACT_PGDN:   *scroll += page; break;
    case LL_ACT_TOP:    *scroll = 0; break;
    case LL_ACT_BOTTOM: *scroll = max; break;
    default: break;
    }
    if (*scroll > max)
        *scroll = max;
    if (*scroll < 0)
        *scroll = 0;
}

static void
app_open_menu_item(ll_app *app, size_t i)
{
    const ll_menu_item *it;

    if (i >= app->nmenu)
        return;
    app->menu_sel = i;
    it = &app->menu[i];
    switch (it->kind) {
    case LL_ITEM_PAGES:    app_enter_page(app, app->lesson, 0); break;
    case LL_ITEM_DEMO:     ll__app_enter_demo(app, &app->lesson->demos[it->index]); break;
    case LL_ITEM_EXERCISE: ll__app_enter_exercise(app, &app->lesson->exercises[it->index]); break;
    case LL_ITEM_QUIZ:     app_enter_quiz(app, app->lesson); break;
    }
}

static void
app_back(ll_app *app)
{
    switch (app->scr) {
    case LL_SCR_MAP:
        app->effect = LL_EFFECT_QUIT;
        break;
    case LL_SCR_LESSON:
        if (app->toc_open) {
            app->toc_open = false;
            break;
        }
        if (app->search[0]) {
            app->search[0] = '\0';   /* Esc/q first clears the search */
            app->match_line = -1;
            break;
        }
        app_enter_map(app);
        break;
    case LL_SCR_FIND:
        app->scr = app->find_back;
        break;
    case LL_SCR_PROGRESS:
        /* back on the map, so a restart opens the map, not the dashboard */
        app->scr = LL_SCR_MAP;
        ll__app_remember(app, "map");
        break;
    case LL_SCR_MENU:
        if (app->lesson->npages > 0)
            app_enter_page(app, app->lesson, app->page);
        else
            app_enter_map(app);
        break;
    case LL_SCR_DEMO:
        if (app->replay != NULL) {
            ll_free(app->replay);
            app->replay = NULL;
            ll__app_demo_reset(app);
            if (app->replay_back == LL_SCR_EXERCISE && app->ex != NULL) {
                app->scr = LL_SCR_EXERCISE;
                break;
            }
            if (app->lesson == NULL) {
                app->effect = LL_EFFECT_QUIT;  /* `looplab trace show` */
                break;
            }
            app_enter_menu(app, app->lesson);
            break;
        }
        /* fall through */
    case LL_SCR_EXERCISE:
    case LL_SCR_QUIZ:
        if (app->scr == LL_SCR_EXERCISE) {
            if (app->confirm_reset) {
                ll__app_exercise_apply(app, LL_ACT_NO);
                break;
            }
            ll__app_leave_exercise(app);
        }
        app_enter_menu(app, app->lesson);
        ll__app_remember(app, "lesson:%s:%zu", app->lesson->id, app->page);
        break;
    }
}

void
ll_app_apply(ll_app *app, ll_action a)
{
    const ll_course *c = app->course;
    int body = app->h - 4;

    if (a == LL_ACT_NONE)
        return;
    ll__app_time_tick(app);
    if (app->help) {
        /* Any key closes help; Q still quits, i shows the orientation. */
        app->help = false;
        if (a == LL_ACT_QUIT)
            app->effect = LL_EFFECT_QUIT;
        else if (a == LL_ACT_INTRO)
            app->intro = true;
        else if (a == LL_ACT_GLOSSARY)
            ll__app_glossary(app);
        return;
    }
    if (a != LL_ACT_CHECK && a != LL_ACT_PAUSE && a != LL_ACT_FASTER &&
        a != LL_ACT_SLOWER && a != LL_ACT_HINT && a != LL_ACT_STEP &&
        a != LL_ACT_CLOCK &&
        a != LL_ACT_WATCH && a != LL_ACT_RESET && a != LL_ACT_YES &&
        a != LL_ACT_NO && a != LL_ACT_SEARCH_NEXT &&
        a != LL_ACT_SEARCH_PREV && a != LL_ACT_SOLUTION &&
        a != LL_ACT_MYRUN && a < LL_ACT_DIGIT1)
        app->status[0] = '\0';
    if (a == LL_ACT_HELP) {
        app->help = true;
        return;
    }
    if (a == LL_ACT_QUIT) {
        app->effect = LL_EFFECT_QUIT;
        return;
    }
    if (a == LL_ACT_BACK || (a == LL_ACT_NO && !app->confirm_reset)) {
        app_back(app);
        return;
    }
    if (app->w < LL_APP_MIN_W || app->h < LL_APP_MIN_H)
        return;      /* the too-small screen takes only q/Q */
    if (a == LL_ACT_FIND) {
        ll__app_find_prompt(app);
        return;
    }
    if (a == LL_ACT_GLOSSARY) {
        ll__app_glossary(app);
        return;
    }
    switch (app->scr) {
    case LL_SCR_MAP:
        if (c->nlessons == 0)
            break;
        /* Past the last lesson, down keeps scrolling: the weeks still to
         * come are part of the road. Up moves the focus again. */
        if (a == LL_ACT_UP) {
            if (app->map_more > 0)
                app->map_more = 0;
            else if (app->map_sel > 0)
                app->map_sel--;
        }
        else if (a == LL_ACT_DOWN && app->map_sel + 1 < c->nlessons)
            app->map_sel++;
        else if (a == LL_ACT_DOWN && app->map_more < ll_view_map_tail(app))
            app->map_more++;
        else if (a == LL_ACT_TOP) {
            app->map_sel = 0;
            app->map_more = 0;
        } else if (a == LL_ACT_BOTTOM) {
            app->map_sel = c->nlessons - 1;
            app->map_more = ll_view_map_tail(app);
        }
        else if (a == LL_ACT_OPEN)
            app_resume_page(app, &c->lessons[app->map_sel],
                            (size_t)app->prog[app->map_sel].page,
                            app->prog[app->map_sel].scroll);
        else if (a == LL_ACT_PROGRESS)
            ll__app_enter_progress(app);
        else if (a == LL_ACT_NEXT)
            app_go_next(app);
        break;
    case LL_SCR_PROGRESS:
        ll__app_progress_apply(app, a);
        break;
    case LL_SCR_LESSON: {
        int max = (int)app->doc.nlines - body;
        if (ll__app_lesson_apply(app, a))
            break;
        if (a == LL_ACT_NEXT || a == LL_ACT_SEARCH_NEXT) {
            if (app->page + 1 < app->lesson->npages)
                app_enter_page(app, app->lesson, app->page + 1);
            else
                app_enter_menu(app, app->lesson);
        } else if (a == LL_ACT_PREV || a == LL_ACT_SEARCH_PREV) {
            if (app->page > 0)
                app_enter_page(app, app->lesson, app->page - 1);
        } else if (a == LL_ACT_MENU) {
            app_enter_menu(app, app->lesson);
        } else if (a == LL_ACT_PGDN && app->scroll >= max &&
                   app->page + 1 < app->lesson->npages) {
            /* Space at the bottom of a page turns it, like a pager. */
            app_enter_page(app, app->lesson, app->page + 1);
        } else {
            ll__app_scroll(&app->scroll, a, body - 2, max > 0 ? max : 0);
            /* A page step never lands between a heading and its rule: the
             * rule alone at the top reads as a stray line. */
            if ((a == LL_ACT_PGDN || a == LL_ACT_PGUP) && app->scroll > 0 &&
                (size_t)app->scroll < app->doc.nlines &&
                app->doc.lines[app->scroll - 1].head != 0 &&
                app->doc.lines[app->scroll].head == 0)
                app->scroll--;
        }
        break;
    }
    case LL_SCR_MENU:
        if (a == LL_ACT_UP && app->menu_sel > 0)
            app->menu_sel--;
        else if (a == LL_ACT_DOWN && app->menu_sel + 1 < app->nmenu)
            app->menu_sel++;
        else if (a == LL_ACT_TOP)
            app->menu_sel = 0;
        else if (a == LL_ACT_BOTTOM && app->nmenu > 0)
            app->menu_sel = app->nmenu - 1;
        else if (a == LL_ACT_OPEN)
            app_open_menu_item(app, app->menu_sel);
        else if (a >= LL_ACT_DIGIT1 && a <= LL_ACT_DIGIT9)
            app_open_menu_item(app, (size_t)(a - LL_ACT_DIGIT1));
        break;
    case LL_SCR_DEMO:
        ll__app_demo_apply(app, a);
        break;
    case LL_SCR_EXERCISE: {
        int max;
        ll__app_exercise_apply(app, a);
        /* After the action: it may have added rows (the solution). */
        max = ll_view_exercise_rows(app) - (body - 4);
        ll__app_scroll(&app->ex_scroll, a, body - 6, max > 0 ? max : 0);
        break;
    }
    case LL_SCR_FIND:
        ll__app_find_apply(app, a);
        break;
    case LL_SCR_QUIZ: {
        int max;
        app_quiz_apply(app, a);
        max = ll_view_quiz_rows(app) - ll_view_quiz_visible(app);
        ll__app_scroll(&app->q_scroll, a, ll_view_quiz_visible(app) - 2,
                       max > 0 ? max : 0);
        break;
    }
    }
}

void
ll_app_key(ll_app *app, int key)
{
    ll_action a;
    if (app->typing) {
        ll__app_search_key(app, key);
        return;
    }
    ll_app_sync(app);   /* a screen is entered with what the store holds */
    if (app->intro) {
        /* any key closes the orientation; it is shown once */
        app->intro = false;
        if (app->store != NULL)
            ll__app_store_err(app, ll_store_kv_set(app->store, "ui.intro",
                                                   "1"), "state");
        return;
    }
    a = ll_keys_lookup(ll_app_keyctx(app), key);
    /* The help box says "any key closes": keys bound to nothing too. */
    if (app->help && a == LL_ACT_NONE && key != 0) {
        ll__app_time_tick(app);
        app->help = false;
        return;
    }
    ll_app_apply(app, a);
}
