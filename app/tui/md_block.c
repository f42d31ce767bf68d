/* SPDX-License-Identifier: MIT
 * app/tui/md_block.c -- code blocks and tables, laid out when they close.
 *
 * A fenced code block is indented by two; on screen a line wider than the
 * page wraps onto rows marked "↪" (--plain prints it whole); Python and Lua get their
 * keywords bold and comments dim. A table is collected cell by cell, then
 * its columns are sized to fit the width and its cells wrapped inside
 * them, with a rule under the header row. Split from md.c (md_int.h).
 */
#include "md_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== code blocks ====} */

static const char *const md_kw_python[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await",
    "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
    "while", "with", "yield", NULL
};
static const char *const md_kw_lua[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for",
    "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
    "return", "then", "true", "until", "while", NULL
};

static bool
md_is_kw(const char *const *kw, const char *s, size_t n)
{
    for (; kw && *kw; kw++)
        if (strlen(*kw) == n && memcmp(*kw, s, n) == 0)
            return true;
    return false;
}

static bool
md_ident(char ch, bool first)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
           ch == '_' || (!first && ch >= '0' && ch <= '9');
}

/* One code line: keywords bold, comments dim, strings left alone (a '#'
 * inside quotes is not a comment). Tabs expand to 4 columns. */
static void
md_code_line(md_ctx *c, md_line *l, const char *s, size_t n)
{
    const ll_style code = LL_STYLE(0, LL_ROLE_CODE);
    const ll_style kw = LL_STYLE(LL_ATTR_BOLD, LL_ROLE_CODE);
    const ll_style com = LL_STYLE(LL_ATTR_DIM, LL_ROLE_CODE);
    const char *const *kws = NULL;
    size_t i = 0, j;
    char quote = 0;

    if (strcmp(c->lang, "python") == 0 || strcmp(c->lang, "py") == 0)
        kws = md_kw_python;
    else if (strcmp(c->lang, "lua") == 0)
        kws = md_kw_lua;
    while (i < n) {
        if (s[i] == '\t') {
            ll__md_line_add(l, "    ", 4, code);
            i++;
        } else if (quote) {
            if (s[i] == '\\' && i + 1 < n) {
                ll__md_line_add(l, s + i, 2, code);
                i += 2;
                continue;
            }
            if (s[i] == quote)
                quote = 0;
            ll__md_line_add(l, s + i, 1, code);
            i++;
        } else if (kws && (s[i] == '"' || s[i] == '\'')) {
            quote = s[i];
            ll__md_line_add(l, s + i, 1, code);
            i++;
        } else if (kws && ((kws == md_kw_python && s[i] == '#') ||
                           (kws == md_kw_lua && s[i] == '-' && i + 1 < n &&
                            s[i + 1] == '-'))) {
            ll__md_line_add(l, s + i, n - i, com);
            i = n;
        } else if (kws && md_ident(s[i], true) &&
                   (i == 0 || !md_ident(s[i - 1], false))) {
            for (j = i; j < n && md_ident(s[j], false); j++)
                ;
            ll__md_line_add(l, s + i, j - i, md_is_kw(kws, s + i, j - i) ? kw
                                                                    : code);
            i = j;
        } else {
            j = i + 1;
            while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
                j++;
            ll__md_line_add(l, s + i, j - i, code);
            i = j;
        }
    }
}

/* Where to end a code row that must fit `fit` bytes of t from `from`:
 * after the last blank in the row's second half when there is one (a
 * break between tokens reads better), else at `fit`; never before from+1
 * code point, so a row always moves on. */
static size_t
md_code_break(const char *t, size_t from, size_t fit, size_t len)
{
    size_t i;

    if (fit >= len)
        return len;
    for (i = fit; i > from + (fit - from) / 2; i--)
        if (t[i - 1] == ' ' && t[i] != ' ')
            return i;
    if (fit > from)
        return fit;
    for (i = from + 1; i < len && ((unsigned char)t[i] & 0xC0) == 0x80; i++)
        ;
    return i;
}

/* A code line wider than the page wraps: the first row shows what fits,
 * each further row starts with a dim "↪ " under the code's
 * indent. The first row keeps the whole source line (src) and the others
 * are marked cont, so a search finds text that a wrap split. */
