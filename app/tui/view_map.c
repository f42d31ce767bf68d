/* SPDX-License-Identifier: MIT
 * app/tui/view_map.c -- the course map: weeks, lessons, progress.
 *
 * All six weeks, each lesson under its week heading (a week without
 * lessons shows "coming"): id, title, a progress bar over its parts,
 * a status glyph and word (done / started / new), pages seen (wide
 * terminals), exercises passed, quiz score. The title column grows with
 * the width up to the longest title; a cut title, the "Next:" line and
 * the summary end with "…". The list scrolls only as
 * far as needed to keep the focused lesson visible, computed from the
 * focus alone so the view stays stateless.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

typedef enum { MAP_NEW, MAP_STARTED, MAP_DONE } map_state;

static map_state
map_lesson_state(const ll_lesson *l, const ll_app_prog *p)
{
    if (p->pages_seen >= (int)l->npages
        && p->ex_passed >= (int)ll_lesson_required(l)
        && (l->nquiz == 0 || p->quiz_answered >= (int)l->nquiz))
        return MAP_DONE;
    if (p->pages_seen == 0 && p->ex_passed == 0 && p->quiz_answered == 0)
        return MAP_NEW;
    return MAP_STARTED;
}

/* The "what's next" sentence: the first lesson not done, and its first
 * unfinished part. */
static void
map_next(const ll_app *app, char *buf, size_t n)
{
    const ll_course *c = app->course;

    for (size_t i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        const ll_app_prog *p = &app->prog[i];
        if (map_lesson_state(l, p) == MAP_DONE)
            continue;
        if (p->pages_seen < (int)l->npages)
            snprintf(buf, n, "Next: %s %s %s read page %d of %zu", l->id,
                     l->title, ll_view_glyph(app, LL_G_SEP),
                     p->pages_seen + 1, l->npages);
        else if (p->ex_passed < (int)ll_lesson_required(l))
            snprintf(buf, n, "Next: %s %s %s solve the exercises (%d of %zu "
                     "passed)", l->id, l->title, ll_view_glyph(app, LL_G_SEP),
                     p->ex_passed, ll_lesson_required(l));
        else
            snprintf(buf, n, "Next: %s %s %s take the quiz", l->id, l->title,
                     ll_view_glyph(app, LL_G_SEP));
        return;
    }
    snprintf(buf, n, "Every lesson is done. Well done!");
}

/* The curriculum's six weeks: a week with no lesson yet
 * is still listed, as "coming", so the student sees the whole road. */
static const char *const map_weeks[] = {
    "asyncio fundamentals I: the loop, coroutines, tasks",
    "asyncio fundamentals II: time, failure, coordination, HTTP",
    "threads for blocking I/O",
    "processes for CPU-bound work",
    "async services: servers, real-time, data, testing",
    "patterns and production",
};
#define MAP_NWEEKS 6

/* Done parts of a lesson out of its parts (pages, exercises, the quiz). */
static void
map_fraction(const ll_lesson *l, const ll_app_prog *p, int *done, int *all)
{
    int pg = p->pages_seen < (int)l->npages ? p->pages_seen : (int)l->npages;
    int req = (int)ll_lesson_required(l);   /* optional extras aside */
    int ex = p->ex_passed < req ? p->ex_passed : req;

    *all = (int)l->npages + req + (l->nquiz ? 1 : 0);
    *done = pg + ex + (l->nquiz && p->quiz_answered >= (int)l->nquiz);
}

