/* SPDX-License-Identifier: MIT
 * app/tui/app_lesson.c -- the reader's table of contents and search.
 *
 * The contents are the headings the Markdown layout marked (ll_md_line
 * .head), collected each time a page is laid out, so they follow the
 * width. Search is over the laid-out lines, case-insensitive (ASCII
 * folding; other text must match exactly), like less: `/` opens a prompt
 * on the status line, Enter searches from the top of the view, n / N move
 * to the next / previous matching line and wrap around the page; Esc or q
 * clears it. Without an active search n / N keep turning pages.
 */
#include "app_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool lesson_hit(const ll_md_line *l, const char *needle);

void
ll__app_page_loaded(ll_app *app)
{
    size_t i;
    int k = 0;

    app->ntoc = 0;
    app->toc_sel = 0;
    app->match_line = -1;
    app->nmatches = 0;
    /* A new width moves lines: keep the same (k-th) match current. */
    for (i = 0; app->search[0] && i < app->doc.nlines; i++)
        if (lesson_hit(&app->doc.lines[i], app->search)) {
            app->nmatches++;
            if (++k == app->match_idx)
                app->match_line = (int)i;
        }
    if (app->match_line >= 0) {
        int max = (int)app->doc.nlines - (app->h - 4);
        app->scroll = app->match_line - 2;
        if (app->scroll > max)
            app->scroll = max;
        if (app->scroll < 0)
            app->scroll = 0;
    }
    for (i = 0; i < app->doc.nlines && app->ntoc < LL_COUNTOF(app->toc);
         i++) {
        const ll_md_line *l = &app->doc.lines[i];
        ll_app_toc *t;
        if (l->head == 0)
            continue;
        t = &app->toc[app->ntoc++];
        t->line = (int)i;
        t->level = l->head;
        snprintf(t->text, sizeof t->text, "%s", l->text);
    }
}

/* Case-insensitive (ASCII) substring search; returns the byte offset or
 * -1. Exposed to the view through the same rule (ll_app_match). */
int
ll_app_match(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i, j;

    if (n == 0)
        return -1;
    for (i = 0; hay[i]; i++) {
        for (j = 0; j < n && hay[i + j]; j++)
            if (tolower((unsigned char)hay[i + j]) !=
                tolower((unsigned char)needle[j]))
                break;
        if (j == n)
            return (int)i;
    }
    return -1;
}

/* Does a page line hold the search? A wrapped code line is searched in
 * its source text, once, on its first row (so a word the wrap split is
 * found, and found once). */
static bool
lesson_hit(const ll_md_line *l, const char *needle)
{
    if (l->cont)
        return false;
    return ll_app_match(l->src ? l->src : l->text, needle) >= 0;
}

static int
lesson_body(const ll_app *app)
{
    return app->h - 4;
}

/* Move to the next (dir 1) or previous (-1) line matching app->search,
 * starting after (before) `from`, wrapping. */
static void
lesson_find(ll_app *app, int from, int dir)
{
    int n = (int)app->doc.nlines, i, line, max;

    app->nmatches = 0;
    for (i = 0; i < n; i++)
        if (lesson_hit(&app->doc.lines[i], app->search))
            app->nmatches++;
    if (app->nmatches == 0) {
        app->match_line = -1;
        ll_app_status(app, "Not found on this page: %s", app->search);
        return;
    }
    for (i = 1; i <= n; i++) {
        line = ((from + dir * i) % n + n) % n;
        if (lesson_hit(&app->doc.lines[line], app->search))
            break;
    }
    app->match_line = line;
    /* Show the match a few lines below the top, like less -j. */
    max = n - lesson_body(app);
    app->scroll = line - 2;
    if (app->scroll > max)
        app->scroll = max;
    if (app->scroll < 0)
        app->scroll = 0;
    {
        int k = 0;
        for (i = 0; i <= line; i++)
            k += lesson_hit(&app->doc.lines[i], app->search);
        app->match_idx = k;
        ll_app_status(app, "/%s  match %d of %d  n/N: next/previous, "
                      "q: clear", app->search, k, app->nmatches);
    }
}