static void
md_code_wrap(md_ctx *c, md_line *l, size_t code_at, const char *s, size_t n)
{
    md_line r = { 0 };
    size_t at, end;
    int limit = c->o->width;
    const char *mark = "↪ ";
    ll_md_line *dl;

    end = md_code_break(l->t.data, code_at, ll_utf8_fit(l->t.data, l->t.len,
                        limit), l->t.len);
    ll__md_line_addsty(&r, l->t.data, end, l->sty);
    ll__md_push(c, &r);
    if (c->rc == LL_OK) {
        dl = &c->doc->lines[c->doc->nlines - 1];
        dl->src = ll_strndup(s, n);
        if (dl->src == NULL)
            c->rc = LL_ENOMEM;
    }
    for (at = end; at < l->t.len && c->rc == LL_OK; at = end) {
        while (at < l->t.len && l->t.data[at] == ' ')
            at++;
        if (at == l->t.len)
            break;
        ll__md_begin(c, &r);
        ll__md_line_add(&r, "  ", 2, LL_PLAIN);
        ll__md_line_add(&r, mark, strlen(mark), ll__md_dim);
        end = md_code_break(l->t.data, at, at + ll_utf8_fit(l->t.data + at,
                            l->t.len - at, limit - r.col), l->t.len);
        ll__md_line_addsty(&r, l->t.data + at, end - at, l->sty + at);
        ll__md_push(c, &r);
        if (c->rc == LL_OK)
            c->doc->lines[c->doc->nlines - 1].cont = 1;
    }
    ll__md_line_close(&r);
}

void
ll__md_code_flush(md_ctx *c)
{
    md_line l = { 0 };
    const char *s = c->codebuf.data ? c->codebuf.data : "";
    size_t n = c->codebuf.len, i = 0, j, code_at;
    int limit = c->o->width;

    if (n > 0 && s[n - 1] == '\n')
        n--;
    while (i <= n && c->rc == LL_OK) {
        for (j = i; j < n && s[j] != '\n'; j++)
            ;
        ll__md_begin(c, &l);
        ll__md_line_add(&l, "  ", 2, LL_PLAIN);
        code_at = l.t.len;
        md_code_line(c, &l, s + i, j - i);
        if (!c->o->plain && l.col > limit)
            md_code_wrap(c, &l, code_at, s + i, j - i);
        else
            ll__md_push(c, &l);
        i = j + 1;
    }
    ll__md_line_close(&l);
    c->codebuf.len = 0;
}

/* {==== tables ====} */

void
ll__md_table_free(md_table *t)
{
    size_t i;

    for (i = 0; i < t->nrows * t->ncols; i++)
        ll_free(t->cells[i]);
    ll_free(t->cells);
    memset(t, 0, sizeof *t);
}

/* The next line of txt[0, n) word-wrapped at w columns, from *pos: sets
 * *off and *len to its bytes and moves *pos past it; false when no line
 * is left. Greedy: words while they fit, a word wider than w cut. A word
 * is measured only as far as the room left on the line, and each line
 * resumes where the last one ended: linear in the cell (it used to
 * restart from the top for every line and measure every word whole, so a
 * 2 MB cell took minutes). */
static bool
md_cell_next(const char *txt, size_t n, int w, size_t *pos, size_t *off,
             size_t *len)
{
    size_t i = *pos, end, j;
    int col = 0;

    while (i < n && txt[i] == ' ')
        i++;
    if (i >= n) {
        *pos = n;
        return false;
    }
    end = j = i;
    while (j < n) {
        size_t gap = end > i ? j - end : 0, k = j;
        long room = (long)w - col - (long)gap;
        int ww = 0;
        if (room >= 0)
            k = j + ll_utf8_fit_word(txt + j, n - j, (int)room, &ww);
        if (room >= 0 && (k >= n || txt[k] == ' ')) {
            col += (int)gap + ww;
            end = k;
            for (j = k; j < n && txt[j] == ' '; j++)
                ;
            continue;
        }
        if (end == i) {               /* the first word: cut it */
            end = k > i ? k : i + 1;
        }
        break;
    }
    *off = i;
    *len = end - i;
    *pos = end;
    return true;
}

static long
md_capped_sum(const int *w, size_t ncols, int cap)
{
    long sum = 0;
    for (size_t k = 0; k < ncols; k++)
        sum += w[k] < cap ? w[k] : cap;
    return sum;
}

/* Column widths that fit avail, exactly as taking one column from the
 * widest (lowest index among equals) until the table fits or every column
 * is down to 3 -- but computed by levels: that loop ran as many times as
 * the widest cell was wide. With S(L) the sum of the widths capped at L,
 * the loop passes through every S(L) from the top down and stops inside
 * the step from C + 1 to C, C the largest level with S(C) <= budget: the
 * first d columns wider than C (index order) get C, the others C + 1. */
