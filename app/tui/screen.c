/* SPDX-License-Identifier: MIT
 * app/tui/screen.c -- the in-memory cell grid views draw into.
 *
 * Like tmux's grid: a flat array of cells, rows of w cells. A wide
 * character occupies its cell plus a continuation cell (ch == 0) to the
 * right; overwriting either half blanks the other, so the grid never holds
 * half a character. Text is decoded here (not with mbrtowc) so the result
 * does not depend on the locale; only the width lookup consults wcwidth().
 */
#include "screen.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static const ll_cell ll_screen_blank = { ' ', 1, 0, 0 };

int
ll_screen_new(int w, int h, ll_screen **out)
{
    ll_screen *s;

    *out = NULL;
    s = ll_calloc(1, sizeof *s);
    if (s == NULL)
        return LL_ENOMEM;
    if (ll_screen_resize(s, w, h) != LL_OK) {
        ll_free(s);
        return LL_ENOMEM;
    }
    *out = s;
    return LL_OK;
}

void
ll_screen_free(ll_screen *s)
{
    if (s == NULL)
        return;
    ll_free(s->cells);
    ll_free(s);
}

int
ll_screen_resize(ll_screen *s, int w, int h)
{
    ll_cell *cells;
    size_t n;

    if (w < 0)
        w = 0;
    if (h < 0)
        h = 0;
    n = (size_t)w * (size_t)h;
    cells = ll_malloc(n ? n * sizeof *cells : 1);
    if (cells == NULL)
        return LL_ENOMEM;
    ll_free(s->cells);
    s->cells = cells;
    s->w = w;
    s->h = h;
    ll_screen_clear(s);
    return LL_OK;
}

void
ll_screen_clear(ll_screen *s)
{
    size_t i, n = (size_t)s->w * (size_t)s->h;

    for (i = 0; i < n; i++)
        s->cells[i] = ll_screen_blank;
    s->cur_x = s->cur_y = 0;
}

const ll_cell *
ll_screen_cell(const ll_screen *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h)
        return NULL;
    return &s->cells[(size_t)y * (size_t)s->w + (size_t)x];
}

static ll_cell *
ll_screen_at(ll_screen *s, int x, int y)
{
    return (ll_cell *)ll_screen_cell(s, x, y);
}

void
ll_screen_cursor(ll_screen *s, int x, int y)
{
    s->cur_x = x < 0 ? 0 : (x >= s->w ? (s->w ? s->w - 1 : 0) : x);
    s->cur_y = y < 0 ? 0 : (y >= s->h ? (s->h ? s->h - 1 : 0) : y);
}

/* {==== UTF-8 ====} */

size_t
ll_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)str;
    uint32_t c;
    size_t len, i;

    if (n == 0) {
        *cp = 0;
        return 0;
    }
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xE0) == 0xC0) {
        len = 2;
        c = p[0] & 0x1F;
    } else if ((p[0] & 0xF0) == 0xE0) {
        len = 3;
        c = p[0] & 0x0F;
    } else if ((p[0] & 0xF8) == 0xF0) {
        len = 4;
        c = p[0] & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (p[i] & 0x3F);
    }
    /* Reject overlong forms, surrogates and out-of-range values. */
    if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
        (len == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return len;
    }
    *cp = c;
    return len;
}

