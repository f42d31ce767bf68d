/* SPDX-License-Identifier: MIT
 * app/tui/view_exercise.c -- an exercise: your file, checks, hints, task.
 *
 * Fixed rows at the top say where the student's file is and how it stands
 * (passed or not, attempts, hints). Below, one scrolling body: the last
 * check's results (what to fix first, such as a never-awaited coroutine;
 * then each check ✓ PASS / ✗ FAIL with its message and the hint it names,
 * then the "N passed, N failed" line), the hints shown so far, then the
 * statement.
 * Results come first because after pressing c that is what you look for.
 * exercise_body() both counts and draws the body so scrolling limits and
 * drawing cannot disagree.
 */
#include "view.h"
#include "grader/check.h"

#include <stdio.h>
#include <string.h>

typedef struct ex_out {
    ll_screen *s;      /* NULL: only count */
    int x, y, w, h;    /* the body rectangle */
    int top;           /* first body row shown */
    int row;           /* next body row */
    int want_hint;     /* 1-based hint whose first row to note (0 none) */
    int hint_row;      /* that row */
} ex_out;

/* The view keeps this much of one text (a check message quoting a
 * student's 1 MB line, say): the body is counted and drawn at every key,
 * so its cost must not grow with the output. The rest is announced. */
#define EX_TEXT_MAX (32u << 10)

static void ex_text_all(ex_out *o, int indent, const char *text, ll_style st);

static void
ex_text(ex_out *o, int indent, const char *text, ll_style st)
{
    size_t n = strlen(text), keep = EX_TEXT_MAX;
    char *cut, more[160];

    if (n <= EX_TEXT_MAX) {
        ex_text_all(o, indent, text, st);
        return;
    }
    while (keep > 0 && ((unsigned char)text[keep] & 0xC0) == 0x80)
        keep--;                           /* on a code point boundary */
    cut = ll_strndup(text, keep);
    ex_text_all(o, indent, cut ? cut : "", st);
    ll_free(cut);
    snprintf(more, sizeof more, "... %zu more bytes not shown here (run "
             "`looplab check` in a terminal to see them all)", n - keep);
    ex_text_all(o, indent, more, LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
}

static void
ex_text_all(ex_out *o, int indent, const char *text, ll_style st)
{
    int n = ll_view_wrap(NULL, 0, 0, o->w - indent, 0, 0, text, st), skip;

    if (o->s != NULL) {
        /* Draw the part of these rows that falls inside the window. */
        skip = o->top > o->row ? o->top - o->row : 0;
        if (skip < n && o->row + skip - o->top < o->h)
            ll_view_wrap(o->s, o->x + indent, o->y + o->row + skip - o->top,
                         o->w - indent, skip, o->h - (o->row + skip - o->top),
                         text, st);
    }
    o->row += n;
}

static void
ex_span(ex_out *o, int col, const char *text, ll_style st)
{
    /* A short piece on the current row (no wrapping, no advance). */
    if (o->s != NULL && o->row >= o->top && o->row - o->top < o->h)
        ll_screen_putn(o->s, o->x + col, o->y + o->row - o->top, text,
                       strlen(text), o->w - col, st);
}

/* Under a failed check, the hint it names: its text once shown (the
 * hints stay progressive, on request), else where to get it (h). */
static void
ex_check_hint(const ll_app *app, ex_out *o, const ll_check_result *c)
{
    char *t;

    if (c->passed || c->hint <= 0 || (size_t)c->hint > app->ex->nhints)
        return;
    if (c->hint <= app->hints) {
        t = ll_asprintf("%s Hint %d: %s", ll_view_glyph(app, LL_G_HINT),
                        c->hint, app->ex->hints[c->hint - 1]);
        ex_text(o, 10, t ? t : "", LL_STYLE(0, LL_ROLE_ACCENT));
    } else {
        t = ll_asprintf("%s Hint %d may help: press h",
                        ll_view_glyph(app, LL_G_HINT), c->hint);
        ex_text(o, 10, t ? t : "", LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
    }
    ll_free(t);
}

static void
exercise_body(const ll_app *app, ex_out *o)
{
    const ll_exercise *ex = app->ex;
    const ll_result *r = &app->result;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char line[160];
    size_t i;

    if (app->have_result) {
        bool pass = r->verdict == LL_VERDICT_PASS;
        snprintf(line, sizeof line, "Last check: %s %s",
                 ll_view_glyph(app, pass ? LL_G_OK : LL_G_FAIL),
                 ll_view_verdict_words(r->verdict));
        ex_text(o, 0, line, LL_STYLE(LL_ATTR_BOLD,
                                     pass ? LL_ROLE_OK : LL_ROLE_FAIL));
        if (r->python && *r->python) {
            snprintf(line, sizeof line, "ran on Python %s; the course is "
                     "graded with Debian's python3 %s", r->python,
                     LL_CHECK_DEFAULT_PYTHON_VERSION);
            ex_text(o, 2, line, dim);
        }
        /* what to fix first, before the checks it explains */
        if (r->notice && *r->notice) {
            ex_text(o, 2, "First, fix this:", LL_STYLE(LL_ATTR_BOLD,
                                                       LL_ROLE_FAIL));
            ex_text(o, 4, r->notice, LL_STYLE(0, LL_ROLE_FAIL));
        }
        if (r->error && *r->error)
            ex_text(o, 2, r->error, LL_STYLE(0, LL_ROLE_FAIL));
        for (i = 0; i < r->nchecks; i++) {
            const ll_check_result *c = &r->checks[i];
            snprintf(line, sizeof line, "%s %s",
                     ll_view_glyph(app, c->passed ? LL_G_OK : LL_G_FAIL),
                     c->passed ? "PASS" : "FAIL");
            ex_span(o, 2, line, LL_STYLE(LL_ATTR_BOLD, c->passed
                                         ? LL_ROLE_OK : LL_ROLE_FAIL));
            ex_text(o, 10, c->name, LL_PLAIN);
            if (!c->passed && c->hidden)
                ex_text(o, 10, "(a hidden check: details are not shown)",
                        dim);
            else if (!c->passed && c->message && *c->message)
                ex_text(o, 10, c->message, LL_STYLE(0, LL_ROLE_WARN));
            ex_check_hint(app, o, c);
        }
        snprintf(line, sizeof line, "%zu passed, %zu failed",
                 ll_result_passed(r), r->nchecks - ll_result_passed(r));
        ex_text(o, 0, line, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_NONE));
        o->row++;
    }
    for (i = 0; i < (size_t)app->hints && i < ex->nhints; i++) {
        if ((int)i + 1 == o->want_hint)
            o->hint_row = o->row;
        snprintf(line, sizeof line, "%s Hint %zu of %zu",
                 ll_view_glyph(app, LL_G_HINT), i + 1, ex->nhints);
        ex_text(o, 0, line, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_WARN));
        ex_text(o, 2, ex->hints[i], LL_PLAIN);
        o->row++;
    }
    /* The statement, already laid out by the app for this width. */
    if (o->s != NULL) {
        int first = o->top - o->row, y = o->row - o->top;
        if (first < 0)
            first = 0;
        if (y < 0)
            y = 0;
        if (y < o->h && (size_t)first < app->stmt.nlines)
            ll_md_draw(&app->stmt, (size_t)first, o->s, o->x, o->y + y,
                       o->w, o->h - y);
    }
    o->row += (int)app->stmt.nlines;
    /* The reference, once asked for (only possible after passing). */
    if (app->solution.nlines > 0) {
        o->row++;
        if (o->s != NULL) {
            int first = o->top - o->row, y = o->row - o->top;
            if (first < 0)
                first = 0;
            if (y < 0)
                y = 0;
            if (y < o->h && (size_t)first < app->solution.nlines)
                ll_md_draw(&app->solution, (size_t)first, o->s, o->x,
                           o->y + y, o->w, o->h - y);
        }
        o->row += (int)app->solution.nlines;
    }
}