static void
md_table_fit(int *w, size_t ncols, int avail)
{
    long budget = (long)avail - 3L * (long)(ncols - 1), d;
    int lo = 3, hi = 3, c;
    size_t k;

    for (k = 0; k < ncols; k++)
        hi = w[k] > hi ? w[k] : hi;
    if (md_capped_sum(w, ncols, hi) <= budget)
        return;
    if (md_capped_sum(w, ncols, 3) > budget) {
        for (k = 0; k < ncols; k++)
            w[k] = w[k] > 3 ? 3 : w[k];
        return;
    }
    while (lo < hi) {                   /* largest c with S(c) <= budget */
        int mid = lo + (hi - lo + 1) / 2;
        if (md_capped_sum(w, ncols, mid) <= budget)
            lo = mid;
        else
            hi = mid - 1;
    }
    c = lo;
    d = md_capped_sum(w, ncols, c + 1) - budget;
    for (k = 0; k < ncols; k++) {
        if (w[k] <= c)
            continue;
        w[k] = d > 0 ? c : c + 1;
        d--;
    }
}

static void
md_table_cell(md_line *l, const char *txt, size_t n, int w, MD_ALIGN a,
              ll_style st)
{
    int tw = ll_utf8_width(txt, n), pad, left;

    pad = w - tw;
    left = a == MD_ALIGN_RIGHT ? pad : a == MD_ALIGN_CENTER ? pad / 2 : 0;
    for (int i = 0; i < left; i++)
        ll__md_line_add(l, " ", 1, LL_PLAIN);
    ll__md_line_add(l, txt, n, st);
    for (int i = 0; i < pad - left; i++)
        ll__md_line_add(l, " ", 1, LL_PLAIN);
}

void
ll__md_table_flush(md_ctx *c)
{
    md_table *t = &c->tab;
    md_line l = { 0 };
    int w[64], avail = ll__md_avail(c);
    size_t r, k;
    const char *sep = c->o->plain ? " | " : " │ ";

    if (t->ncols == 0 || t->nrows == 0)
        return;
    for (k = 0; k < t->ncols; k++) {
        w[k] = 3;
        for (r = 0; r < t->nrows; r++) {
            const char *s = t->cells[r * t->ncols + k];
            int cw = s ? ll_utf8_width(s, strlen(s)) : 0;
            if (cw > w[k])
                w[k] = cw;
        }
    }
    md_table_fit(w, t->ncols, avail);
    for (r = 0; r < t->nrows && c->rc == LL_OK; r++) {
        /* A row is as tall as its tallest wrapped cell; each cell's
         * lines are taken in order from a cursor. */
        size_t pos[64] = { 0 }, off[64], len[64], cn[64];
        for (k = 0; k < t->ncols; k++) {
            const char *s = t->cells[r * t->ncols + k];
            cn[k] = s ? strlen(s) : 0;
        }
        for (int line = 0;; line++) {
            bool more = false;
            for (k = 0; k < t->ncols; k++) {
                const char *s = t->cells[r * t->ncols + k];
                if (md_cell_next(s ? s : "", cn[k], w[k], &pos[k], &off[k],
                                 &len[k]))
                    more = true;
                else
                    off[k] = len[k] = 0;
            }
            if (!more && line > 0)
                break;
            ll__md_begin(c, &l);
            for (k = 0; k < t->ncols; k++) {
                const char *s = t->cells[r * t->ncols + k];
                if (k > 0)
                    ll__md_line_add(&l, sep, strlen(sep), ll__md_dim);
                md_table_cell(&l, (s ? s : "") + off[k], len[k], w[k],
                              t->align[k],
                              r == 0 ? LL_STYLE(LL_ATTR_BOLD,
                                                LL_ROLE_HEADING)
                                     : LL_PLAIN);
            }
            ll__md_push(c, &l);
        }
        if (r == 0) {
            /* The rule under the header row. */
            ll__md_begin(c, &l);
            for (k = 0; k < t->ncols; k++) {
                if (k > 0)
                    ll__md_line_add(&l, c->o->plain ? "-+-" : "─┼─",
                                c->o->plain ? 3 : strlen("─┼─"), ll__md_dim);
                for (int m = 0; m < w[k]; m++)
                    ll__md_line_add(&l, c->o->plain ? "-" : "─",
                                c->o->plain ? 1 : strlen("─"), ll__md_dim);
            }
            ll__md_push(c, &l);
        }
    }
    ll__md_line_close(&l);
}

