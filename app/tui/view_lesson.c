/* SPDX-License-Identifier: MIT
 * app/tui/view_lesson.c -- a lesson page, and the lesson menu.
 *
 * The page is the app's laid-out Markdown (ll_md_doc) shown from
 * app->scroll in the body rows; the status line says where you are in the
 * page and what the next key does at the end. The menu lists what a lesson
 * offers besides its pages -- demos, exercises, the quiz -- each with its
 * state in words, numbered so a digit opens it.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

/* Highlight every match of the active search among the visible lines
 * (reverse video: it reads without colour). */
static void
lesson_marks(const ll_app *app, ll_screen *s, int x, int body)
{
    size_t nl = strlen(app->search);
    int i;

    if (nl == 0 || app->page_err != NULL)
        return;
    for (i = 0; i < body && app->scroll + i < (int)app->doc.nlines; i++) {
        const char *t = app->doc.lines[app->scroll + i].text, *p = t;
        int off;
        while ((off = ll_app_match(p, app->search)) >= 0) {
            int col = ll_utf8_width(t, (size_t)(p - t) + (size_t)off);
            int w = ll_utf8_width(p + off, nl);
            ll_screen_restyle(s, x + col, 2 + i, w,
                              LL_ATTR_REVERSE | LL_ATTR_BOLD, LL_ROLE_WARN);
            p += off + nl;
        }
    }
}

