/* SPDX-License-Identifier: MIT
 * app/tui/view.h -- pure draw functions: (const app state, screen) -> void.
 *
 * Every screen is drawn whole from app state into an ll_screen: a header
 * bar (row 0), the body, a status line (row h-2) and a footer of keys
 * (row h-1). Views never read files, never call the store, never keep
 * state; the same state draws the same screen, which is what the golden
 * tests rely on. Each view also places the screen's cursor on the focused
 * item (screen readers follow the cursor). State is always shown as glyph
 * plus word, never colour alone. Below 80x24 only the "too small" screen
 * is drawn.
 */
#ifndef LL_VIEW_H
#define LL_VIEW_H

#include "app.h"
#include "screen.h"

/* Clear s and draw whatever app shows (dispatches to the views below,
 * the help overlay, or the too-small screen). */
void ll_view_draw(const ll_app *app, ll_screen *s);

void ll_view_map_draw(const ll_app *app, ll_screen *s);
/* Rows of the map below the last lesson (weeks still to come): how far
 * the map scrolls past it. */
int  ll_view_map_tail(const ll_app *app);
void ll_view_lesson_draw(const ll_app *app, ll_screen *s);
void ll_view_menu_draw(const ll_app *app, ll_screen *s);
void ll_view_demo_draw(const ll_app *app, ll_screen *s);
void ll_view_exercise_draw(const ll_app *app, ll_screen *s);
void ll_view_quiz_draw(const ll_app *app, ll_screen *s);
void ll_view_help_draw(const ll_app *app, ll_screen *s);
/* "How looplab works": the first-run orientation (help's i). */
void ll_view_intro_draw(const ll_app *app, ll_screen *s);
void ll_view_progress_draw(const ll_app *app, ll_screen *s);
void ll_view_small_draw(const ll_app *app, ll_screen *s);
/* Course search results and the glossary (view_find.c); the detail
 * pane's width (the app lays a definition out for it) and the list's
 * visible rows. */
void ll_view_find_draw(const ll_app *app, ll_screen *s);
int  ll_view_find_detail_width(const ll_app *app);
int  ll_view_find_rows(const ll_app *app);

/* Rows of the exercise body (results, hints, statement) at the app's
 * width: the app clamps scrolling with it. */
int  ll_view_exercise_rows(const ll_app *app);
/* The body row where hint n (1-based, already shown) starts: where the
 * body scrolls when the student asks for it. */
int  ll_view_exercise_hint_row(const ll_app *app, int n);
/* The current question's height in rows (prompt, snippet, choices, and
 * once answered the explanation), and how many rows show at once: the
 * quiz scrolls when the first is larger. */
int  ll_view_quiz_rows(const ll_app *app);
int  ll_view_quiz_visible(const ll_app *app);

/* `looplab demo ID --plain`: the whole run as an ASCII timeline (one row
 * per task, # running, - waiting with the reason letter, . ready,
 * ! blocking the loop, * done, X error, / cancelled), its legend, then
 * every printed line with its virtual time. width is the line width (>=
 * 40 used).
 * Heap string, NULL on OOM. */
char *ll_view_timeline_plain(const ll_trace *trace, int width);

/* ---- shared by the views (view_common.c) ---- */

typedef enum ll_glyph {
    LL_G_OK, LL_G_FAIL, LL_G_STARTED, LL_G_NEW, LL_G_CURSOR, LL_G_SEP,
    LL_G_RULE, LL_G_PLAY, LL_G_PAUSE, LL_G_HINT, LL_G__COUNT
} ll_glyph;

/* The glyph in UTF-8 or its ASCII fallback (app->ascii). */
const char *ll_view_glyph(const ll_app *app, ll_glyph g);
/* A verdict in a student's words ("ran too long", not "TLE"). */
const char *ll_view_verdict_words(ll_verdict v);
/* Row 0: the title bar (left text, right text). */
void ll_view_header(const ll_app *app, ll_screen *s, const char *left,
                    const char *right);
/* Rows h-2 and h-1: app->status (or `fallback`) and the key footer. */
void ll_view_footer(const ll_app *app, ll_screen *s, const char *keys,
                    const char *fallback);
/* Text at (x, y) in at most maxw columns; when it does not fit, it is cut
 * at a character boundary and ends with "…" ("..." in ASCII), so a cut
 * title never looks whole. Returns the columns written. */
int  ll_view_clip(const ll_app *app, ll_screen *s, int x, int y,
                  const char *text, int maxw, ll_style st);
/* A horizontal rule across row y from x, w wide. */
/* A framed box at (bx, by), bw x bh, cleared inside, with a title on its
 * top edge (NULL: none): help, contents, the orientation. */
void ll_view_box(const ll_app *app, ll_screen *s, int bx, int by, int bw,
                 int bh, const char *title);
void ll_view_rule(const ll_app *app, ll_screen *s, int x, int y, int w);
/* Word-wrap text into w columns; rows [skip, skip + maxrows) are drawn at
 * (x, y...) when s is non-NULL. Returns the total rows the text takes. */
int  ll_view_wrap(ll_screen *s, int x, int y, int w, int skip, int maxrows,
                  const char *text, ll_style st);
/* A progress bar: w cells, done/all filled (█/░, or #/. in ASCII). */
void ll_view_bar(const ll_app *app, ll_screen *s, int x, int y, int w,
                 int done, int all);
/* Left margin of text bodies for the app's width. */
int  ll_view_margin(const ll_app *app);

#endif /* LL_VIEW_H */
