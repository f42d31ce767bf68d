/* SPDX-License-Identifier: MIT
 * course/search.c -- the glossary file and course-wide search.
 *
 * Both read plain text line by line: glossary.md is split at its "## "
 * headings (no Markdown parser here: the TUI renders the definitions), and
 * search matches a query's words against single lines, so a hit can be
 * shown as that line and opened where it is. Linear in the course's text
 * times the number of words.
 */
#include "search.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* {==== helpers ====} */

/* Where needle (n bytes) occurs in hay (m bytes), ASCII case folded. */
static const char *
srch_find(const char *hay, size_t m, const char *needle, size_t n)
{
    size_t i, j;

    if (n == 0 || n > m)
        return NULL;
    for (i = 0; i + n <= m; i++) {
        for (j = 0; j < n; j++)
            if (tolower((unsigned char)hay[i + j]) !=
                tolower((unsigned char)needle[j]))
                break;
        if (j == n)
            return hay + i;
    }
    return NULL;
}

static char *
srch_trim(const char *s, size_t n)
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return ll_strndup(s, n);
}

static void
srch_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ll_free(v[i]);
    ll_free(v);
}

static int
srch_strv_add(char ***v, size_t *n, char *s)
{
    char **p;

    if (s == NULL)
        return LL_ENOMEM;
    p = ll_realloc(*v, (*n + 1) * sizeof *p);
    if (p == NULL) {
        ll_free(s);
        return LL_ENOMEM;
    }
    p[(*n)++] = s;
    *v = p;
    return LL_OK;
}

/* {==== glossary ====} */

static void
gloss_entry_close(ll_gloss_entry *e)
{
    ll_free(e->term);
    srch_strv_free(e->names, e->nnames);
    ll_free(e->def);
    srch_strv_free(e->lessons, e->nlessons);
}

void
ll_glossary_free(ll_glossary *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++)
        gloss_entry_close(&g->e[i]);
    ll_free(g->e);
    ll_free(g->path);
    ll_free(g);
}

/* "## future / futures": the spellings (" / " between them, so a term
 * may hold a slash: "I/O-bound"), lowercase; the first is also kept as
 * written, for display. */
static int
gloss_names(ll_gloss_entry *e, const char *s, size_t n)
{
    size_t i = 0, j;

    while (i < n) {
        char *name;
        for (j = i; j < n && !(j + 3 <= n && memcmp(s + j, " / ", 3) == 0);
             j++)
            ;
        name = srch_trim(s + i, j - i);
        if (name == NULL)
            return LL_ENOMEM;
        if (name[0] == '\0') {
            ll_free(name);
        } else {
            if (e->term == NULL && (e->term = ll_strdup(name)) == NULL) {
                ll_free(name);
                return LL_ENOMEM;
            }
            for (char *p = name; *p; p++)
                *p = (char)tolower((unsigned char)*p);
            if (srch_strv_add(&e->names, &e->nnames, name) != LL_OK)
                return LL_ENOMEM;
        }
        i = j + 3;
    }
    return LL_OK;
}

/* "Lessons: 1.2, 1.3" */
static int
gloss_lessons(ll_gloss_entry *e, const char *s, size_t n)
{
    size_t i = 0, j;

    while (i < n) {
        for (j = i; j < n && s[j] != ',' && s[j] != ' '; j++)
            ;
        if (j > i) {
            char *id = ll_strndup(s + i, j - i);
            if (id && id[strlen(id) - 1] == '.')
                id[strlen(id) - 1] = '\0';
            if (srch_strv_add(&e->lessons, &e->nlessons, id) != LL_OK)
                return LL_ENOMEM;
        }
        i = j + 1;
    }
    return LL_OK;
}

/* Close entry e: its definition is def's text, trimmed. */
static int
gloss_finish(ll_gloss_entry *e, ll_buf *def, const char *path, char **err)
{
    e->def = srch_trim(def->data ? def->data : "", def->len);
    def->len = 0;
    if (e->def == NULL)
        return LL_ENOMEM;
    if (e->def[0] == '\0') {
        *err = ll_asprintf("%s:%d: '%s' has no definition", path, e->line,
                           e->term ? e->term : "");
        return LL_ESYNTAX;
    }
    return LL_OK;
}

