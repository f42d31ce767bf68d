/* SPDX-License-Identifier: MIT
 * app/tui/view_help.c -- the key help overlay, generated from keys.c.
 *
 * A framed box over the current view listing every labelled binding of the
 * focused screen's context, in table order, so help never drifts from
 * what the keys do; keys that can do nothing on this screen (knob keys in
 * a replay) are left out.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

static const char *
help_ctx_name(ll_keyctx c)
{
    switch (c) {
    case LL_CTX_MAP:      return "course map";
    case LL_CTX_LESSON:   return "lesson page";
    case LL_CTX_MENU:     return "lesson menu";
    case LL_CTX_DEMO:     return "demo";
    case LL_CTX_EXERCISE: return "exercise";
    case LL_CTX_QUIZ:     return "quiz";
    case LL_CTX_TOC:      return "contents";
    case LL_CTX_PROGRESS: return "progress";
    case LL_CTX_CONFIRM:  return "question";
    default:              return "looplab";
    }
}

/* Whether a binding is listed: labelled, in the context, and able to do
 * something here (a replay or a demo without knobs has no knob to turn). */
static bool
help_listed(const ll_app *app, ll_keyctx ctx, const ll_binding *b)
{
    if (!(b->ctx & ctx) || !b->label)
        return false;
    if (b->action == LL_ACT_KNOB_NEXT || b->action == LL_ACT_KNOB_UP
        || b->action == LL_ACT_KNOB_DOWN)
        return app->demo != NULL && app->demo->nknobs > 0;
    return true;
}

void
ll_view_help_draw(const ll_app *app, ll_screen *s)
{
    ll_app tmp = *app;
    ll_keyctx ctx;
    const ll_binding *b;
    size_t n, i;
    int rows = 0, bw = 60, bh, bx, by, y;
    char title[64];

    tmp.help = false;
    ctx = ll_app_keyctx(&tmp);
    b = ll_keys_table(&n);
    for (i = 0; i < n; i++)
        if (help_listed(app, ctx, &b[i]))
            rows++;
    bh = rows + 4;
    if (bh > s->h - 2)
        bh = s->h - 2;
    bx = (s->w - bw) / 2;
    by = (s->h - bh) / 2;
    snprintf(title, sizeof title, " Keys: %s ", help_ctx_name(ctx));
    ll_view_box(app, s, bx, by, bw, bh, title);
    y = by + 2;
    for (i = 0; i < n && y < by + bh - 2; i++) {
        if (!help_listed(app, ctx, &b[i]))
            continue;
        ll_screen_put(s, bx + 3, y, b[i].label, LL_STYLE(LL_ATTR_BOLD, 0));
        ll_screen_putn(s, bx + 17, y, b[i].help, strlen(b[i].help), bw - 19,
                       LL_PLAIN);
        y++;
    }
    ll_screen_put(s, bx + 2, by + bh - 1, " i: how looplab works  d: glossary ",
                  LL_STYLE(LL_ATTR_DIM, 0));
    ll_screen_put(s, bx + bw - 22, by + bh - 1, " any key closes ",
                  LL_STYLE(LL_ATTR_DIM, 0));
    ll_screen_cursor(s, bx + 3, by + 2);
}

/* The orientation, shown on the first run and from help (i): how the
 * parts of the course fit together, in the order a student meets them. */
static const char *const intro_lines[] = {
    "Six weeks of Python concurrency: asyncio, threads, processes.",
    "",
    "1. Read a lesson: short pages, right here (Enter on the map).",
    "2. Run its demos: tasks, threads and processes drawn as a",
    "   timeline while they run.",
    "3. Solve its exercises in your own editor. Each has a file under",
    "   ~/looplab/ (e opens it). Save it and it is checked again at",
    "   once; h gives a hint, t replays your run as a timeline.",
    "4. Take its quiz. p shows your progress, kept between sessions.",
    "",
    "Checks run your code on a virtual clock: a program that sleeps",
    "30 s is graded in milliseconds, the same way on every run.",
    "",
    "? lists the keys of each screen; i there shows this again.",
};

void
ll_view_intro_draw(const ll_app *app, ll_screen *s)
{
    int n = (int)LL_COUNTOF(intro_lines), bw = 70, bh = n + 4, bx, by, i;

    if (bw > s->w - 2)
        bw = s->w - 2;
    if (bh > s->h - 2)
        bh = s->h - 2;
    bx = (s->w - bw) / 2;
    by = (s->h - bh) / 2;
    ll_view_box(app, s, bx, by, bw, bh, " How looplab works ");
    for (i = 0; i < n && 2 + i < bh - 2; i++)
        ll_screen_putn(s, bx + 3, by + 2 + i, intro_lines[i],
                       strlen(intro_lines[i]), bw - 5, LL_PLAIN);
    ll_screen_put(s, bx + bw - 22, by + bh - 1, " any key closes ",
                  LL_STYLE(LL_ATTR_DIM, 0));
    ll_screen_cursor(s, bx + 3, by + 2);
}
