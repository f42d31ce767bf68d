/* SPDX-License-Identifier: MIT
 * app/tui/md.c -- lay Markdown out as styled, wrapped lines with md4c.
 *
 * md4c calls back with nested blocks, spans and text. Inline text of the
 * current leaf block collects in one buffer with a style per byte (so a
 * word may change style mid-way); when the block ends -- or a child block
 * starts, which is how tight list items end their text -- the buffer is
 * word-wrapped under the prefix the open containers give (quote bars, list
 * markers and their hanging indent). Code blocks and tables are collected
 * whole and laid out when they close (md_block.c). One blank line
 * separates blocks, except between the items of a tight list.
 */
#include "md_int.h"

#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== lines ====} */

int
ll__md_line_add(md_line *l, const char *s, size_t n, ll_style st)
{
    size_t i;

    if (l->t.len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 64;
        ll_style *p;
        while (cap < l->t.len + n + 1)
            cap *= 2;
        p = ll_realloc(l->sty, cap * sizeof *p);
        if (p == NULL)
            return LL_ENOMEM;
        l->sty = p;
        l->cap = cap;
    }
    for (i = 0; i < n; i++)
        l->sty[l->t.len + i] = st;
    if (ll_buf_add(&l->t, s, n) != LL_OK)
        return LL_ENOMEM;
    l->col += ll_utf8_width(s, n);
    return LL_OK;
}

/* Append n bytes that carry their own per-byte styles (from the inline
 * buffer); n must end on a code point boundary. */
int
ll__md_line_addsty(md_line *l, const char *s, size_t n, const ll_style *sty)
{
    size_t at = l->t.len;

    if (n == 0)
        return LL_OK;
    if (ll__md_line_add(l, s, n, sty[0]) != LL_OK)
        return LL_ENOMEM;
    memcpy(l->sty + at, sty, n * sizeof *sty);
    return LL_OK;
}

static void
md_line_reset(md_line *l)
{
    l->t.len = 0;
    if (l->t.data)
        l->t.data[0] = '\0';
    l->col = 0;
}

void
ll__md_line_close(md_line *l)
{
    ll_buf_close(&l->t);
    ll_free(l->sty);
    memset(l, 0, sizeof *l);
}

static bool
md_style_eq(ll_style a, ll_style b)
{
    return a.attr == b.attr && a.role == b.role;
}

/* Move a built line into the document, trailing blanks trimmed. */
void
ll__md_push(md_ctx *c, md_line *l)
{
    ll_md_line *dl;
    size_t n = l->t.len, i, start, rcap;

    if (c->rc != LL_OK)
        return;
    while (n > 0 && l->t.data[n - 1] == ' ')
        n--;
    if (c->doc->nlines == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        ll_md_line *p = ll_realloc(c->doc->lines, cap * sizeof *p);
        if (p == NULL) {
            c->rc = LL_ENOMEM;
            return;
        }
        c->doc->lines = p;
        c->cap = cap;
    }
    dl = &c->doc->lines[c->doc->nlines];
    memset(dl, 0, sizeof *dl);
    dl->text = ll_strndup(n ? l->t.data : "", n);
    if (dl->text == NULL) {
        c->rc = LL_ENOMEM;
        return;
    }
    c->doc->nlines++;
    /* Compress per-byte styles into runs; unstyled gaps need no run. The
     * array doubles (a long code line can have a run per keyword). */
    for (i = 0, rcap = 0; i < n; i = start) {
        ll_style st = l->sty[i];
        start = i + 1;
        while (start < n && md_style_eq(l->sty[start], st))
            start++;
        if (st.attr == 0 && st.role == 0)
            continue;
        if (dl->nruns == rcap) {
            ll_md_run *r;
            rcap = rcap ? 2 * rcap : 4;
            r = ll_realloc(dl->runs, rcap * sizeof *r);
            if (r == NULL) {
                c->rc = LL_ENOMEM;
                return;
            }
            dl->runs = r;
        }
        {
            ll_md_run *r = dl->runs;
            r[dl->nruns].start = (uint32_t)i;
            r[dl->nruns].len = (uint32_t)(start - i);
            r[dl->nruns].style = st;
            dl->nruns++;
        }
    }
}

