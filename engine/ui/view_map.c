/* SPDX-License-Identifier: MIT
 * engine/ui/view_map.c -- the course map: weeks, lessons, progress.
 *
 * One row per lesson under its week heading: id, title, a status glyph
 * and word (done / started / new), pages seen, exercises passed, quiz
 * score. A "Next:" line says what to do next. The list scrolls only as
 * far as needed to keep the focused lesson visible, computed from the
 * focus alone so the view stays stateless.
 */
#include "ui/view.h"

#include <stdio.h>
#include <string.h>

typedef enum { MAP_NEW, MAP_STARTED, MAP_DONE } map_state;

static map_state
map_lesson_state(const ll_lesson *l, const ll_app_prog *p)
{
    if (p->pages_seen >= (int)l->npages && p->ex_passed >= (int)l->nexercises
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
        else if (p->ex_passed < (int)l->nexercises)
            snprintf(buf, n, "Next: %s %s %s solve the exercises (%d of %zu "
                     "passed)", l->id, l->title, ll_view_glyph(app, LL_G_SEP),
                     p->ex_passed, l->nexercises);
        else
            snprintf(buf, n, "Next: %s %s %s take the quiz", l->id, l->title,
                     ll_view_glyph(app, LL_G_SEP));
        return;
    }
    snprintf(buf, n, "Every lesson is done. Well done!");
}

void
ll_view_map_draw(const ll_app *app, ll_screen *s)
{
    const ll_course *c = app->course;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char right[64], next[256];
    int top = 4, rows = s->h - 3 - top, r, selrow = 0, first, week = -1;
    int titlew = s->w - 50, y, ndone = 0;
    size_t i;

    if (titlew > 44)
        titlew = 44;
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
    ll_screen_put(s, 2, 2, next, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));

    /* Virtual rows: a heading (plus a blank before it) per week, one per
     * lesson. Find the focused lesson's row, then the first row shown. */
    for (i = 0, r = 0; i < c->nlessons; i++) {
        if (c->lessons[i].week != week) {
            r += i > 0 ? 2 : 1;
            week = c->lessons[i].week;
        }
        if (i == app->map_sel)
            selrow = r;
        r++;
    }
    first = selrow - rows + 1 > 0 ? selrow - rows + 1 : 0;

    week = -1;
    for (i = 0, r = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        const ll_app_prog *p = &app->prog[i];
        map_state st = map_lesson_state(l, p);
        bool sel = i == app->map_sel;
        char cell[32];
        int x;

        if (l->week != week) {
            if (i > 0)
                r++;
            y = top + r - first;
            if (y >= top && y < top + rows)
                ll_screen_printf(s, 1, y, LL_STYLE(LL_ATTR_BOLD,
                                                   LL_ROLE_HEADING),
                                 "Week %d", l->week);
            r++;
            week = l->week;
        }
        y = top + r - first;
        r++;
        if (y < top || y >= top + rows)
            continue;
        if (sel)
            ll_screen_put(s, 1, y, ll_view_glyph(app, LL_G_CURSOR),
                          LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
        ll_screen_put(s, 3, y, l->id, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_NONE));
        ll_screen_putn(s, 8, y, l->title, strlen(l->title), titlew,
                       LL_PLAIN);
        x = 8 + titlew + 1;
        if (st == MAP_DONE)
            snprintf(cell, sizeof cell, "%s done", ll_view_glyph(app, LL_G_OK));
        else if (st == MAP_STARTED)
            snprintf(cell, sizeof cell, "%s started",
                     ll_view_glyph(app, LL_G_STARTED));
        else
            snprintf(cell, sizeof cell, "%s new", ll_view_glyph(app, LL_G_NEW));
        ll_screen_put(s, x, y, cell,
                      st == MAP_DONE ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_OK)
                      : st == MAP_STARTED ? LL_STYLE(0, LL_ROLE_ACCENT) : dim);
        ll_screen_printf(s, x + 11, y, LL_PLAIN, "pages %d/%zu",
                         p->pages_seen, l->npages);
        if (l->nexercises)
            ll_screen_printf(s, x + 22, y, LL_PLAIN, "ex %d/%zu",
                             p->ex_passed, l->nexercises);
        if (l->nquiz) {
            if (p->quiz_answered)
                ll_screen_printf(s, x + 30, y, LL_PLAIN, "quiz %d/%zu",
                                 p->quiz_correct, l->nquiz);
            else
                ll_screen_put(s, x + 30, y, "quiz -", dim);
        }
        if (sel) {
            ll_screen_restyle(s, 1, y, s->w - 2, LL_ATTR_REVERSE,
                              LL_ROLE_NONE);
            ll_screen_cursor(s, 1, y);
        }
    }
    /* The focused lesson's one-line summary, when there is room for it. */
    if (app->map_sel < c->nlessons && c->lessons[app->map_sel].summary &&
        r - first < rows - 1)
        ll_screen_putn(s, 3, top + r - first + 1,
                       c->lessons[app->map_sel].summary,
                       strlen(c->lessons[app->map_sel].summary), s->w - 4,
                       LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
    ll_view_footer(app, s, "↑↓ move  Enter open  ? help  q quit", NULL);
}