void
ll__app_lesson_find_word(ll_app *app, const char *word)
{
    snprintf(app->search, sizeof app->search, "%s", word);
    lesson_find(app, -1, 1);
}

void
ll__app_search_key(ll_app *app, int key)
{
    size_t len = strlen(app->input);

    if (key == LL_KEY_ESC || key == LL_KEY_CTRL('c') ||
        key == LL_KEY_CTRL('g')) {
        app->typing = false;
        app->typing_find = false;
        app->status[0] = '\0';
        return;
    }
    if (key == LL_KEY_ENTER) {
        app->typing = false;
        if (len == 0) {
            app->typing_find = false;
            app->status[0] = '\0';
            return;
        }
        if (app->typing_find) {
            app->typing_find = false;
            ll__app_find_run(app, app->input);
            return;
        }
        snprintf(app->search, sizeof app->search, "%s", app->input);
        lesson_find(app, app->scroll - 1, 1);
        return;
    }
    if (key == LL_KEY_BACKSPACE) {
        /* Drop one whole UTF-8 sequence. */
        while (len > 0 && ((unsigned char)app->input[len - 1] & 0xc0) == 0x80)
            len--;
        if (len > 0)
            len--;
        app->input[len] = '\0';
    } else if (key >= ' ' && key < 0x110000 && key != 127) {
        char enc[4];
        size_t k = ll_utf8_encode((uint32_t)key, enc);
        if (len + k < sizeof app->input) {
            memcpy(app->input + len, enc, k);
            app->input[len + k] = '\0';
        }
    }
    if (app->typing_find)
        ll_app_status(app, "Search the course: %s", app->input);
    else
        ll_app_status(app, "/%s", app->input);
}

bool
ll__app_lesson_apply(ll_app *app, ll_action a)
{
    if (app->toc_open) {
        switch (a) {
        case LL_ACT_UP:
            if (app->toc_sel > 0)
                app->toc_sel--;
            break;
        case LL_ACT_DOWN:
            if (app->toc_sel + 1 < app->ntoc)
                app->toc_sel++;
            break;
        case LL_ACT_TOP:
            app->toc_sel = 0;
            break;
        case LL_ACT_BOTTOM:
            app->toc_sel = app->ntoc ? app->ntoc - 1 : 0;
            break;
        case LL_ACT_OPEN: {
            int max = (int)app->doc.nlines - lesson_body(app);
            app->toc_open = false;
            if (app->toc_sel < app->ntoc) {
                app->scroll = app->toc[app->toc_sel].line;
                if (app->scroll > max)
                    app->scroll = max > 0 ? max : 0;
            }
            break;
        }
        default:
            break;
        }
        return true;
    }
    switch (a) {
    case LL_ACT_TOC:
        if (app->ntoc == 0) {
            ll_app_status(app, "This page has no headings.");
            return true;
        }
        app->toc_open = true;
        /* Focus the section being read. */
        app->toc_sel = 0;
        for (size_t i = 0; i < app->ntoc; i++)
            if (app->toc[i].line <= app->scroll + 1)
                app->toc_sel = i;
        return true;
    case LL_ACT_SEARCH:
        app->typing = true;
        app->input[0] = '\0';
        ll_app_status(app, "/");
        return true;
    case LL_ACT_SEARCH_NEXT:
    case LL_ACT_SEARCH_PREV:
        if (app->search[0] == '\0')
            return false;        /* no search: n / N turn pages */
        lesson_find(app, app->match_line >= 0 ? app->match_line
                                              : app->scroll - 1,
                    a == LL_ACT_SEARCH_NEXT ? 1 : -1);
        return true;
    default:
        return false;
    }
}
