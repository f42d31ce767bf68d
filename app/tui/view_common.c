/* SPDX-License-Identifier: MIT
 * app/tui/view_common.c -- the frame every view shares, and dispatch.
 *
 * Header bar, status line, key footer, rules, glyphs with their ASCII
 * fallbacks, and a word-wrapper for plain strings (check messages, hints).
 * ll_view_draw picks the view from app->scr; help is an overlay drawn on
 * top of the current view; the too-small screen replaces everything.
 */
#include "view.h"

#include <stdio.h>
#include <string.h>

static const char *const view_glyphs[LL_G__COUNT][2] = {
    [LL_G_OK]      = { "✓", "+" },
    [LL_G_FAIL]    = { "✗", "x" },
    [LL_G_STARTED] = { "◐", "~" },
    [LL_G_NEW]     = { "·", "-" },
    [LL_G_CURSOR]  = { "▸", ">" },
    [LL_G_SEP]     = { "›", ">" },
    [LL_G_RULE]    = { "─", "-" },
    [LL_G_PLAY]    = { "▶", ">" },
    [LL_G_PAUSE]   = { "‖", "=" },
    [LL_G_HINT]    = { "◆", "*" },
};

const char *
ll_view_verdict_words(ll_verdict v)
{
    switch (v) {
    case LL_VERDICT_PASS:     return "passed";
    case LL_VERDICT_FAIL:     return "not passed yet";
    case LL_VERDICT_RE:       return "your program stopped with an error";
    case LL_VERDICT_OLE:      return "your program printed too much";
    case LL_VERDICT_MLE:      return "your program used too much memory";
    case LL_VERDICT_TLE:      return "your program ran too long";
    case LL_VERDICT_INTERNAL: return "a looplab problem (not your fault)";
    }
    return "checked";
}

const char *
ll_view_glyph(const ll_app *app, ll_glyph g)
{
    return view_glyphs[g][app->ascii ? 1 : 0];
}

int
ll_view_margin(const ll_app *app)
{
    int m = (app->w - ll_app_text_width(app->w)) / 2;
    return m < 2 ? 2 : m;
}

void
ll_view_header(const ll_app *app, ll_screen *s, const char *left,
               const char *right)
{
    const ll_style bar = LL_STYLE(LL_ATTR_REVERSE | LL_ATTR_BOLD,
                                  LL_ROLE_HEADING);
    int rw = right ? ll_utf8_width(right, strlen(right)) : 0;

    ll_screen_fill(s, 0, 0, s->w, 1, ' ', bar);
    ll_view_clip(app, s, 1, 0, left, s->w - rw - 4, bar);
    if (right)
        ll_screen_put(s, s->w - rw - 1, 0, right, bar);
}

int
ll_view_clip(const ll_app *app, ll_screen *s, int x, int y, const char *text,
             int maxw, ll_style st)
{
    const char *dots = app->ascii ? "..." : "…";
    size_t n = text ? strlen(text) : 0, k;
    int dw = ll_utf8_width(dots, strlen(dots));

    if (maxw <= 0 || n == 0)
        return 0;
    if (ll_utf8_width(text, n) <= maxw)
        return ll_screen_putn(s, x, y, text, n, maxw, st);
    if (maxw <= dw)       /* no room for a word: the mark alone says "cut" */
        return ll_screen_putn(s, x, y, dots, strlen(dots), maxw, st);
    k = ll_utf8_fit(text, n, maxw - dw);
    while (k > 0 && text[k - 1] == ' ')
        k--;              /* "overlap, …" not "overlap,  …" */
    k = (size_t)ll_screen_putn(s, x, y, text, k, maxw - dw, st);
    return (int)k + ll_screen_put(s, x + (int)k, y, dots, st);
}

void
ll_view_footer(const ll_app *app, ll_screen *s, const char *keys,
               const char *fallback)
{
    const char *msg = app->status[0] ? app->status : fallback;

    if (msg && *msg)
        ll_screen_put(s, 1, s->h - 2, msg,
                      app->status[0] ? LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT)
                                     : LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
    ll_screen_fill(s, 0, s->h - 1, s->w, 1, ' ',
                   LL_STYLE(LL_ATTR_REVERSE, LL_ROLE_NONE));
    ll_screen_put(s, 1, s->h - 1, keys,
                  LL_STYLE(LL_ATTR_REVERSE, LL_ROLE_NONE));
}