/* A bar of `w` cells, `done` of `all` filled: glyphs carry it, not colour. */
void
ll_view_bar(const ll_app *app, ll_screen *s, int x, int y, int w, int done,
            int all)
{
    int fill = all > 0 ? (done * w + all / 2) / all : 0, i;

    if (done > 0 && fill == 0)
        fill = 1;         /* started shows, however little */
    for (i = 0; i < w; i++)
        ll_screen_put(s, x + i, y, i < fill ? (app->ascii ? "#" : "█")
                                            : (app->ascii ? "." : "░"),
                      i < fill ? LL_STYLE(0, LL_ROLE_OK)
                               : LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
}

/* Row plan: for each week a blank (but the first), its heading, then its
 * lessons or one "coming" row. Calls back per row so counting and drawing
 * share one walk. */
typedef struct map_row {
    int  kind;            /* 0 blank, 1 week heading, 2 lesson, 3 coming */
    int  week;
    size_t lesson;
} map_row;

static int
map_plan(const ll_course *c, map_row *rows, int cap)
{
    int n = 0, maxweek = MAP_NWEEKS, wk;
    size_t i;

    for (i = 0; i < c->nlessons; i++)
        if (c->lessons[i].week > maxweek)
            maxweek = c->lessons[i].week;
    for (wk = 1; wk <= maxweek; wk++) {
        bool any = false;
        if (wk > 1 && n < cap)
            rows[n++] = (map_row){ 0, wk, 0 };
        if (n < cap)
            rows[n++] = (map_row){ 1, wk, 0 };
        for (i = 0; i < c->nlessons; i++) {
            if (c->lessons[i].week != wk)
                continue;
            any = true;
            if (n < cap)
                rows[n++] = (map_row){ 2, wk, i };
        }
        if (!any && n < cap)
            rows[n++] = (map_row){ 3, wk, 0 };
    }
    return n;
}

int
ll_view_map_tail(const ll_app *app)
{
    map_row plan[256];
    int n = map_plan(app->course, plan, (int)LL_COUNTOF(plan)), r, last = 0;

    for (r = 0; r < n; r++)
        if (plan[r].kind == 2)
            last = r;
    return n - 1 - last;
}

void
ll_view_map_draw(const ll_app *app, ll_screen *s)
{
    const ll_course *c = app->course;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char right[64], next[256];
    map_row plan[256];
    int top = 4, rows = s->h - 3 - top - 2, nplan, r, selrow = 0, first;
    int titlew = s->w - 50, y, ndone = 0, lastrow = 0, longest = 0;
    bool wide = s->w >= 110;
    size_t i;

    /* The title column is as wide as the longest title, up to what the
     * row leaves after the id, the bar (2 + 9), status (10), ex (8), quiz
     * (8) and, when wide, pages (11): wider terminals cut fewer titles. */
    if (wide)
        titlew -= 11;
    for (i = 0; i < c->nlessons; i++) {
        const char *t = c->lessons[i].title ? c->lessons[i].title : "";
        int tw = ll_utf8_width(t, strlen(t));
        longest = tw > longest ? tw : longest;
    }
    if (titlew > longest)
        titlew = longest;
    if (titlew < 4)
        titlew = 4;
    for (i = 0; i < c->nlessons; i++)
        ndone += map_lesson_state(&c->lessons[i], &app->prog[i]) == MAP_DONE;
    snprintf(right, sizeof right, "%zu lessons %s %d done", c->nlessons,
             ll_view_glyph(app, LL_G_NEW), ndone);
    ll_view_header(app, s, "looplab · Python concurrency", right);
    if (c->nlessons == 0) {
        ll_screen_put(s, 2, 2, "No lessons found. Is LOOPLAB_COURSE right?",
                      LL_STYLE(LL_ATTR_BOLD, LL_ROLE_FAIL));
        ll_view_footer(app, s, "q quit  ? help", NULL);
        return;
    }
    map_next(app, next, sizeof next);
    ll_view_clip(app, s, 2, 2, next, s->w - 3,
                 LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));

    nplan = map_plan(c, plan, (int)LL_COUNTOF(plan));
    for (r = 0; r < nplan; r++)
        if (plan[r].kind == 2 && plan[r].lesson == app->map_sel)
            selrow = r;
    /* Keep the focused lesson visible; show its week heading with it.
     * map_more rows past it (the weeks to come) are shown too when the
     * student scrolled there, as long as the focus stays on screen. */
    first = selrow - rows + 1 > 0 ? selrow - rows + 1 : 0;
    if (selrow > 0 && first == selrow)
        first--;
    if (app->map_more > 0 && selrow + app->map_more - rows + 1 > first)
        first = selrow + app->map_more - rows + 1;
    if (first > selrow)
        first = selrow;

    for (r = first; r < nplan && r - first < rows; r++) {
        const map_row *pr = &plan[r];
        y = top + r - first;
        lastrow = y;
        if (pr->kind == 1) {
            int hw = ll_screen_printf(s, 1, y, LL_STYLE(LL_ATTR_BOLD,
                                      LL_ROLE_HEADING), "Week %d", pr->week);
            if (pr->week >= 1 && pr->week <= MAP_NWEEKS)
                ll_screen_putn(s, 1 + hw + 2, y, map_weeks[pr->week - 1],
                               strlen(map_weeks[pr->week - 1]),
                               s->w - hw - 5, dim);
        } else if (pr->kind == 3) {
            char cell[64];
            snprintf(cell, sizeof cell, "%s coming: no lessons yet",
                     ll_view_glyph(app, LL_G_NEW));
            ll_screen_put(s, 3, y, cell, dim);
        } else if (pr->kind == 2) {
            const ll_lesson *l = &c->lessons[pr->lesson];
            const ll_app_prog *p = &app->prog[pr->lesson];
            map_state st = map_lesson_state(l, p);
            bool sel = pr->lesson == app->map_sel;
            char cell[32];
            int x, dn, all;

            if (sel)
                ll_screen_put(s, 1, y, ll_view_glyph(app, LL_G_CURSOR),
                              LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
            ll_screen_put(s, 3, y, l->id, LL_STYLE(LL_ATTR_BOLD,
                                                   LL_ROLE_NONE));
            ll_view_clip(app, s, 8, y, l->title, titlew, LL_PLAIN);
            x = 8 + titlew + 2;
            map_fraction(l, p, &dn, &all);
            ll_view_bar(app, s, x, y, 8, dn, all);
            x += 9;
            if (st == MAP_DONE)
                snprintf(cell, sizeof cell, "%s done",
                         ll_view_glyph(app, LL_G_OK));
            else if (st == MAP_STARTED)
                snprintf(cell, sizeof cell, "%s started",
                         ll_view_glyph(app, LL_G_STARTED));
            else
                snprintf(cell, sizeof cell, "%s new",
                         ll_view_glyph(app, LL_G_NEW));
            ll_screen_put(s, x, y, cell,
                          st == MAP_DONE ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_OK)
                          : st == MAP_STARTED ? LL_STYLE(0, LL_ROLE_ACCENT)
                                              : dim);
            x += 10;
            if (wide) {
                ll_screen_printf(s, x, y, LL_PLAIN, "pages %d/%zu",
                                 p->pages_seen, l->npages);
                x += 11;
            }
            if (ll_lesson_required(l))
                ll_screen_printf(s, x, y, LL_PLAIN, "ex %d/%zu",
                                 p->ex_passed, ll_lesson_required(l));
            x += 8;
            if (l->nquiz) {
                if (p->quiz_answered)
                    ll_screen_printf(s, x, y, LL_PLAIN, "quiz %d/%zu",
                                     p->quiz_correct, l->nquiz);
                else
                    ll_screen_put(s, x, y, "quiz -", dim);
            }
            x += 11;
            /* optional extras: there, not counted in ex N/M */
            if (wide && l->nexercises > ll_lesson_required(l))
                ll_screen_printf(s, x, y, dim, "+%zu optional",
                                 l->nexercises - ll_lesson_required(l));
            if (sel) {
                ll_screen_restyle(s, 1, y, s->w - 2, LL_ATTR_REVERSE,
                                  LL_ROLE_NONE);
                ll_screen_cursor(s, 1, y);
            }
        }
    }
    if (r < nplan)
        ll_screen_printf(s, s->w - 12, lastrow, dim, "%s more",
                         app->ascii ? "v" : "↓");
    if (first > 0)
        ll_screen_printf(s, s->w - 12, top, dim, "%s more",
                         app->ascii ? "^" : "↑");
    /* The focused lesson's one-line summary, above the status line. */
    if (app->map_sel < c->nlessons && c->lessons[app->map_sel].summary)
        ll_view_clip(app, s, 3, s->h - 4, c->lessons[app->map_sel].summary,
                     s->w - 4, LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
    ll_view_footer(app, s, "↑↓ move  Enter open  n next  p progress  / search  "
                   "d glossary  ? help  "
                   "q quit", NULL);
}