size_t
ll_utf8_encode(uint32_t cp, char *buf)
{
    unsigned char *b = (unsigned char *)buf;

    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    b[0] = (unsigned char)(0xF0 | (cp >> 18));
    b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    b[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The main East Asian Wide / Fullwidth blocks, for when wcwidth() cannot
 * tell (a non-UTF-8 locale): keeps golden screens stable in the C locale. */
static int
ll_cp_is_wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
           (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

int
ll_cp_width(uint32_t cp)
{
    int w;

    if (cp < 0x20 || cp == 0x7F)
        return 0;
    if (cp < 0x7F)
        return 1;
    if (cp >= 0x80 && cp < 0xA0)
        return 0;
    w = wcwidth((wchar_t)cp);
    if (w >= 0)
        return w > 2 ? 2 : w;
    return ll_cp_is_wide(cp) ? 2 : 1;
}

int
ll_utf8_width(const char *str, size_t n)
{
    size_t i = 0;
    int w = 0;
    uint32_t cp;

    while (i < n) {
        i += ll_utf8_decode(str + i, n - i, &cp);
        w += ll_cp_width(cp);
    }
    return w;
}

size_t
ll_utf8_fit(const char *str, size_t n, int maxcols)
{
    size_t i = 0, k;
    int w = 0, cw;
    uint32_t cp;

    while (i < n) {
        k = ll_utf8_decode(str + i, n - i, &cp);
        cw = ll_cp_width(cp);
        if (w + cw > maxcols)
            break;
        w += cw;
        i += k;
    }
    return i;
}

size_t
ll_utf8_fit_word(const char *s, size_t n, int maxcols, int *cols)
{
    size_t i = 0, k;
    int w = 0, cw;
    uint32_t cp;

    while (i < n && s[i] != ' ') {
        k = ll_utf8_decode(s + i, n - i, &cp);
        cw = ll_cp_width(cp);
        if (w + cw > maxcols)
            break;
        w += cw;
        i += k;
    }
    *cols = w;
    return i;
}

/* {==== drawing ====} */

/* Blank the other half of a wide character we are about to overwrite. */
static void
ll_screen_unsplit(ll_screen *s, int x, int y)
{
    ll_cell *c = ll_screen_at(s, x, y), *o;

    if (c == NULL)
        return;
    if (c->ch == 0 && (o = ll_screen_at(s, x - 1, y)) != NULL)
        *o = ll_screen_blank;
    if (c->width == 2 && (o = ll_screen_at(s, x + 1, y)) != NULL)
        *o = ll_screen_blank;
}

int
ll_screen_putn(ll_screen *s, int x, int y, const char *utf8, size_t n,
               int maxcols, ll_style st)
{
    size_t i = 0;
    int col = x, limit, cw;
    uint32_t cp;
    ll_cell *c;

    if (utf8 == NULL || y < 0 || y >= s->h)
        return 0;
    limit = maxcols < 0 ? s->w : x + maxcols;
    if (limit > s->w)
        limit = s->w;
    while (i < n && utf8[i] != '\0') {
        i += ll_utf8_decode(utf8 + i, n - i, &cp);
        if (cp == '\t')
            cp = ' ';
        cw = ll_cp_width(cp);
        if (cw == 0)
            continue;
        if (col + cw > limit)
            break;
        if (col >= 0) {
            ll_screen_unsplit(s, col, y);
            if (cw == 2)
                ll_screen_unsplit(s, col + 1, y);
            c = ll_screen_at(s, col, y);
            c->ch = cp;
            c->width = (uint8_t)cw;
            c->attr = st.attr;
            c->role = st.role;
            if (cw == 2) {
                c[1].ch = 0;
                c[1].width = 0;
                c[1].attr = st.attr;
                c[1].role = st.role;
            }
        }
        col += cw;
    }
    return col - x;
}

int
ll_screen_put(ll_screen *s, int x, int y, const char *utf8, ll_style st)
{
    return ll_screen_putn(s, x, y, utf8, utf8 ? strlen(utf8) : 0, -1, st);
}

int
ll_screen_printf(ll_screen *s, int x, int y, ll_style st, const char *fmt,
                 ...)
{
    char small[256], *big = NULL;
    va_list ap;
    int n, r;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return 0;
    if ((size_t)n >= sizeof small) {
        big = ll_malloc((size_t)n + 1);
        if (big == NULL)
            return 0;
        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    r = ll_screen_put(s, x, y, big ? big : small, st);
    ll_free(big);
    return r;
}

void
ll_screen_fill(ll_screen *s, int x, int y, int w, int h, uint32_t ch,
               ll_style st)
{
    int i, j;
    ll_cell *c;

    if (ll_cp_width(ch) != 1)
        ch = ' ';
    for (j = y; j < y + h; j++) {
        for (i = x; i < x + w; i++) {
            if ((c = ll_screen_at(s, i, j)) == NULL)
                continue;
            ll_screen_unsplit(s, i, j);
            c->ch = ch;
            c->width = 1;
            c->attr = st.attr;
            c->role = st.role;
        }
    }
}

void
ll_screen_restyle(ll_screen *s, int x, int y, int n, uint8_t attr,
                  ll_role role)
{
    int i;
    ll_cell *c;

    for (i = x; i < x + n; i++) {
        if ((c = ll_screen_at(s, i, y)) == NULL)
            continue;
        c->attr |= attr;
        if (role != LL_ROLE_NONE)
            c->role = (uint8_t)role;
    }
}

char *
ll_screen_to_text(const ll_screen *s)
{
    ll_buf b;
    char enc[4];
    int x, y;
    size_t lastnonblank;
    const ll_cell *c;

    ll_buf_init(&b);
    for (y = 0; y < s->h; y++) {
        lastnonblank = b.len;
        for (x = 0; x < s->w; x++) {
            c = ll_screen_cell(s, x, y);
            if (c->ch == 0)
                continue;
            if (ll_buf_add(&b, enc, ll_utf8_encode(c->ch, enc)) != LL_OK)
                goto oom;
            if (c->ch != ' ')
                lastnonblank = b.len;
        }
        b.len = lastnonblank;
        if (ll_buf_add(&b, "\n", 1) != LL_OK)
            goto oom;
    }
    return ll_buf_take(&b);
oom:
    ll_buf_close(&b);
    return NULL;
}
