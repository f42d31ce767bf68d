/* SPDX-License-Identifier: MIT
 * app/tui/md_int.h -- between md.c (md4c callbacks, wrapping) and
 * md_block.c (code blocks and tables, laid out whole when they close).
 * Not for other modules.
 */
#ifndef LL_MD_INT_H
#define LL_MD_INT_H

#include "md.h"

#include <md4c.h>

#define MD_MAXBOX 32

typedef struct md_box {
    MD_BLOCKTYPE type;      /* QUOTE, UL, OL or LI */
    unsigned     next;      /* OL: number of the next item */
    char         marker[24];/* LI: "  • " or "  12. " */
    int          marker_w;
    bool         pending;   /* LI: marker not printed yet */
    bool         started;   /* QUOTE: a line was printed inside it */
} md_box;

/* A line being built: text plus one style per byte. */
typedef struct md_line {
    ll_buf    t;
    ll_style *sty;
    size_t    cap;
    int       col;
} md_line;

typedef struct md_table {
    char   **cells;         /* rows * ncols, row-major */
    size_t   nrows, ncols;
    MD_ALIGN align[64];
    size_t   col;           /* next cell in the current row */
} md_table;

typedef struct md_ctx {
    const ll_md_opts *o;
    ll_md_doc *doc;
    size_t     cap;         /* of doc->lines */
    int        rc;
    md_line    in;          /* inline text of the open leaf block */
    int        em, strong, code, link, head;
    size_t     link_start[8];
    char      *href[8];
    int        nlink;
    bool       in_code, in_cell;
    char       lang[16];
    ll_buf     codebuf;
    md_box     box[MD_MAXBOX];
    int        nbox;
    bool       blank_pending;
    md_table   tab;
    char     **notes;       /* link targets, numbered from 1, listed under
                               "Links" at the end */
    size_t     nnotes;
} md_ctx;

/* md.c */
extern const ll_style ll__md_dim;
int  ll__md_line_add(md_line *l, const char *s, size_t n, ll_style st);
int  ll__md_line_addsty(md_line *l, const char *s, size_t n,
                        const ll_style *sty);
void ll__md_line_close(md_line *l);
void ll__md_push(md_ctx *c, md_line *l);
void ll__md_begin(md_ctx *c, md_line *l);
int  ll__md_avail(const md_ctx *c);

/* md_block.c */
void ll__md_code_flush(md_ctx *c);
void ll__md_table_free(md_table *t);
void ll__md_table_flush(md_ctx *c);

#endif /* LL_MD_INT_H */
