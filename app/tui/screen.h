/* SPDX-License-Identifier: MIT
 * app/tui/screen.h -- the in-memory screen every view draws into.
 *
 * A screen is a w x h grid of cells. A cell holds one Unicode code point,
 * its display width (1, or 2 for East Asian wide characters; the cell to the
 * right of a wide character is a continuation cell with ch == 0), a set of
 * attributes and one colour role. Colour is a role ("heading", "ok"), never
 * an RGB value: the terminal sink (term_curses.c) maps roles to colour pairs,
 * or to nothing under NO_COLOR, so views must never rely on colour alone.
 * Views are pure functions (app state, screen) -> void; tests render screens
 * to text with ll_screen_to_text() and diff them against golden files.
 * Not thread-safe; one screen per thread.
 */
#ifndef LL_SCREEN_H
#define LL_SCREEN_H

#include "engine/base.h"

/* Attribute bits (combine with |). */
enum {
    LL_ATTR_BOLD      = 1u << 0,
    LL_ATTR_DIM       = 1u << 1,
    LL_ATTR_REVERSE   = 1u << 2,
    LL_ATTR_UNDERLINE = 1u << 3
};

/* Colour roles. NONE is the terminal's default colours. */
typedef enum ll_role {
    LL_ROLE_NONE = 0,
    LL_ROLE_HEADING,   /* titles, headings */
    LL_ROLE_CODE,      /* code blocks and inline code */
    LL_ROLE_OK,        /* passed, done, correct */
    LL_ROLE_FAIL,      /* failed, wrong, errors */
    LL_ROLE_ACCENT,    /* cursor, in progress, links, "now" */
    LL_ROLE_WARN,      /* waiting, hints */
    LL_ROLE__COUNT
} ll_role;

typedef struct ll_style {
    uint8_t attr;      /* LL_ATTR_* bits */
    uint8_t role;      /* ll_role */
} ll_style;

#define LL_STYLE(a, r) ((ll_style){ (uint8_t)(a), (uint8_t)(r) })
#define LL_PLAIN       LL_STYLE(0, LL_ROLE_NONE)

typedef struct ll_cell {
    uint32_t ch;       /* code point; ' ' when blank; 0 = right half of a wide char */
    uint8_t  width;    /* 1 or 2 (0 on a continuation cell) */
    uint8_t  attr;
    uint8_t  role;
} ll_cell;

typedef struct ll_screen {
    int      w, h;
    ll_cell *cells;    /* h rows of w cells */
    int      cur_x, cur_y;  /* where the terminal cursor goes (the focused item) */
} ll_screen;

/* New blank screen of w x h (either may be 0). LL_OK / LL_ENOMEM;
 * *out NULL on failure. */
int  ll_screen_new(int w, int h, ll_screen **out);
void ll_screen_free(ll_screen *s);

/* Change the size and clear. On LL_ENOMEM the screen keeps its old size. */
int  ll_screen_resize(ll_screen *s, int w, int h);
/* Blank every cell, reset the cursor to 0,0. */
void ll_screen_clear(ll_screen *s);

/* Write UTF-8 text at (x, y) with style st, clipped to the row; control
 * characters are skipped, a tab becomes one space, zero-width code points
 * are dropped, invalid bytes become U+FFFD. A wide character that would
 * cross the right edge is not drawn. Returns the number of columns written.
 * ll_screen_putn writes at most n bytes and at most maxcols columns
 * (maxcols < 0: up to the row's end). */
int  ll_screen_put(ll_screen *s, int x, int y, const char *utf8, ll_style st);
int  ll_screen_putn(ll_screen *s, int x, int y, const char *utf8, size_t n,
                    int maxcols, ll_style st);
/* printf, then ll_screen_put. */
int  ll_screen_printf(ll_screen *s, int x, int y, ll_style st,
                      const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Fill w x h cells from (x, y) with code point ch (width 1) and style st. */
void ll_screen_fill(ll_screen *s, int x, int y, int w, int h, uint32_t ch,
                    ll_style st);
/* Add attribute bits (and, when role != NONE, set the role) on n cells of
 * row y from x, keeping their text: used to highlight a selected row. */
void ll_screen_restyle(ll_screen *s, int x, int y, int n, uint8_t attr,
                       ll_role role);
/* The cell at (x, y), or NULL when outside. */
const ll_cell *ll_screen_cell(const ll_screen *s, int x, int y);
void ll_screen_cursor(ll_screen *s, int x, int y);

/* The screen as UTF-8 text: one line per row, trailing blanks trimmed,
 * each ending in '\n'. Heap string (ll_free), NULL on OOM. */
char *ll_screen_to_text(const ll_screen *s);

/* ---- UTF-8 helpers shared by the ui modules ---- */

/* Decode one code point from s (at most n bytes); sets *cp (U+FFFD on a
 * malformed sequence) and returns the bytes consumed (>= 1 when n >= 1). */
size_t ll_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Append the UTF-8 encoding of cp to buf (at least 4 bytes); returns length. */
size_t ll_utf8_encode(uint32_t cp, char *buf);
/* Display columns of one code point: 0 for controls and combining marks,
 * 2 for wide characters, else 1 (wcwidth(), with a fallback of 1 when the
 * locale cannot tell). */
int    ll_cp_width(uint32_t cp);
/* Display columns of n bytes of UTF-8 text. */
int    ll_utf8_width(const char *s, size_t n);
/* Bytes of s (n bytes) that fit in maxcols columns. */
size_t ll_utf8_fit(const char *s, size_t n, int maxcols);
/* The word at s (up to a space or n bytes) measured only as far as
 * maxcols columns: returns the bytes that fit, *cols their width. The word
 * fits whole when the result reaches n or a space. Wrapping with this is
 * linear: a word is never measured past the room left on the row. */
size_t ll_utf8_fit_word(const char *s, size_t n, int maxcols, int *cols);

#endif /* LL_SCREEN_H */
