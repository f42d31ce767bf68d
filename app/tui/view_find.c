/* SPDX-License-Identifier: MIT
 * app/tui/view_find.c -- course search results and the glossary.
 *
 * A list on the left (where each hit lives, or the glossary's terms) and
 * the focused item on the right: the matching line with the command to
 * open it, or the term's definition (laid out by the app for
 * ll_view_find_detail_width) and the lessons that teach it.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

static int
find_list_width(const ll_app *app)
{
    int lw = app->w / 3;
    return lw < 26 ? 26 : lw > 44 ? 44 : lw;
}

int
ll_view_find_detail_width(const ll_app *app)
{
    int w = app->w - find_list_width(app) - 5;
    return w > 72 ? 72 : w;
}

int
ll_view_find_rows(const ll_app *app)
{
    return app->h - 6;
}

static void
find_label(const ll_app *app, size_t i, char *buf, size_t n)
{
    const ll_glossary *g = app->course->glossary;

    if (app->gloss) {
        snprintf(buf, n, "%s", g->e[app->gl[i]].term);
    } else {
        const ll_hit *h = &app->hits[i];
        switch (h->kind) {
        case LL_HIT_GLOSSARY:
            snprintf(buf, n, "glossary: %s", g->e[h->index].term);
            break;
        case LL_HIT_PAGE:
            snprintf(buf, n, "%s page %zu, line %d", h->lesson->id,
                     h->index + 1, h->line);
            break;
        case LL_HIT_STATEMENT:
            snprintf(buf, n, "%s statement, line %d",
                     h->lesson->exercises[h->index].id, h->line);
            break;
        case LL_HIT_QUIZ:
            snprintf(buf, n, "%s quiz question %zu", h->lesson->id,
                     h->index + 1);
            break;
        }
    }
}

static void
find_detail(const ll_app *app, ll_screen *s, int x, int y, int w, int h)
{
    const ll_style head = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING);
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    const ll_glossary *g = app->course->glossary;
    char buf[160];
    int row = y;

    if (app->gloss) {
        const ll_gloss_entry *e = &g->e[app->gl[app->find_sel]];
        int n = (int)app->find_doc.nlines;
        ll_view_clip(app, s, x, row++, e->term, w, head);
        row++;
        if (n > h - 4)
            n = h - 4;
        ll_md_draw(&app->find_doc, 0, s, x, row, w, n);
        row += n + 1;
        for (size_t k = 0; k < e->nlessons && row < y + h; k++) {
            const ll_lesson *l = ll_course_lesson(app->course, e->lessons[k]);
            snprintf(buf, sizeof buf, "%s %s %s", k ? "          " :
                     "Taught in:", e->lessons[k], l ? l->title : "");
            ll_view_clip(app, s, x, row++, buf, w, dim);
        }
        if (e->nlessons > 0 && row + 1 < y + h) {
            snprintf(buf, sizeof buf, "Enter: read it in lesson %s",
                     e->lessons[0]);
            ll_view_clip(app, s, x, row + 1, buf, w, dim);
        }
        return;
    }
    {
        const ll_hit *hit = &app->hits[app->find_sel];
        char *where = ll_hit_where(hit, g);
        ll_view_clip(app, s, x, row++, where ? where : "", w, head);
        ll_free(where);
        snprintf(buf, sizeof buf, "line %d:", hit->line);
        ll_screen_put(s, x, ++row, buf, dim);
        row += 1 + ll_view_wrap(s, x + 2, row + 1, w - 2, 0, h - 6,
                                hit->text, LL_PLAIN);
        ll_screen_put(s, x, ++row, hit->kind == LL_HIT_PAGE ? "Enter: read "
                      "the page at this line" : hit->kind == LL_HIT_GLOSSARY
                      ? "Enter: the glossary entry" : hit->kind ==
                      LL_HIT_STATEMENT ? "Enter: open the exercise"
                      : "Enter: the lesson menu, with its quiz", dim);
    }
}

void
ll_view_find_draw(const ll_app *app, ll_screen *s)
{
    const ll_style sel = LL_STYLE(LL_ATTR_REVERSE | LL_ATTR_BOLD,
                                  LL_ROLE_ACCENT);
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    size_t n = app->gloss ? app->ngl : app->nhits, i;
    int lw = find_list_width(app), rows = ll_view_find_rows(app), y = 2;
    char left[120], right[48], label[160];

    if (app->gloss) {
        snprintf(left, sizeof left, "looplab › glossary%s",
                 app->gloss_here ? ": the terms on your screen" : "");
        snprintf(right, sizeof right, "%zu term%s", n, n == 1 ? "" : "s");
    } else {
        snprintf(left, sizeof left, "looplab › search: %s", app->find_query);
        snprintf(right, sizeof right, "%zu match%s%s", n, n == 1 ? "" : "es",
                 app->hits_more ? "+" : "");
    }
    ll_view_header(app, s, left, right);
    for (i = (size_t)app->find_top; i < n && y < 2 + rows; i++, y++) {
        bool on = i == app->find_sel;
        find_label(app, i, label, sizeof label);
        if (on) {
            ll_screen_fill(s, 1, y, lw, 1, ' ', sel);
            ll_screen_cursor(s, 2, y);
        }
        ll_view_clip(app, s, 2, y, label, lw - 2, on ? sel : LL_PLAIN);
    }
    if (app->find_top > 0)
        ll_screen_put(s, lw - 6, 1, app->ascii ? "^ more" : "↑ more", dim);
    if ((size_t)app->find_top + (size_t)rows < n)
        ll_screen_put(s, lw - 6, 2 + rows, app->ascii ? "v more" : "↓ more",
                      dim);
    if (n == 0) {
        ll_screen_put(s, 2, 2, "Nothing found.", dim);
        ll_view_wrap(s, 2, 4, s->w - 4, 0, 4, "Try fewer words or another "
                     "spelling; every word must be on the same line.", dim);
    } else {
        for (y = 2; y < 2 + rows; y++)
            ll_screen_put(s, lw + 2, y, app->ascii ? "|" : "│", dim);
        find_detail(app, s, lw + 4, 2, ll_view_find_detail_width(app), rows);
    }
    ll_view_footer(app, s, "j/k move  Enter open  / search the course  "
                   "d glossary  q back", NULL);
}