const ll_style ll__md_dim = { LL_ATTR_DIM, LL_ROLE_NONE };

/* Start a new output line: the pending blank separator, then the prefix of
 * the open containers (consuming the first pending list marker). */
void
ll__md_begin(md_ctx *c, md_line *l)
{
    int i;

    md_line_reset(l);
    if (c->blank_pending && c->doc->nlines > 0) {
        /* A blank line before a quote has no bar; inside one it has. */
        for (i = 0; i < c->nbox && i < MD_MAXBOX; i++)
            if (c->box[i].type == MD_BLOCK_QUOTE && c->box[i].started)
                ll__md_line_add(l, c->o->plain ? "> " : "│ ",
                            c->o->plain ? 2 : strlen("│ "), ll__md_dim);
        ll__md_push(c, l);
        md_line_reset(l);
    }
    c->blank_pending = false;
    for (i = 0; i < c->nbox && i < MD_MAXBOX; i++) {
        md_box *b = &c->box[i];
        if (b->type == MD_BLOCK_QUOTE) {
            const char *q = c->o->plain ? "> " : "│ ";
            ll__md_line_add(l, q, strlen(q), ll__md_dim);
            b->started = true;
        } else if (b->type == MD_BLOCK_LI) {
            if (b->pending) {
                ll__md_line_add(l, b->marker, strlen(b->marker),
                            LL_STYLE(LL_ATTR_BOLD, LL_ROLE_ACCENT));
                b->pending = false;
            } else {
                ll__md_line_add(l, "                        ",
                            (size_t)b->marker_w, LL_PLAIN);
            }
        }
    }
}

static int
md_prefix_width(const md_ctx *c)
{
    int i, w = 0;

    for (i = 0; i < c->nbox && i < MD_MAXBOX; i++) {
        if (c->box[i].type == MD_BLOCK_QUOTE)
            w += 2;
        else if (c->box[i].type == MD_BLOCK_LI)
            w += c->box[i].marker_w;
    }
    return w;
}

int
ll__md_avail(const md_ctx *c)
{
    int w = c->o->width - md_prefix_width(c);
    return w < 8 ? 8 : w;
}

/* {==== inline text and wrapping ====} */

static ll_style
md_cur_style(const md_ctx *c)
{
    ll_style st = LL_PLAIN;

    if (c->head) {
        st.attr |= LL_ATTR_BOLD;
        st.role = LL_ROLE_HEADING;
    }
    if (c->strong)
        st.attr |= LL_ATTR_BOLD;
    if (c->em)
        st.attr |= LL_ATTR_UNDERLINE;
    if (c->link) {
        st.attr |= LL_ATTR_UNDERLINE;
        st.role = LL_ROLE_ACCENT;
    }
    if (c->code)
        st.role = LL_ROLE_CODE;
    return st;
}

static void
md_text(md_ctx *c, const char *s, size_t n, ll_style st)
{
    if (c->rc == LL_OK && ll__md_line_add(&c->in, s, n, st) != LL_OK)
        c->rc = LL_ENOMEM;
}

/* Word-wrap the inline buffer into document lines. Spaces separate words,
 * '\n' is a hard break; a word longer than the line is cut by columns. */
