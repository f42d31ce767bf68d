/* SPDX-License-Identifier: MIT
 * course/diff.c -- unified diff by longest common subsequence.
 *
 * The table holds LCS lengths of suffixes (O(n*m) shorts: 4000 x 4000
 * lines is the cap, 32 MB; an exercise file is a few hundred). Walking it
 * from the start gives the edit script with deletions before insertions,
 * as diff -u prints them; hunks keep 3 lines of context and merge when
 * their contexts touch.
 */
#include "diff.h"

#include <stdint.h>
#include <string.h>

#define DIFF_CONTEXT 3

typedef struct diff_lines {
    const char **p;     /* start of each line */
    size_t *len;        /* its length, without the newline */
    size_t n;
    bool nl_end;        /* the text ends with a newline */
} diff_lines;

static int
diff_split(const char *t, diff_lines *d)
{
    size_t n = 0, i, cap;
    const char *s;

    memset(d, 0, sizeof *d);
    for (s = t; *s; s++)
        n += *s == '\n';
    cap = n + 1;
    if (cap > LL_DIFF_MAX_LINES + 1)
        return LL_ELIMIT;
    d->p = ll_calloc(cap, sizeof *d->p);
    d->len = ll_calloc(cap, sizeof *d->len);
    if (d->p == NULL || d->len == NULL)
        return LL_ENOMEM;
    for (s = t, i = 0; *s; i++) {
        const char *e = strchr(s, '\n');
        d->p[i] = s;
        d->len[i] = e ? (size_t)(e - s) : strlen(s);
        s = e ? e + 1 : s + d->len[i];
    }
    d->n = i;
    d->nl_end = *t == '\0' || t[strlen(t) - 1] == '\n';
    return LL_OK;
}

static void
diff_free(diff_lines *d)
{
    ll_free((void *)d->p);
    ll_free(d->len);
}

/* Whether line k ends with a newline: all but a last one without. */
static bool
diff_nl(const diff_lines *d, size_t k)
{
    return k + 1 < d->n || d->nl_end;
}

/* Equal text and equal ending: "y" at the end of a file without a
 * newline is not the "y\n" of the other file, as for diff. */
static bool
diff_eq(const diff_lines *a, size_t i, const diff_lines *b, size_t j)
{
    return a->len[i] == b->len[j] && diff_nl(a, i) == diff_nl(b, j) &&
           memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

/* One edit: ' ' keep (a[i] == b[j]), '-' a[i] only, '+' b[j] only. */
typedef struct diff_op {
    char   kind;
    size_t i, j;
} diff_op;

static void
diff_line(ll_buf *out, char kind, const diff_lines *d, size_t k)
{
    ll_buf_printf(out, "%c%.*s\n", kind, (int)d->len[k], d->p[k]);
    if (!diff_nl(d, k))
        ll_buf_printf(out, "\\ No newline at end of file\n");
}

static void
diff_hunks(const diff_op *ops, size_t nops, const diff_lines *a,
           const diff_lines *b, ll_buf *out)
{
    size_t k = 0;

    while (k < nops) {
        size_t start, end, last, x, ai, bi, an = 0, bn = 0;
        while (k < nops && ops[k].kind == ' ')
            k++;
        if (k == nops)
            break;
        start = k > DIFF_CONTEXT ? k - DIFF_CONTEXT : 0;
        /* extend while the next change is within 2 x context */
        last = k;
        for (x = k; x < nops; x++) {
            if (ops[x].kind != ' ')
                last = x;
            else if (x - last > 2 * DIFF_CONTEXT)
                break;
        }
        end = last + DIFF_CONTEXT + 1 < nops ? last + DIFF_CONTEXT + 1 : nops;
        ai = ops[start].i;
        bi = ops[start].j;
        for (x = start; x < end; x++) {
            an += ops[x].kind != '+';
            bn += ops[x].kind != '-';
        }
        /* GNU diff's header: "l,n", or just "l" when n is 1 */
        ll_buf_printf(out, "@@ -%zu", an ? ai + 1 : ai);
        if (an != 1)
            ll_buf_printf(out, ",%zu", an);
        ll_buf_printf(out, " +%zu", bn ? bi + 1 : bi);
        if (bn != 1)
            ll_buf_printf(out, ",%zu", bn);
        ll_buf_printf(out, " @@\n");
        for (x = start; x < end; x++) {
            if (ops[x].kind == '+')
                diff_line(out, '+', b, ops[x].j);
            else
                diff_line(out, ops[x].kind, a, ops[x].i);
        }
        k = end;
    }
}

int
ll_diff_unified(const char *ta, const char *tb, const char *la,
                const char *lb, ll_buf *out)
{
    diff_lines a, b;
    uint16_t *L = NULL;
    diff_op *ops = NULL;
    size_t i, j, w, nops = 0;
    int rc;

    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    if ((rc = diff_split(ta, &a)) != LL_OK ||
        (rc = diff_split(tb, &b)) != LL_OK)
        goto done;
    w = b.n + 1;
    L = ll_calloc((a.n + 1) * w, sizeof *L);
    ops = ll_calloc(a.n + b.n + 1, sizeof *ops);
    if (L == NULL || ops == NULL) {
        rc = LL_ENOMEM;
        goto done;
    }
    for (i = a.n; i-- > 0;)
        for (j = b.n; j-- > 0;)
            L[i * w + j] = diff_eq(&a, i, &b, j)
                ? (uint16_t)(L[(i + 1) * w + j + 1] + 1)
                : L[(i + 1) * w + j] >= L[i * w + j + 1] ? L[(i + 1) * w + j]
                                                         : L[i * w + j + 1];
    for (i = 0, j = 0; i < a.n || j < b.n;) {
        if (i < a.n && j < b.n && diff_eq(&a, i, &b, j))
            ops[nops++] = (diff_op){ ' ', i++, j++ };
        else if (j == b.n || (i < a.n && L[(i + 1) * w + j] >= L[i * w + j + 1]))
            ops[nops++] = (diff_op){ '-', i++, j };
        else
            ops[nops++] = (diff_op){ '+', i, j++ };
    }
    for (i = 0; i < nops && ops[i].kind == ' '; i++)
        ;
    if (i < nops) {
        ll_buf_printf(out, "--- %s\n+++ %s\n", la, lb);
        diff_hunks(ops, nops, &a, &b, out);
    }
    rc = LL_OK;
done:
    ll_free(L);
    ll_free(ops);
    diff_free(&a);
    diff_free(&b);
    return rc;
}
