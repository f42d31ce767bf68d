/* SPDX-License-Identifier: MIT
 * app/tui/md.h -- Markdown to styled, word-wrapped lines (md4c).
 *
 * ll_md_render parses CommonMark plus tables (md4c, raw HTML off) and lays
 * it out for one width: headings (H1/H2 underlined with a rule), wrapped
 * paragraphs, emphasis, inline code, bullet and numbered lists, block
 * quotes, fenced code (indented by two; a line wider than the page wraps
 * onto rows that start with a dim "↪ ", printed whole in plain mode;
 * python/lua keywords bold, comments dim), links as "text[n]" with each
 * URL on its own line under "Links" at the end (terminals cannot click),
 * tables as aligned columns.
 * The result is a list of lines; each line is UTF-8 text with style runs,
 * ready for ll_md_draw. The same layout with ASCII glyphs is the --plain
 * output (ll_md_render_plain), so the TUI and the line mode read alike.
 * Pure and reentrant.
 */
#ifndef LL_MD_H
#define LL_MD_H

#include "screen.h"

typedef struct ll_md_run {
    uint32_t start, len;   /* byte range of the line's text */
    ll_style style;
} ll_md_run;

typedef struct ll_md_line {
    char      *text;       /* UTF-8, no newline; "" for a blank line */
    ll_md_run *runs;       /* sorted, non-overlapping; gaps are unstyled */
    size_t     nruns;
    uint8_t    head;       /* 1-6 on a heading's first line, else 0 */
    uint8_t    cont;       /* 1: a wrapped code line's further row */
    char      *src;        /* on a wrapped code line's first row: the whole
                              source line (search matches it), else NULL */
} ll_md_line;

typedef struct ll_md_doc {
    ll_md_line *lines;
    size_t      nlines;
    int         width;     /* the width it was laid out for */
} ll_md_doc;

typedef struct ll_md_opts {
    int  width;    /* columns to wrap at (minimum 10) */
    bool plain;    /* ASCII glyphs, backticks around inline code, code
                      blocks never cut: the --plain line output */
} ll_md_opts;

/* Lay out len bytes of Markdown. Fills *out (zeroed on failure; always
 * ll_md_doc_close it). LL_OK, LL_ENOMEM, LL_ESYNTAX (md4c gave up). */
int  ll_md_render(const char *md, size_t len, const ll_md_opts *opts,
                  ll_md_doc *out);
void ll_md_doc_close(ll_md_doc *doc);

/* Plain-text rendering for `looplab lesson ID --plain`: the plain layout
 * joined with '\n' (each line ends in one). Heap string, NULL on OOM. */
char *ll_md_render_plain(const char *markdown, int width);

/* Draw lines [first, first + h) of doc into the rectangle (x, y, w, h)
 * of s; lines are clipped to w columns. */
void ll_md_draw(const ll_md_doc *doc, size_t first, ll_screen *s, int x,
                int y, int w, int h);

#endif /* LL_MD_H */