static void
md_wrap(md_ctx *c, int rule)
{
    md_line l = { 0 };
    const char *b = c->in.t.data;
    size_t n = c->in.t.len, i = 0, j, k;
    int avail = ll__md_avail(c), base, maxw = 0;
    bool space = false, any = false;

    if (n == 0)
        return;
    ll__md_begin(c, &l);
    base = l.col;
    while (i < n && c->rc == LL_OK) {
        if (b[i] == '\n') {
            maxw = l.col - base > maxw ? l.col - base : maxw;
            ll__md_push(c, &l);
            ll__md_begin(c, &l);
            space = false;
            i++;
            continue;
        }
        if (b[i] == ' ') {
            space = l.col > base;
            i++;
            continue;
        }
        for (j = i; j < n && b[j] != ' ' && b[j] != '\n'; j++)
            ;
        {
            int ww = ll_utf8_width(b + i, j - i);
            if (l.col > base && l.col - base + (space ? 1 : 0) + ww > avail) {
                maxw = l.col - base > maxw ? l.col - base : maxw;
                ll__md_push(c, &l);
                ll__md_begin(c, &l);
                space = false;
            }
            if (space)
                ll__md_line_add(&l, " ", 1, c->in.sty[i - 1]);
            space = false;
            while (ww > avail - (l.col - base)) {
                /* Too long even for an empty line: cut it by columns. */
                k = ll_utf8_fit(b + i, j - i, avail - (l.col - base));
                if (k == 0) {
                    uint32_t cp;
                    k = ll_utf8_decode(b + i, j - i, &cp);
                }
                ll__md_line_addsty(&l, b + i, k, c->in.sty + i);
                /* What is left of the word: minus the piece, not measured
                 * again (that was quadratic: 38 s for a 2 MB word). */
                ww -= ll_utf8_width(b + i, k);
                i += k;
                maxw = l.col - base > maxw ? l.col - base : maxw;
                ll__md_push(c, &l);
                ll__md_begin(c, &l);
            }
            ll__md_line_addsty(&l, b + i, j - i, c->in.sty + i);
            any = true;
        }
        i = j;
    }
    maxw = l.col - base > maxw ? l.col - base : maxw;
    if (any)
        ll__md_push(c, &l);
    if (rule && c->rc == LL_OK) {
        /* H1/H2: a rule under the heading, as wide as its longest line. */
        const char *g = rule == 1 ? (c->o->plain ? "=" : "═")
                                  : (c->o->plain ? "-" : "─");
        ll__md_begin(c, &l);
        for (int m = 0; m < maxw; m++)
            ll__md_line_add(&l, g, strlen(g),
                        LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING));
        ll__md_push(c, &l);
    }
    ll__md_line_close(&l);
}

/* Emit whatever inline text is pending (the body of a leaf block). */
static void
md_flush(md_ctx *c, int rule)
{
    size_t i;
    bool blank = true;

    for (i = 0; i < c->in.t.len; i++)
        if (c->in.t.data[i] != ' ' && c->in.t.data[i] != '\n')
            blank = false;
    if (!blank && !c->in_cell)
        md_wrap(c, rule);
    if (!c->in_cell)
        md_line_reset(&c->in);
}

/* {==== md4c callbacks ====} */

static void
md_push_box(md_ctx *c, MD_BLOCKTYPE type)
{
    md_box *b;

    if (c->nbox >= MD_MAXBOX) {
        /* Too deep: count it (the leave callback pops it), draw it flat.
         * `==` here once let the 34th level write past box[]. */
        c->nbox++;
        return;
    }
    b = &c->box[c->nbox++];
    memset(b, 0, sizeof *b);
    b->type = type;
}