/* The contents: a framed list of the page's headings over the text. */
static void
lesson_toc(const ll_app *app, ll_screen *s)
{
    int bw = s->w - 20 > 64 ? 64 : s->w - 20, bh, bx, by, first = 0, rows;
    size_t i;

    bh = (int)app->ntoc + 4;
    if (bh > s->h - 4)
        bh = s->h - 4;
    rows = bh - 4;
    bx = (s->w - bw) / 2;
    by = 2;
    if ((int)app->toc_sel >= rows)
        first = (int)app->toc_sel - rows + 1;
    ll_view_box(app, s, bx, by, bw, bh, " Contents of this page ");
    for (i = (size_t)first; i < app->ntoc && (int)i - first < rows; i++) {
        const ll_app_toc *t = &app->toc[i];
        int y = by + 2 + (int)i - first, ind = (t->level - 1) * 2;
        bool sel = i == app->toc_sel;
        if (ind > 8)
            ind = 8;
        ll_screen_put(s, bx + 2, y, sel ? ll_view_glyph(app, LL_G_CURSOR)
                                        : " ",
                      LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
        ll_screen_putn(s, bx + 4 + ind, y, t->text, strlen(t->text),
                       bw - 6 - ind, t->level <= 2
                       ? LL_STYLE(LL_ATTR_BOLD, 0) : LL_PLAIN);
        if (sel) {
            ll_screen_restyle(s, bx + 4, y, bw - 6, LL_ATTR_REVERSE,
                              LL_ROLE_NONE);
            ll_screen_cursor(s, bx + 4, y);
        }
    }
    ll_screen_put(s, bx + bw - 28, by + bh - 1, " Enter go  q/t close ",
                  LL_STYLE(LL_ATTR_DIM, 0));
}

void
ll_view_lesson_draw(const ll_app *app, ll_screen *s)
{
    const ll_lesson *l = app->lesson;
    char left[160], right[32], pos[96];
    int body = s->h - 4, x = ll_view_margin(app);
    int n = (int)app->doc.nlines, last;

    snprintf(left, sizeof left, "looplab %s %s %s", ll_view_glyph(app,
             LL_G_SEP), l->id, l->title);
    snprintf(right, sizeof right, "page %zu/%zu", app->page + 1, l->npages);
    ll_view_header(app, s, left, right);
    if (app->page_err != NULL) {
        ll_view_wrap(s, x, 2, s->w - 2 * x, 0, body, app->page_err,
                     LL_STYLE(LL_ATTR_BOLD, LL_ROLE_FAIL));
    } else {
        ll_md_draw(&app->doc, (size_t)app->scroll, s, x, 2,
                   ll_app_text_width(app->w), body);
    }
    last = app->scroll + body < n ? app->scroll + body : n;
    if (last >= n)
        snprintf(pos, sizeof pos, "End of page %zu/%zu %s n: %s", app->page + 1,
                 l->npages, ll_view_glyph(app, LL_G_SEP),
                 app->page + 1 < l->npages ? "next page" : "lesson menu");
    else
        snprintf(pos, sizeof pos, "Lines %d-%d of %d %s Space: more",
                 app->scroll + 1, last, n, ll_view_glyph(app, LL_G_SEP));
    lesson_marks(app, s, x, body);
    ll_view_footer(app, s, app->search[0]
                   ? "n/N next/prev match  / search  t contents  q clear"
                   : "j/k scroll  Space more  n/p page  / search  t toc  "
                     "Tab menu  ? help  q map", pos);
    ll_screen_cursor(s, x, 2);
    if (app->match_line >= app->scroll &&
        app->match_line < app->scroll + body)
        ll_screen_cursor(s, x, 2 + app->match_line - app->scroll);
    if (app->toc_open)
        lesson_toc(app, s);
    if (app->typing)   /* the cursor sits after the typed text */
        ll_screen_cursor(s, 1 + ll_utf8_width(app->status,
                                              strlen(app->status)), s->h - 2);
}

static void
menu_row(const ll_app *app, const ll_menu_item *it, char *kind, char *what,
         char *state, size_t n, ll_role *role)
{
    const ll_lesson *l = app->lesson;
    const ll_app_prog *p = &app->prog[l - app->course->lessons];

    *role = LL_ROLE_NONE;
    state[0] = '\0';
    switch (it->kind) {
    case LL_ITEM_PAGES:
        snprintf(kind, n, "Pages");
        snprintf(what, n, "Read the lesson (%zu page%s)", l->npages,
                 l->npages == 1 ? "" : "s");
        snprintf(state, n, "%s %d/%zu read",
                 ll_view_glyph(app, p->pages_seen >= (int)l->npages
                                        ? LL_G_OK : LL_G_STARTED),
                 p->pages_seen, l->npages);
        if (p->pages_seen >= (int)l->npages)
            *role = LL_ROLE_OK;
        break;
    case LL_ITEM_DEMO:
        snprintf(kind, n, "Demo");
        snprintf(what, n, "%s", l->demos[it->index].title);
        snprintf(state, n, "%s watch", ll_view_glyph(app, LL_G_PLAY));
        break;
    case LL_ITEM_EXERCISE: {
        const ll_exercise *ex = &l->exercises[it->index];
        bool passed = it->index < 32 && app->ex_passed[it->index];
        snprintf(kind, n, "Exercise");
        snprintf(what, n, "%s %s%s", ex->id, ex->title,
                 ex->optional ? " (optional)" : "");
        if (passed) {
            snprintf(state, n, "%s passed", ll_view_glyph(app, LL_G_OK));
            *role = LL_ROLE_OK;
        } else {
            snprintf(state, n, "%s %s", ll_view_glyph(app, LL_G_NEW),
                     ll_ex_kind_name(ex->kind));
        }
        break;
    }
    case LL_ITEM_QUIZ:
        snprintf(kind, n, "Quiz");
        snprintf(what, n, "%zu question%s", l->nquiz, l->nquiz == 1 ? "" : "s");
        /* ✓ only when every answer was right: 1 of 3 is "taken", not
         * "done well" */
        if (p->quiz_answered)
            snprintf(state, n, "%s %d/%zu right",
                     ll_view_glyph(app, p->quiz_correct >= (int)l->nquiz
                                        ? LL_G_OK : LL_G_STARTED),
                     p->quiz_correct, l->nquiz);
        else
            snprintf(state, n, "%s not taken", ll_view_glyph(app, LL_G_NEW));
        break;
    }
}

void
ll_view_menu_draw(const ll_app *app, ll_screen *s)
{
    const ll_lesson *l = app->lesson;
    char left[160], kind[64], what[160], state[64];
    int y = 2, x = ll_view_margin(app);
    size_t i;

    snprintf(left, sizeof left, "looplab %s %s %s %s menu",
             ll_view_glyph(app, LL_G_SEP), l->id, l->title,
             ll_view_glyph(app, LL_G_SEP));
    ll_view_header(app, s, left, NULL);
    ll_screen_printf(s, x, y++, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING),
                     "Lesson %s: %s", l->id, l->title);
    if (l->summary)
        y += ll_view_wrap(s, x, y, s->w - 2 * x, 0, 3, l->summary,
                          LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
    y++;
    for (i = 0; i < app->nmenu && y < s->h - 3; i++, y++) {
        ll_role role;
        bool sel = i == app->menu_sel;
        menu_row(app, &app->menu[i], kind, what, state, sizeof kind, &role);
        ll_screen_put(s, x - 2 < 0 ? 0 : x - 2, y,
                      sel ? ll_view_glyph(app, LL_G_CURSOR) : " ",
                      LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
        ll_screen_printf(s, x, y, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_NONE),
                         "%zu", i + 1);
        ll_screen_put(s, x + 3, y, kind, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_NONE));
        /* one blank column before the state, "…" when cut */
        ll_view_clip(app, s, x + 13, y, what, s->w - x - 13 - 16 - 1,
                     LL_PLAIN);
        ll_screen_put(s, s->w - 16, y, state,
                      role == LL_ROLE_OK ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_OK)
                                         : LL_STYLE(LL_ATTR_DIM, 0));
        if (sel) {
            ll_screen_restyle(s, x, y, s->w - x - 1, LL_ATTR_REVERSE,
                              LL_ROLE_NONE);
            ll_screen_cursor(s, x, y);
        }
    }
    ll_view_footer(app, s, "↑↓ move  Enter/1-9 open  Tab page  ? help  "
                   "q back", "Choose what to do next.");
}