int
ll_view_exercise_rows(const ll_app *app)
{
    ex_out o = { .w = ll_app_text_width(app->w) };

    if (app->ex == NULL)
        return 0;
    exercise_body(app, &o);
    return o.row;
}

int
ll_view_exercise_hint_row(const ll_app *app, int n)
{
    ex_out o = { .w = ll_app_text_width(app->w), .want_hint = n };

    if (app->ex == NULL)
        return 0;
    exercise_body(app, &o);
    return o.hint_row;
}

void
ll_view_exercise_draw(const ll_app *app, ll_screen *s)
{
    const ll_exercise *ex = app->ex;
    const ll_style dim = LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE);
    char left[160], line[200];
    int x = ll_view_margin(app), w = ll_app_text_width(app->w);
    ex_out o;

    snprintf(left, sizeof left, "looplab %s exercise %s: %s",
             ll_view_glyph(app, LL_G_SEP), ex->id, ex->title);
    snprintf(line, sizeof line, "%s%s", ll_ex_kind_name(ex->kind),
             ex->optional ? ", optional" : "");
    ll_view_header(app, s, left, line);
    ll_screen_put(s, x, 2, "Your file:", dim);
    ll_screen_put(s, x + 11, 2, app->ws_path ? app->ws_path : "(none)",
                  LL_STYLE(LL_ATTR_BOLD, LL_ROLE_CODE));
    ll_screen_put(s, x, 3, "Status:", dim);
    if (app->passed)
        snprintf(line, sizeof line, "%s passed", ll_view_glyph(app, LL_G_OK));
    else
        snprintf(line, sizeof line, "%s not passed yet",
                 ll_view_glyph(app, app->attempts ? LL_G_FAIL : LL_G_NEW));
    {
        int sw = ll_screen_put(s, x + 11, 3, line, LL_STYLE(LL_ATTR_BOLD,
                               app->passed ? LL_ROLE_OK : LL_ROLE_NONE));
        snprintf(line, sizeof line, "  %s %d attempt%s %s hints %d/%zu "
                 "%s ", ll_view_glyph(app, LL_G_NEW), app->attempts,
                 app->attempts == 1 ? "" : "s", ll_view_glyph(app, LL_G_NEW),
                 app->hints, ex->nhints, ll_view_glyph(app, LL_G_NEW));
        sw += ll_screen_put(s, x + 11 + sw, 3, line, dim);
        /* Watch mode in words: "watching" alone would be easy to miss. */
        ll_screen_put(s, x + 11 + sw, 3, app->watch ? "watch on (w)"
                      : "watch off (w)", app->watch
                      ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT) : dim);
    }
    ll_view_rule(app, s, x, 4, w);
    o = (ex_out){ .s = s, .x = x, .y = 5, .w = w, .h = s->h - 3 - 5,
                  .top = app->ex_scroll };
    exercise_body(app, &o);
    ll_view_footer(app, s, app->confirm_reset
                   ? "y reset (your file is backed up)  n/Esc keep it"
                   : "e edit  c check  h hint  w watch  x reset  s solution  "
                     "t my run  ? help  q back",
                   app->passed ? "Passed. s: the reference solution, t: your "
                   "run, q: back." : app->watch ? "Edit your file in any "
                   "editor (or e): each save is checked." : "Edit your file "
                   "(e), then check it (c).");
    ll_screen_cursor(s, x, 5);
}