static int
md_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    md_ctx *c = ud;
    int depth = 0, i;

    if (type != MD_BLOCK_TH && type != MD_BLOCK_TD)
        md_flush(c, 0);
    switch (type) {
    case MD_BLOCK_QUOTE:
        md_push_box(c, type);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        md_push_box(c, type);
        if (type == MD_BLOCK_OL && c->nbox <= MD_MAXBOX)
            c->box[c->nbox - 1].next = ((MD_BLOCK_OL_DETAIL *)detail)->start;
        break;
    case MD_BLOCK_LI: {
        md_box *list = c->nbox > 0 && c->nbox <= MD_MAXBOX
                           ? &c->box[c->nbox - 1] : NULL;
        for (i = 0; i < c->nbox && i < MD_MAXBOX; i++)
            if (c->box[i].type == MD_BLOCK_UL || c->box[i].type == MD_BLOCK_OL)
                depth++;
        md_push_box(c, type);
        if (c->nbox > MD_MAXBOX || list == NULL)
            break;
        {
            md_box *b = &c->box[c->nbox - 1];
            if (list->type == MD_BLOCK_OL) {
                snprintf(b->marker, sizeof b->marker, "  %u. ", list->next++);
            } else {
                static const char *const u8[] = { "•", "◦", "▪" };
                static const char *const as[] = { "-", "*", "+" };
                snprintf(b->marker, sizeof b->marker, "  %s ",
                         (c->o->plain ? as : u8)[(depth - 1) % 3]);
            }
            b->marker_w = ll_utf8_width(b->marker, strlen(b->marker));
            b->pending = true;
        }
        break;
    }
    case MD_BLOCK_HR: {
        md_line l = { 0 };
        ll__md_begin(c, &l);
        for (i = 0; i < ll__md_avail(c); i++)
            ll__md_line_add(&l, c->o->plain ? "-" : "─",
                        c->o->plain ? 1 : strlen("─"), ll__md_dim);
        ll__md_push(c, &l);
        ll__md_line_close(&l);
        c->blank_pending = true;
        break;
    }
    case MD_BLOCK_H:
        c->head = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
        break;
    case MD_BLOCK_CODE: {
        MD_BLOCK_CODE_DETAIL *d = detail;
        size_t n = d->lang.size < sizeof c->lang - 1 ? d->lang.size
                                                      : sizeof c->lang - 1;
        memcpy(c->lang, d->lang.text ? d->lang.text : "", n);
        c->lang[n] = '\0';
        c->in_code = true;
        break;
    }
    case MD_BLOCK_TABLE: {
        MD_BLOCK_TABLE_DETAIL *d = detail;
        ll__md_table_free(&c->tab);
        c->tab.ncols = d->col_count > 64 ? 64 : d->col_count;
        break;
    }
    case MD_BLOCK_TR: {
        size_t n = (c->tab.nrows + 1) * c->tab.ncols;
        char **p = ll_realloc(c->tab.cells, (n ? n : 1) * sizeof *p);
        if (p == NULL) {
            c->rc = LL_ENOMEM;
            return 1;
        }
        for (i = 0; i < (int)c->tab.ncols; i++)
            p[c->tab.nrows * c->tab.ncols + (size_t)i] = NULL;
        c->tab.cells = p;
        c->tab.nrows++;
        c->tab.col = 0;
        break;
    }
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (c->tab.col < c->tab.ncols)
            c->tab.align[c->tab.col] = ((MD_BLOCK_TD_DETAIL *)detail)->align;
        md_line_reset(&c->in);
        c->in_cell = true;
        break;
    default:
        break;
    }
    return c->rc == LL_OK ? 0 : 1;
}

static bool
md_in_list_item(const md_ctx *c)
{
    for (int i = 0; i < c->nbox && i < MD_MAXBOX; i++)
        if (c->box[i].type == MD_BLOCK_LI)
            return true;
    return false;
}

