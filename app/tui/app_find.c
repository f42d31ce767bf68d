/* SPDX-License-Identifier: MIT
 * app/tui/app_find.c -- course-wide search and the glossary (LL_SCR_FIND).
 *
 * One list screen serves both: search results (pages, statements, quiz
 * questions, glossary entries; course/search.c) or glossary entries. From
 * a page, d lists the glossary terms on the lines in view, so a term in a
 * page leads to its entry. Enter opens a hit where it is (a page with its
 * in-page search on the query's longest word, an exercise, the lesson
 * menu at the quiz, an entry) or, on an entry, the lesson that teaches
 * it. q returns to the screen the search started from.
 */
#include "app_int.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

void
ll__app_find_close(ll_app *app)
{
    ll_hits_free(app->hits, app->nhits);
    app->hits = NULL;
    app->nhits = 0;
    ll_md_doc_close(&app->find_doc);
}

static size_t
find_count(const ll_app *app)
{
    return app->gloss ? app->ngl : app->nhits;
}

/* The focused glossary entry's definition, laid out for the detail pane
 * (view_find.c draws it there: the same width rule). */
void
ll__app_find_relayout(ll_app *app)
{
    const ll_glossary *g = app->course->glossary;
    ll_md_opts o = { 0, false };
    const ll_gloss_entry *e;

    ll_md_doc_close(&app->find_doc);
    if (!app->gloss || g == NULL || app->find_sel >= app->ngl)
        return;
    e = &g->e[app->gl[app->find_sel]];
    o.width = ll_view_find_detail_width(app);
    if (ll_md_render(e->def, strlen(e->def), &o, &app->find_doc) != LL_OK)
        memset(&app->find_doc, 0, sizeof app->find_doc);
}

static void
find_enter(ll_app *app)
{
    if (app->scr != LL_SCR_FIND)
        app->find_back = app->scr;
    app->scr = LL_SCR_FIND;
    app->find_sel = 0;
    app->find_top = 0;
}

void
ll__app_find_prompt(ll_app *app)
{
    app->typing = true;
    app->typing_find = true;
    app->input[0] = '\0';
    ll_app_status(app, "Search the course: ");
}

void
ll__app_find_run(ll_app *app, const char *query)
{
    int rc;

    ll__app_find_close(app);
    snprintf(app->find_query, sizeof app->find_query, "%s", query);
    rc = ll_course_search(app->course, app->course->glossary, query, 500,
                          &app->hits, &app->nhits, &app->hits_more);
    if (rc != LL_OK) {
        ll_app_status(app, "Cannot search: %s", ll_strerror(rc));
        return;
    }
    app->gloss = false;
    find_enter(app);
    if (app->nhits == 0)
        ll_app_status(app, "Nothing in the course matches: %s", query);
    else
        ll_app_status(app, "%zu match%s%s. Enter opens one.", app->nhits,
                      app->nhits == 1 ? "" : "es",
                      app->hits_more ? " (the first ones)" : "");
}

/* All entries, focusing `focus` (an entry index; SIZE_MAX: the first). */
static void
find_glossary_all(ll_app *app, size_t focus)
{
    const ll_glossary *g = app->course->glossary;
    size_t i;

    app->ngl = 0;
    for (i = 0; g && i < g->n && app->ngl < LL_COUNTOF(app->gl); i++)
        app->gl[app->ngl++] = i;
    app->gloss = true;
    app->gloss_here = false;
    find_enter(app);
    for (i = 0; i < app->ngl; i++)
        if (app->gl[i] == focus)
            app->find_sel = i;
}

void
ll__app_glossary(ll_app *app)
{
    const ll_glossary *g = app->course->glossary;

    if (g == NULL || g->n == 0) {
        ll_app_status(app, "This course has no glossary.");
        return;
    }
    ll__app_find_close(app);
    if (app->scr == LL_SCR_LESSON && app->doc.nlines > 0) {
        /* The terms on the lines in view. */
        ll_buf text;
        int body = app->h - 4, i;
        ll_buf_init(&text);
        for (i = 0; i < body && app->scroll + i < (int)app->doc.nlines; i++) {
            ll_buf_adds(&text, app->doc.lines[app->scroll + i].text);
            ll_buf_adds(&text, "\n");
        }
        app->ngl = ll_glossary_in_text(g, text.data ? text.data : "",
                                       app->gl, LL_COUNTOF(app->gl));
        ll_buf_close(&text);
        if (app->ngl > 0) {
            app->gloss = true;
            app->gloss_here = true;
            find_enter(app);
            ll__app_find_relayout(app);
            ll_app_status(app, "%zu term%s on this screen; d: the whole "
                          "glossary", app->ngl, app->ngl == 1 ? "" : "s");
            return;
        }
        find_glossary_all(app, SIZE_MAX);
        ll_app_status(app, "No glossary term on this screen: the whole "
                      "glossary.");
        ll__app_find_relayout(app);
        return;
    }
    find_glossary_all(app, SIZE_MAX);
    ll__app_find_relayout(app);
}