static int
gloss_parse(ll_glossary *g, const char *s, size_t len, char **err)
{
    size_t i = 0, j;
    int line = 0, rc = LL_OK;
    ll_buf def;
    ll_gloss_entry *cur = NULL;

    ll_buf_init(&def);
    while (i < len && rc == LL_OK) {
        const char *l = s + i;
        size_t n;
        for (j = i; j < len && s[j] != '\n'; j++)
            ;
        n = j - i;
        line++;
        i = j + 1;
        if (n >= 3 && memcmp(l, "## ", 3) == 0) {
            ll_gloss_entry *p;
            if (cur && (rc = gloss_finish(cur, &def, g->path, err)) != LL_OK)
                break;
            p = ll_realloc(g->e, (g->n + 1) * sizeof *p);
            if (p == NULL) {
                rc = LL_ENOMEM;
                break;
            }
            g->e = p;
            cur = &g->e[g->n++];
            memset(cur, 0, sizeof *cur);
            cur->line = line;
            rc = gloss_names(cur, l + 3, n - 3);
            if (rc == LL_OK && cur->nnames == 0) {
                *err = ll_asprintf("%s:%d: a heading with no term", g->path,
                                   line);
                rc = LL_ESYNTAX;
            }
        } else if (cur == NULL) {
            /* Before the first entry only the title and blank lines. */
            const char *t = l;
            size_t k = n;
            while (k > 0 && isspace((unsigned char)*t))
                t++, k--;
            if (k > 0 && !(k >= 2 && t[0] == '#' && t[1] == ' ')) {
                *err = ll_asprintf("%s:%d: text before the first '## term'",
                                   g->path, line);
                rc = LL_ESYNTAX;
            }
        } else if (n >= 8 && memcmp(l, "Lessons:", 8) == 0) {
            rc = gloss_lessons(cur, l + 8, n - 8);
        } else {
            if (ll_buf_add(&def, l, n) != LL_OK ||
                ll_buf_add(&def, "\n", 1) != LL_OK)
                rc = LL_ENOMEM;
        }
    }
    if (rc == LL_OK && cur)
        rc = gloss_finish(cur, &def, g->path, err);
    ll_buf_close(&def);
    return rc;
}

int
ll_glossary_load(const char *root, ll_glossary **out, char **err)
{
    ll_glossary *g;
    char *text = NULL;
    size_t len = 0;
    int rc;

    *out = NULL;
    *err = NULL;
    g = ll_calloc(1, sizeof *g);
    if (g == NULL || (g->path = ll_asprintf("%s%sglossary.md", root,
            root[0] && root[strlen(root) - 1] == '/' ? "" : "/")) == NULL) {
        ll_free(g);
        return LL_ENOMEM;
    }
    rc = ll_read_file(g->path, &text, &len);
    if (rc == LL_ENOENT) {
        *out = g;
        return LL_OK;
    }
    if (rc == LL_OK)
        rc = gloss_parse(g, text, len, err);
    else
        *err = ll_asprintf("%s: %s", g->path, ll_strerror(rc));
    ll_free(text);
    if (rc != LL_OK) {
        if (rc != LL_ENOMEM && *err == NULL)
            *err = ll_asprintf("%s: cannot be read", g->path);
        ll_glossary_free(g);
        return rc == LL_ENOMEM ? rc : LL_ESYNTAX;
    }
    *out = g;
    return LL_OK;
}

const ll_gloss_entry *
ll_glossary_find(const ll_glossary *g, const char *term)
{
    size_t i, k, n = strlen(term);

    for (i = 0; g && i < g->n; i++)
        for (k = 0; k < g->e[i].nnames; k++)
            if (strlen(g->e[i].names[k]) == n &&
                srch_find(g->e[i].names[k], n, term, n))
                return &g->e[i];
    return NULL;
}

static bool
srch_word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_';
}

/* name occurs in text as a word, maybe with a plural ending. */
static bool
gloss_occurs(const char *text, size_t m, const char *name)
{
    size_t n = strlen(name);
    const char *p = text, *end = text + m;

    while ((p = srch_find(p, (size_t)(end - p), name, n)) != NULL) {
        const char *q = p + n;
        if (q + 2 <= end && tolower((unsigned char)q[0]) == 'e' &&
            tolower((unsigned char)q[1]) == 's' &&
            (q + 2 == end || !srch_word_char(q[2])))
            q += 2;
        else if (q < end && tolower((unsigned char)*q) == 's')
            q++;
        if ((p == text || !srch_word_char(p[-1])) &&
            (q == end || !srch_word_char(*q)))
            return true;
        p++;
    }
    return false;
}

size_t
ll_glossary_in_text(const ll_glossary *g, const char *text, size_t *idx,
                    size_t max)
{
    size_t i, k, found = 0, m = strlen(text);

    for (i = 0; g && i < g->n && found < max; i++)
        for (k = 0; k < g->e[i].nnames; k++)
            if (gloss_occurs(text, m, g->e[i].names[k])) {
                idx[found++] = i;
                break;
            }
    return found;
}

/* {==== search ====} */

typedef struct srch_ctx {
    char  *words[16];
    size_t nwords;
    ll_hit *hits;
    size_t  n, max;
    bool    more;
    int     rc;
} srch_ctx;

static bool
srch_line_hits(const srch_ctx *x, const char *l, size_t n)
{
    for (size_t w = 0; w < x->nwords; w++)
        if (srch_find(l, n, x->words[w], strlen(x->words[w])) == NULL)
            return false;
    return true;
}