static int
md_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    md_ctx *c = ud;
    (void)detail;

    switch (type) {
    case MD_BLOCK_H: {
        size_t before = c->doc->nlines;
        md_flush(c, c->head <= 2 ? c->head : 0);
        /* Mark the heading's first line for the table of contents. */
        while (before < c->doc->nlines && c->doc->lines[before].text[0] == 0)
            before++;
        if (c->rc == LL_OK && before < c->doc->nlines)
            c->doc->lines[before].head = (uint8_t)c->head;
        c->head = 0;
        c->blank_pending = true;
        break;
    }
    case MD_BLOCK_P:
        md_flush(c, 0);
        c->blank_pending = true;
        break;
    case MD_BLOCK_CODE:
        ll__md_code_flush(c);
        c->in_code = false;
        c->blank_pending = true;
        break;
    case MD_BLOCK_QUOTE:
        md_flush(c, 0);
        c->nbox--;
        c->blank_pending = true;
        break;
    case MD_BLOCK_LI:
        md_flush(c, 0);
        c->nbox--;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        md_flush(c, 0);
        c->nbox--;
        if (!md_in_list_item(c))
            c->blank_pending = true;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (c->tab.col < c->tab.ncols && c->tab.nrows > 0) {
            char *s = ll_strndup(c->in.t.data ? c->in.t.data : "",
                                 c->in.t.len);
            if (s == NULL) {
                c->rc = LL_ENOMEM;
                break;
            }
            for (char *p = s; *p; p++)
                if (*p == '\n')
                    *p = ' ';
            c->tab.cells[(c->tab.nrows - 1) * c->tab.ncols + c->tab.col] = s;
        }
        c->tab.col++;
        c->in_cell = false;
        md_line_reset(&c->in);
        break;
    case MD_BLOCK_TABLE:
        ll__md_table_flush(c);
        ll__md_table_free(&c->tab);
        c->blank_pending = true;
        break;
    default:
        md_flush(c, 0);
        break;
    }
    return c->rc == LL_OK ? 0 : 1;
}

static int
md_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    md_ctx *c = ud;

    switch (type) {
    case MD_SPAN_EM:
        c->em++;
        break;
    case MD_SPAN_STRONG:
        c->strong++;
        break;
    case MD_SPAN_CODE:
        c->code++;
        if (c->o->plain)
            md_text(c, "`", 1, md_cur_style(c));
        break;
    case MD_SPAN_A: {
        MD_SPAN_A_DETAIL *d = detail;
        if (c->nlink < 8) {
            c->link_start[c->nlink] = c->in.t.len;
            c->href[c->nlink] = ll_strndup(d->href.text ? d->href.text : "",
                                           d->href.size);
        }
        c->nlink++;
        c->link++;
        break;
    }
    case MD_SPAN_IMG:
        md_text(c, "[image: ", 8, ll__md_dim);
        break;
    default:
        break;
    }
    return c->rc == LL_OK ? 0 : 1;
}

/* The note number of url (1-based; one number per distinct url). */
static size_t
md_note(md_ctx *c, const char *url)
{
    size_t i;
    char **p;

    for (i = 0; i < c->nnotes; i++)
        if (strcmp(c->notes[i], url) == 0)
            return i + 1;
    p = ll_realloc(c->notes, (c->nnotes + 1) * sizeof *p);
    if (p == NULL || (p[c->nnotes] = ll_strdup(url)) == NULL) {
        if (p)
            c->notes = p;
        c->rc = LL_ENOMEM;
        return 0;
    }
    c->notes = p;
    return ++c->nnotes;
}

/* The page's links, after the text: "Links", then "[n] url" per line, a
 * URL too long for the width continued on indented rows. */
static void
md_notes_flush(md_ctx *c)
{
    md_line l = { 0 };
    const ll_style url = LL_STYLE(LL_ATTR_UNDERLINE, LL_ROLE_ACCENT);
    size_t i;

    if (c->nnotes == 0 || c->rc != LL_OK)
        return;
    c->nbox = 0;
    c->blank_pending = true;
    ll__md_begin(c, &l);
    ll__md_line_add(&l, "Links", 5, LL_STYLE(LL_ATTR_BOLD, LL_ROLE_HEADING));
    ll__md_push(c, &l);
    for (i = 0; i < c->nnotes && c->rc == LL_OK; i++) {
        const char *u = c->notes[i];
        size_t n = strlen(u), at = 0, k;
        char num[24];
        int pre;
        snprintf(num, sizeof num, "[%zu] ", i + 1);
        pre = (int)strlen(num);
        ll__md_begin(c, &l);
        ll__md_line_add(&l, num, strlen(num), ll__md_dim);
        do {
            k = c->o->plain ? n - at : ll_utf8_fit(u + at, n - at,
                                                   c->o->width - pre);
            if (k == 0)
                k = n - at;
            ll__md_line_add(&l, u + at, k, url);
            ll__md_push(c, &l);
            at += k;
            if (at < n) {
                ll__md_begin(c, &l);
                ll__md_line_add(&l, "        ", (size_t)pre, LL_PLAIN);
            }
        } while (at < n && c->rc == LL_OK);
    }
    ll__md_line_close(&l);
}