void
ll_view_box(const ll_app *app, ll_screen *s, int bx, int by, int bw, int bh,
            const char *title)
{
    const ll_style frame = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT);

    ll_screen_fill(s, bx, by, bw, bh, ' ', LL_PLAIN);
    for (int c = 1; c < bw - 1; c++) {
        ll_screen_put(s, bx + c, by, app->ascii ? "-" : "─", frame);
        ll_screen_put(s, bx + c, by + bh - 1, app->ascii ? "-" : "─", frame);
    }
    for (int r = 1; r < bh - 1; r++) {
        ll_screen_put(s, bx, by + r, app->ascii ? "|" : "│", frame);
        ll_screen_put(s, bx + bw - 1, by + r, app->ascii ? "|" : "│", frame);
    }
    ll_screen_put(s, bx, by, app->ascii ? "+" : "┌", frame);
    ll_screen_put(s, bx + bw - 1, by, app->ascii ? "+" : "┐", frame);
    ll_screen_put(s, bx, by + bh - 1, app->ascii ? "+" : "└", frame);
    ll_screen_put(s, bx + bw - 1, by + bh - 1, app->ascii ? "+" : "┘", frame);
    if (title != NULL)
        ll_screen_put(s, bx + 2, by, title, LL_STYLE(LL_ATTR_BOLD,
                                                      LL_ROLE_HEADING));
}

void
ll_view_rule(const ll_app *app, ll_screen *s, int x, int y, int w)
{
    for (int i = 0; i < w; i++)
        ll_screen_put(s, x + i, y, ll_view_glyph(app, LL_G_RULE),
                      LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
}

int
ll_view_wrap(ll_screen *s, int x, int y, int w, int skip, int maxrows,
             const char *text, ll_style st)
{
    size_t n = text ? strlen(text) : 0, i = 0, j, end, nl = 0;
    int row = 0, col;
    bool have_nl = false;

    if (w < 1)
        return 0;
    while (i < n) {
        /* One output row: words while they fit, a long word cut. The end
         * of the source line is found once per line and a word measured
         * only as far as the room left: linear (a 1 MB line used to be
         * rescanned for every row, ~30 s in the exercise view). */
        if (!have_nl || nl < i) {
            for (nl = i; nl < n && text[nl] != '\n'; nl++)
                ;
            have_nl = true;
        }
        end = i;
        col = 0;
        j = i;
        while (j < nl) {
            /* The gap is the spaces actually there (legends use two). */
            size_t gap = end > i ? j - end : 0, k = j;
            long room = (long)w - col - (long)gap;
            int ww = 0;
            if (room >= 0)
                k = j + ll_utf8_fit_word(text + j, nl - j, (int)room, &ww);
            if (room >= 0 && (k >= nl || text[k] == ' ')) {
                col += (int)gap + ww;
                end = k;
                for (j = k; j < nl && text[j] == ' '; j++)
                    ;
                continue;
            }
            if (end == i) {
                /* The first word: cut it, counting the row's leading
                 * spaces (only a text's or a line's first row has any). */
                size_t lead = j - i;
                int cw;
                end = lead > (size_t)w ? i + (size_t)w
                    : j + ll_utf8_fit_word(text + j, nl - j, w - (int)lead,
                                           &cw);
            }
            if (end == i)
                end = i + 1;
            break;
        }
        if (s != NULL && row >= skip && row < skip + maxrows)
            ll_screen_putn(s, x, y + row - skip, text + i, end - i, w, st);
        row++;
        i = end;
        while (i < nl && text[i] == ' ')
            i++;
        if (i == nl && nl < n)
            i = nl + 1;     /* the newline ends this row */
    }
    return row;
}

void
ll_view_small_draw(const ll_app *app, ll_screen *s)
{
    char line[96];
    int y = s->h / 2 - 1, x;

    (void)app;
    snprintf(line, sizeof line, "Terminal too small: need %dx%d, have %dx%d",
             LL_APP_MIN_W, LL_APP_MIN_H, s->w, s->h);
    x = (s->w - (int)strlen(line)) / 2;
    ll_screen_put(s, x < 0 ? 0 : x, y, line,
                  LL_STYLE(LL_ATTR_BOLD, LL_ROLE_WARN));
    x = (s->w - 32) / 2;
    ll_screen_put(s, x < 0 ? 0 : x, y + 2, "Make the window larger, or q to "
                  "quit.", LL_STYLE(LL_ATTR_DIM, LL_ROLE_NONE));
    ll_screen_cursor(s, 0, 0);
}

void
ll_view_draw(const ll_app *app, ll_screen *s)
{
    ll_screen_clear(s);
    if (s->w < LL_APP_MIN_W || s->h < LL_APP_MIN_H) {
        ll_view_small_draw(app, s);
        return;
    }
    switch (app->scr) {
    case LL_SCR_MAP:      ll_view_map_draw(app, s); break;
    case LL_SCR_LESSON:   ll_view_lesson_draw(app, s); break;
    case LL_SCR_MENU:     ll_view_menu_draw(app, s); break;
    case LL_SCR_DEMO:     ll_view_demo_draw(app, s); break;
    case LL_SCR_EXERCISE: ll_view_exercise_draw(app, s); break;
    case LL_SCR_QUIZ:     ll_view_quiz_draw(app, s); break;
    case LL_SCR_PROGRESS: ll_view_progress_draw(app, s); break;
    case LL_SCR_FIND:     ll_view_find_draw(app, s); break;
    }
    if (app->help)
        ll_view_help_draw(app, s);
    if (app->intro)
        ll_view_intro_draw(app, s);
}
