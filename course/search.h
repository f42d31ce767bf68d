/* SPDX-License-Identifier: MIT
 * course/search.h -- the glossary and course-wide search.
 *
 * The glossary is course data: <root>/glossary.md, one "## term" heading
 * per entry (terms sorted, unique), its Markdown definition below, and
 * optionally a last line "Lessons: 1.2, 1.3" naming where it is taught.
 * A term heading may give other spellings after " / "
 * ("## future / futures"). No file: an empty glossary.
 *
 * Search looks for every word of a query (ASCII case folded) on one line
 * of the pages' Markdown source, the exercise statements, the quiz
 * questions and explanations, and the glossary. Pure; no curses, no
 * sqlite; any thread.
 */
#ifndef LL_SEARCH_H
#define LL_SEARCH_H

#include "course/course.h"

typedef struct ll_gloss_entry {
    char   *term;       /* the heading's first spelling: "event loop" */
    char  **names;      /* every spelling, lowercase, term first */
    size_t  nnames;
    char   *def;        /* Markdown, without the Lessons: line */
    char  **lessons;    /* ids from the Lessons: line */
    size_t  nlessons;
    int     line;       /* of the heading in the file */
} ll_gloss_entry;

typedef struct ll_glossary {
    char           *path;
    ll_gloss_entry *e;
    size_t          n;
} ll_glossary;

/* Read <root>/glossary.md into *out (heap; ll_glossary_free). A missing
 * file gives an empty glossary. LL_OK, LL_ENOMEM, or LL_ESYNTAX with
 * *err (heap) "path:line: message" for text before the first entry that
 * is not the title, or an entry with no definition. */
int  ll_glossary_load(const char *root, ll_glossary **out, char **err);
void ll_glossary_free(ll_glossary *g);
/* The entry one of whose spellings is term (case folded), or NULL. */
const ll_gloss_entry *ll_glossary_find(const ll_glossary *g,
                                       const char *term);
/* The entries whose spellings occur in text as words (case folded; a
 * plural "s"/"es" counts), in glossary order: indexes into g->e written
 * to idx (at most max); returns how many. */
size_t ll_glossary_in_text(const ll_glossary *g, const char *text,
                           size_t *idx, size_t max);

typedef enum ll_hit_kind {
    LL_HIT_PAGE, LL_HIT_STATEMENT, LL_HIT_QUIZ, LL_HIT_GLOSSARY
} ll_hit_kind;

typedef struct ll_hit {
    ll_hit_kind      kind;
    const ll_lesson *lesson;   /* NULL for the glossary */
    size_t           index;    /* page, exercise, question or entry */
    int              line;     /* 1-based line in its file or text */
    char            *text;     /* the line, trimmed, at most 200 bytes */
} ll_hit;

/* Search the course (and glossary g, may be NULL) for query's words.
 * *hits (heap, ll_hits_free) in course order: glossary first, then per
 * lesson its pages, statements and quiz. At most max hits (*more set
 * when there were others). LL_OK or LL_ENOMEM; an unreadable page is
 * skipped. */
int  ll_course_search(const ll_course *c, const ll_glossary *g,
                      const char *query, size_t max, ll_hit **hits,
                      size_t *n, bool *more);
void ll_hits_free(ll_hit *hits, size_t n);
/* Where a hit lives, for a list: "glossary: event loop", "1.2 page 1:
 * Tasks and the loop", "1.4a statement", "1.3 quiz question 2". Heap. */
char *ll_hit_where(const ll_hit *h, const ll_glossary *g);

#endif /* LL_SEARCH_H */
