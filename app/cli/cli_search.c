/* SPDX-License-Identifier: MIT
 * app/cli/cli_search.c -- `looplab search WORDS...` and `looplab glossary
 * [TERM]`.
 *
 * search prints every line of the course (pages, exercise statements,
 * quiz questions and explanations, the glossary) that holds all the
 * words, ASCII case folded, under where it lives, with the command that
 * opens it. glossary prints one entry (a term or another spelling of it;
 * an unknown one gets the closest term) or, without a term, the list of
 * terms. Exit 0 when something was found, 1 when nothing was, 4 on a
 * usage error.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "course/course.h"
#include "course/search.h"
#include "app/tui/md.h"

#define SEARCH_USAGE "usage: looplab search WORDS..."
#define GLOSSARY_USAGE "usage: looplab glossary [TERM]"
#define SEARCH_MAX 200

/* The command that opens what a hit points at. */
static void
search_open_hint(const ll_hit *h, const ll_glossary *g)
{
    switch (h->kind) {
    case LL_HIT_GLOSSARY:
        printf("    looplab glossary '%s'\n", g->e[h->index].term);
        break;
    case LL_HIT_PAGE:
        printf("    looplab lesson %s\n", h->lesson->id);
        break;
    case LL_HIT_STATEMENT:
        printf("    in the TUI: lesson %s, Tab, exercise %s\n", h->lesson->id,
               h->lesson->exercises[h->index].id);
        break;
    case LL_HIT_QUIZ:
        printf("    looplab quiz %s\n", h->lesson->id);
        break;
    }
}

int
ll_cli_search(int argc, char **argv)
{
    ll_course *c;
    ll_buf q;
    ll_hit *hits = NULL;
    size_t n = 0, i;
    bool more = false;
    int rc;
    char *last = NULL;

    if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0)
        return argc < 2 ? ll_cli_usage_error("search", SEARCH_USAGE)
                        : (printf("%s\n", SEARCH_USAGE), LL_EXIT_OK);
    if ((c = ll_cli_course()) == NULL)
        return ll_cli_course_exit();
    ll_buf_init(&q);
    for (i = 1; i < (size_t)argc; i++) {
        ll_buf_adds(&q, argv[i]);
        ll_buf_adds(&q, " ");
    }
    rc = ll_course_search(c, c->glossary, q.data ? q.data : "", SEARCH_MAX,
                          &hits, &n, &more);
    if (rc != LL_OK) {
        fprintf(stderr, "looplab search: %s\n", ll_strerror(rc));
        ll_buf_close(&q);
        ll_course_free(c);
        return LL_EXIT_INTERNAL;
    }
    if (n == 0)
        printf("Nothing in the course matches: %s\n", q.data);
    for (i = 0; i < n; i++) {
        char *where = ll_hit_where(&hits[i], c->glossary);
        if (where && (last == NULL || strcmp(where, last) != 0)) {
            if (last)
                search_open_hint(&hits[i - 1], c->glossary);
            printf("%s%s\n", i ? "\n" : "", where);
            ll_free(last);
            last = where;
        } else {
            ll_free(where);
        }
        printf("  %d: %s\n", hits[i].line, hits[i].text);
    }
    if (n > 0)
        search_open_hint(&hits[n - 1], c->glossary);
    if (more)
        printf("\n(only the first %d matches: add a word to narrow it)\n",
               SEARCH_MAX);
    ll_free(last);
    rc = n > 0 ? LL_EXIT_OK : LL_EXIT_FAIL;
    ll_hits_free(hits, n);
    ll_buf_close(&q);
    ll_course_free(c);
    return rc;
}

int
ll_cli_glossary(int argc, char **argv)
{
    ll_course *c;
    const ll_glossary *g;
    const ll_gloss_entry *e;
    ll_buf term;
    int i, rc = LL_EXIT_OK;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "-h") == 0)) {
        printf("%s\n", GLOSSARY_USAGE);
        return LL_EXIT_OK;
    }
    if ((c = ll_cli_course()) == NULL)
        return ll_cli_course_exit();
    g = c->glossary;
    if (g == NULL || g->n == 0) {
        printf("This course has no glossary.\n");
        ll_course_free(c);
        return LL_EXIT_FAIL;
    }
    if (argc < 2) {
        printf("Glossary (looplab glossary TERM shows one):\n");
        for (size_t k = 0; k < g->n; k++)
            printf("  %s\n", g->e[k].term);
        ll_course_free(c);
        return LL_EXIT_OK;
    }
    ll_buf_init(&term);
    for (i = 1; i < argc; i++) {
        if (i > 1)
            ll_buf_adds(&term, " ");
        ll_buf_adds(&term, argv[i]);
    }
    e = ll_glossary_find(g, term.data ? term.data : "");
    if (e == NULL) {
        const char **names = ll_calloc(g->n ? g->n : 1, sizeof *names);
        const char *near;
        for (size_t k = 0; names && k < g->n; k++)
            names[k] = g->e[k].names[0];
        near = names ? ll_cli_suggest(term.data, names, g->n) : NULL;
        fprintf(stderr, "looplab glossary: no entry '%s'%s%s%s; "
                "`looplab glossary` lists the terms, `looplab search %s` "
                "searches the course\n", term.data, near ? " (did you mean '"
                : "", near ? near : "", near ? "'?)" : "", term.data);
        ll_free(names);
        rc = LL_EXIT_USAGE;
    } else {
        char *text = ll_md_render_plain(e->def, 78);
        printf("%s\n\n%s", e->term, text ? text : e->def);
        if (e->nlessons > 0) {
            printf("\nTaught in:");
            for (size_t k = 0; k < e->nlessons; k++) {
                const ll_lesson *l = ll_course_lesson(c, e->lessons[k]);
                printf("%s %s%s%s%s", k ? "," : "", e->lessons[k],
                       l ? " (" : "", l ? l->title : "", l ? ")" : "");
            }
            printf("\n");
        }
        ll_free(text);
    }
    ll_buf_close(&term);
    ll_course_free(c);
    return rc;
}