static int
md_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    md_ctx *c = ud;
    (void)detail;

    switch (type) {
    case MD_SPAN_EM:
        c->em--;
        break;
    case MD_SPAN_STRONG:
        c->strong--;
        break;
    case MD_SPAN_CODE:
        if (c->o->plain)
            md_text(c, "`", 1, md_cur_style(c));
        c->code--;
        break;
    case MD_SPAN_A:
        c->link--;
        c->nlink--;
        if (c->nlink < 8) {
            const char *h = c->href[c->nlink];
            size_t start = c->link_start[c->nlink];
            size_t tl = c->in.t.len - start;
            /* An autolink shows its URL once; others get a note number
             * ("[2]") and their URL on a line of its own at the end:
             * a terminal cannot click, and a URL in mid-sentence wraps
             * badly and cannot be copied whole. */
            if (h && *h && !(tl == strlen(h) &&
                             memcmp(c->in.t.data + start, h, tl) == 0)) {
                char num[24];
                size_t k = md_note(c, h);
                snprintf(num, sizeof num, "[%zu]", k);
                md_text(c, num, strlen(num), ll__md_dim);
            }
            ll_free(c->href[c->nlink]);
            c->href[c->nlink] = NULL;
        }
        break;
    case MD_SPAN_IMG:
        md_text(c, "]", 1, ll__md_dim);
        break;
    default:
        break;
    }
    return c->rc == LL_OK ? 0 : 1;
}