/* Add a hit for every line of text that holds all the words. */
static void
srch_text(srch_ctx *x, const char *text, ll_hit_kind kind,
          const ll_lesson *lesson, size_t index)
{
    size_t i = 0, j, len = text ? strlen(text) : 0;
    int line = 0;

    while (i < len && x->rc == LL_OK) {
        for (j = i; j < len && text[j] != '\n'; j++)
            ;
        line++;
        if (srch_line_hits(x, text + i, j - i)) {
            ll_hit *h;
            if (x->n == x->max) {
                x->more = true;
                return;
            }
            h = &x->hits[x->n];
            h->kind = kind;
            h->lesson = lesson;
            h->index = index;
            h->line = line;
            h->text = srch_trim(text + i, j - i > 200 ? 200 : j - i);
            if (h->text == NULL) {
                x->rc = LL_ENOMEM;
                return;
            }
            /* never end inside a UTF-8 sequence */
            {
                size_t k = strlen(h->text);
                if (k == 200) {
                    while (k > 0 && ((unsigned char)h->text[k - 1] & 0xC0) ==
                           0x80)
                        k--;
                    if (k > 0 && ((unsigned char)h->text[k - 1] & 0xC0) ==
                        0xC0)
                        k--;
                    h->text[k] = '\0';
                }
            }
            x->n++;
        }
        i = j + 1;
    }
}

static void
srch_file(srch_ctx *x, const char *path, ll_hit_kind kind,
          const ll_lesson *lesson, size_t index)
{
    char *text = NULL;
    size_t len;

    if (path == NULL || ll_read_file(path, &text, &len) != LL_OK)
        return;
    srch_text(x, text, kind, lesson, index);
    ll_free(text);
}

int
ll_course_search(const ll_course *c, const ll_glossary *g,
                 const char *query, size_t max, ll_hit **hits, size_t *n,
                 bool *more)
{
    srch_ctx x;
    const char *q = query;
    size_t i, j;

    memset(&x, 0, sizeof x);
    *hits = NULL;
    *n = 0;
    if (more)
        *more = false;
    while (*q && x.nwords < LL_COUNTOF(x.words)) {
        size_t k;
        while (*q == ' ')
            q++;
        for (k = 0; q[k] && q[k] != ' '; k++)
            ;
        if (k > 0 && (x.words[x.nwords++] = ll_strndup(q, k)) == NULL)
            x.rc = LL_ENOMEM;
        q += k;
    }
    x.max = max;
    if (x.nwords > 0 && max > 0 && x.rc == LL_OK &&
        (x.hits = ll_calloc(max, sizeof *x.hits)) == NULL)
        x.rc = LL_ENOMEM;
    for (i = 0; x.nwords && g && i < g->n && x.rc == LL_OK; i++) {
        size_t before = x.n;
        srch_text(&x, g->e[i].term, LL_HIT_GLOSSARY, NULL, i);
        if (x.n == before)
            srch_text(&x, g->e[i].def, LL_HIT_GLOSSARY, NULL, i);
    }
    for (i = 0; x.nwords && i < c->nlessons && x.rc == LL_OK; i++) {
        const ll_lesson *l = &c->lessons[i];
        for (j = 0; j < l->npages; j++)
            srch_file(&x, l->pages[j].path, LL_HIT_PAGE, l, j);
        for (j = 0; j < l->nexercises; j++)
            srch_file(&x, l->exercises[j].statement, LL_HIT_STATEMENT, l, j);
        for (j = 0; j < l->nquiz; j++) {
            srch_text(&x, l->quiz[j].prompt, LL_HIT_QUIZ, l, j);
            srch_text(&x, l->quiz[j].explain, LL_HIT_QUIZ, l, j);
        }
    }
    for (i = 0; i < x.nwords; i++)
        ll_free(x.words[i]);
    if (x.rc != LL_OK) {
        ll_hits_free(x.hits, x.n);
        return x.rc;
    }
    *hits = x.hits;
    *n = x.n;
    if (more)
        *more = x.more;
    return LL_OK;
}

void
ll_hits_free(ll_hit *hits, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ll_free(hits[i].text);
    ll_free(hits);
}

char *
ll_hit_where(const ll_hit *h, const ll_glossary *g)
{
    const ll_lesson *l = h->lesson;

    switch (h->kind) {
    case LL_HIT_GLOSSARY:
        return ll_asprintf("glossary: %s", g && h->index < g->n
                           ? g->e[h->index].term : "?");
    case LL_HIT_PAGE:
        return ll_asprintf("%s page %zu: %s", l->id, h->index + 1,
                           l->pages[h->index].title);
    case LL_HIT_STATEMENT:
        return ll_asprintf("%s statement: %s", l->exercises[h->index].id,
                           l->exercises[h->index].title);
    case LL_HIT_QUIZ:
        return ll_asprintf("%s quiz question %zu", l->id, h->index + 1);
    }
    return ll_strdup("?");
}