/* The query's longest word: what the page's own search looks for. */
static void
find_longest_word(const char *q, char *out, size_t cap)
{
    size_t best = 0, i = 0;

    out[0] = '\0';
    while (q[i]) {
        size_t k;
        while (q[i] == ' ')
            i++;
        for (k = 0; q[i + k] && q[i + k] != ' '; k++)
            ;
        if (k > best && k < cap) {
            memcpy(out, q + i, k);
            out[k] = '\0';
            best = k;
        }
        i += k;
    }
}

/* Open the first page of lesson l that mentions word, at the mention. */
static void
find_open_lesson(ll_app *app, const ll_lesson *l, const char *word)
{
    size_t p, at = 0;

    for (p = 0; p < l->npages; p++) {
        char *text = NULL;
        bool hit = false;
        if (ll_read_file(l->pages[p].path, &text, NULL) == LL_OK)
            hit = ll_app_match(text, word) >= 0;
        ll_free(text);
        if (hit) {
            at = p;
            break;
        }
    }
    ll__app_enter_page(app, l, at);
    if (app->scr == LL_SCR_LESSON)
        ll__app_lesson_find_word(app, word);
}

static void
find_open(ll_app *app)
{
    const ll_glossary *g = app->course->glossary;

    if (app->find_sel >= find_count(app))
        return;
    if (app->gloss) {
        const ll_gloss_entry *e = &g->e[app->gl[app->find_sel]];
        const ll_lesson *l = e->nlessons > 0
                             ? ll_course_lesson(app->course, e->lessons[0])
                             : NULL;
        if (l == NULL) {
            ll_app_status(app, "No lesson is named for %s.", e->term);
            return;
        }
        find_open_lesson(app, l, e->names[0]);
        return;
    }
    {
        const ll_hit *h = &app->hits[app->find_sel];
        char word[64];
        switch (h->kind) {
        case LL_HIT_GLOSSARY:
            find_glossary_all(app, h->index);
            ll__app_find_relayout(app);
            break;
        case LL_HIT_PAGE:
            find_longest_word(app->find_query, word, sizeof word);
            ll__app_enter_page(app, h->lesson, h->index);
            if (app->scr == LL_SCR_LESSON && word[0])
                ll__app_lesson_find_word(app, word);
            break;
        case LL_HIT_STATEMENT:
            ll__app_enter_menu(app, h->lesson);
            ll__app_enter_exercise(app, &h->lesson->exercises[h->index]);
            break;
        case LL_HIT_QUIZ:
            ll__app_enter_menu(app, h->lesson);
            app->menu_sel = app->nmenu ? app->nmenu - 1 : 0;
            ll_app_status(app, "The quiz is the last item: Enter takes it.");
            break;
        }
    }
}

void
ll__app_find_apply(ll_app *app, ll_action a)
{
    size_t n = find_count(app), old = app->find_sel;
    int rows = ll_view_find_rows(app);

    switch (a) {
    case LL_ACT_UP:
        if (app->find_sel > 0)
            app->find_sel--;
        break;
    case LL_ACT_DOWN:
        if (app->find_sel + 1 < n)
            app->find_sel++;
        break;
    case LL_ACT_TOP:
        app->find_sel = 0;
        break;
    case LL_ACT_BOTTOM:
        app->find_sel = n ? n - 1 : 0;
        break;
    case LL_ACT_OPEN:
        find_open(app);
        return;
    default:
        return;
    }
    if ((int)app->find_sel < app->find_top)
        app->find_top = (int)app->find_sel;
    if ((int)app->find_sel >= app->find_top + rows)
        app->find_top = (int)app->find_sel - rows + 1;
    if (app->find_sel != old)
        ll__app_find_relayout(app);
}