static void
md_entity(md_ctx *c, const char *s, size_t n, ll_style st)
{
    static const struct { const char *name, *text; } ents[] = {
        { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
        { "&quot;", "\"" }, { "&apos;", "'" }, { "&nbsp;", " " },
        { "&mdash;", "—" }, { "&ndash;", "–" }, { "&hellip;", "…" },
        { "&times;", "×" }, { "&rarr;", "→" }, { "&larr;", "←" },
    };
    char enc[4];

    for (size_t i = 0; i < LL_COUNTOF(ents); i++) {
        if (strlen(ents[i].name) == n && memcmp(ents[i].name, s, n) == 0) {
            md_text(c, ents[i].text, strlen(ents[i].text), st);
            return;
        }
    }
    if (n > 3 && s[1] == '#') {
        unsigned long cp = (s[2] == 'x' || s[2] == 'X')
                               ? strtoul(s + 3, NULL, 16)
                               : strtoul(s + 2, NULL, 10);
        if (cp == 0 || cp > 0x10FFFF)
            cp = 0xFFFD;
        md_text(c, enc, ll_utf8_encode((uint32_t)cp, enc), st);
        return;
    }
    md_text(c, s, n, st);
}

static int
md_text_cb(MD_TEXTTYPE type, const MD_CHAR *text, MD_SIZE size, void *ud)
{
    md_ctx *c = ud;
    ll_style st = md_cur_style(c);

    if (c->in_code) {
        if (ll_buf_add(&c->codebuf, text, size) != LL_OK)
            c->rc = LL_ENOMEM;
        return c->rc == LL_OK ? 0 : 1;
    }
    switch (type) {
    case MD_TEXT_NULLCHAR:
        md_text(c, "\xEF\xBF\xBD", 3, st);
        break;
    case MD_TEXT_BR:
        md_text(c, "\n", 1, st);
        break;
    case MD_TEXT_SOFTBR:
        md_text(c, " ", 1, st);
        break;
    case MD_TEXT_ENTITY:
        md_entity(c, text, size, st);
        break;
    default:
        /* Newlines inside text (code spans) are plain spaces here. */
        for (MD_SIZE i = 0; i < size; i++) {
            MD_SIZE j = i;
            while (j < size && text[j] != '\n')
                j++;
            md_text(c, text + i, j - i, st);
            if (j < size)
                md_text(c, " ", 1, st);
            i = j;
        }
        break;
    }
    return c->rc == LL_OK ? 0 : 1;
}

/* {==== public ====} */

int
ll_md_render(const char *md, size_t len, const ll_md_opts *opts,
             ll_md_doc *out)
{
    md_ctx c;
    ll_md_opts o = *opts;
    MD_PARSER p;
    int r;

    memset(out, 0, sizeof *out);
    if (o.width < 10)
        o.width = 10;
    memset(&c, 0, sizeof c);
    c.o = &o;
    c.doc = out;
    out->width = o.width;
    ll_buf_init(&c.codebuf);
    memset(&p, 0, sizeof p);
    p.flags = MD_FLAG_TABLES | MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH |
              MD_FLAG_PERMISSIVEURLAUTOLINKS;
    p.enter_block = md_enter_block;
    p.leave_block = md_leave_block;
    p.enter_span = md_enter_span;
    p.leave_span = md_leave_span;
    p.text = md_text_cb;
    r = md_parse(md ? md : "", (MD_SIZE)len, &p, &c);
    if (c.rc == LL_OK && r != 0)
        c.rc = LL_ESYNTAX;
    md_notes_flush(&c);
    for (size_t i = 0; i < c.nnotes; i++)
        ll_free(c.notes[i]);
    ll_free(c.notes);
    ll__md_line_close(&c.in);
    ll_buf_close(&c.codebuf);
    ll__md_table_free(&c.tab);
    for (int i = 0; i < 8; i++)
        ll_free(c.href[i]);
    if (c.rc != LL_OK) {
        ll_md_doc_close(out);
        return c.rc;
    }
    return LL_OK;
}

void
ll_md_doc_close(ll_md_doc *doc)
{
    size_t i;

    for (i = 0; i < doc->nlines; i++) {
        ll_free(doc->lines[i].text);
        ll_free(doc->lines[i].runs);
        ll_free(doc->lines[i].src);
    }
    ll_free(doc->lines);
    memset(doc, 0, sizeof *doc);
}

char *
ll_md_render_plain(const char *markdown, int width)
{
    ll_md_opts o = { width, true };
    ll_md_doc d;
    ll_buf b;
    size_t i;

    if (ll_md_render(markdown, markdown ? strlen(markdown) : 0, &o, &d) !=
        LL_OK)
        return NULL;
    ll_buf_init(&b);
    for (i = 0; i < d.nlines; i++) {
        if (ll_buf_adds(&b, d.lines[i].text) != LL_OK ||
            ll_buf_add(&b, "\n", 1) != LL_OK) {
            ll_buf_close(&b);
            ll_md_doc_close(&d);
            return NULL;
        }
    }
    ll_md_doc_close(&d);
    return ll_buf_take(&b);
}

void
ll_md_draw(const ll_md_doc *doc, size_t first, ll_screen *s, int x, int y,
           int w, int h)
{
    int row;

    for (row = 0; row < h && first + (size_t)row < doc->nlines; row++) {
        const ll_md_line *l = &doc->lines[first + (size_t)row];
        size_t len = strlen(l->text), pos = 0, r;
        int col = x;

        /* Unstyled gaps between runs are drawn plain. */
        for (r = 0; r <= l->nruns; r++) {
            size_t rs = r < l->nruns ? l->runs[r].start : len;
            if (rs > pos)
                col += ll_screen_putn(s, col, y + row, l->text + pos,
                                      rs - pos, x + w - col, LL_PLAIN);
            if (r == l->nruns)
                break;
            col += ll_screen_putn(s, col, y + row, l->text + rs,
                                  l->runs[r].len, x + w - col,
                                  l->runs[r].style);
            pos = rs + l->runs[r].len;
        }
    }
}
