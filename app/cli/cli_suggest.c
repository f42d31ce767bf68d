/* SPDX-License-Identifier: MIT
 * app/cli/cli_suggest.c -- "did you mean": what a mistyped command, option
 * or id was probably meant to be.
 *
 * A student who types `chek`, `--jsn`, `check 1.1` or `demo sleepers` is
 * one step from the right command; telling them that step beats a list of
 * everything (git's and cargo's habit). Names are compared by optimal
 * string alignment distance (a swap of two neighbours counts one edit, the
 * commonest typo), accepted up to a third of the word's length.
 */
#include "cli.h"

#include <getopt.h>
#include <string.h>

#include "course/course.h"

/* Edits from a to b (insert, delete, substitute, swap neighbours); names
 * here are short, so the full table is cheap. Longer words are not
 * compared: nobody mistypes a 64-character command. */
static size_t
cli_osa(const char *a, const char *b)
{
    enum { MAXW = 64 };
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t d[MAXW + 1][MAXW + 1];

    if (la > MAXW || lb > MAXW)
        return (size_t)-1;
    for (i = 0; i <= la; i++)
        d[i][0] = i;
    for (j = 0; j <= lb; j++)
        d[0][j] = j;
    for (i = 1; i <= la; i++) {
        for (j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *
ll_cli_suggest(const char *word, const char *const *names, size_t n)
{
    size_t len = strlen(word), best = (size_t)-1, i;
    /* one edit in three, and none for one- or two-letter words, where any
     * edit makes another word */
    size_t limit = len < 3 ? 0 : len < 6 ? 1 : len / 3;
    const char *pick = NULL;

    for (i = 0; i < n; i++) {
        size_t d;
        if (names[i] == NULL)
            continue;
        d = cli_osa(word, names[i]);
        if (d <= limit && d < best) {
            best = d;
            pick = names[i];
        }
    }
    return pick;
}

int
ll_cli_bad_option(const char *cmd, char **argv, const struct option *opts,
                  const char *usage)
{
    /* getopt_long (opterr = 0) left the offending word at optind - 1. */
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    const char *names[32];
    char word[96];
    size_t n = 0, len;
    const char *pick;

    if (optopt != 0) {
        for (; opts->name != NULL; opts++)
            if (opts->val == optopt)
                break;
        fprintf(stderr, "looplab %s: option '--%s' needs a value\n", cmd,
                opts->name ? opts->name : "?");
    } else if (strncmp(arg, "--", 2) != 0) {
        fprintf(stderr, "looplab %s: unknown option '%s'\n", cmd, arg);
    } else {
        len = strcspn(arg + 2, "=");
        if (len >= sizeof word)
            len = sizeof word - 1;
        memcpy(word, arg + 2, len);
        word[len] = '\0';
        for (; opts->name != NULL && n < LL_COUNTOF(names); opts++)
            names[n++] = opts->name;
        pick = ll_cli_suggest(word, names, n);
        if (pick)
            fprintf(stderr, "looplab %s: unknown option '--%s' (did you "
                            "mean '--%s'?)\n", cmd, word, pick);
        else
            fprintf(stderr, "looplab %s: unknown option '--%s'\n", cmd, word);
    }
    fprintf(stderr, "%s\n", usage);
    return LL_EXIT_USAGE;
}

/* The ids of one kind, in course order, into a NULL-terminated array. */
static const char **
cli_ids(const ll_course *c, char kind, size_t *n)
{
    size_t i, j, cap = 0, k = 0;
    const char **ids;

    for (i = 0; i < c->nlessons; i++)
        cap += 1 + c->lessons[i].nexercises + c->lessons[i].ndemos;
    ids = ll_calloc(cap + 1, sizeof *ids);
    if (ids == NULL)
        return NULL;
    for (i = 0; i < c->nlessons; i++) {
        const ll_lesson *l = &c->lessons[i];
        if (kind == 'l' || (kind == 'q' && l->nquiz > 0))
            ids[k++] = l->id;
        for (j = 0; kind == 'e' && j < l->nexercises; j++)
            ids[k++] = l->exercises[j].id;
        for (j = 0; kind == 'd' && j < l->ndemos; j++)
            ids[k++] = l->demos[j].id;
    }
    *n = k;
    return ids;
}

static void
cli_print_ids(const char *label, const char **ids, size_t n)
{
    size_t i;
    fprintf(stderr, "%s:", label);
    for (i = 0; i < n; i++)
        fprintf(stderr, " %s", ids[i]);
    fputc('\n', stderr);
}

/* What the id names instead: a lesson given where its exercises or demos
 * were wanted, or a demo's short name ("sleepers" for 1.1-sleepers). */
static bool
cli_what_instead(const ll_course *c, const char *cmd, char kind,
                 const char *id)
{
    const ll_lesson *l = ll_course_lesson(c, id);
    size_t i, j;

    if (l != NULL && (kind == 'e' || kind == 'd')) {
        size_t n = kind == 'e' ? l->nexercises : l->ndemos;
        if (n == 0) {
            fprintf(stderr, "looplab %s: %s is a lesson, and it has no %s\n",
                    cmd, id, kind == 'e' ? "exercises" : "demos");
            return true;
        }
        fprintf(stderr, "looplab %s: %s is a lesson; its %s %s", cmd, id,
                kind == 'e' ? "exercises" : "demos", n == 1 ? "is" : "are");
        for (i = 0; i < n; i++)
            fprintf(stderr, "%s %s", i ? "," : "",
                    kind == 'e' ? l->exercises[i].id : l->demos[i].id);
        fputc('\n', stderr);
        return true;
    }
    if (kind == 'd') {
        for (i = 0; i < c->nlessons; i++) {
            for (j = 0; j < c->lessons[i].ndemos; j++) {
                const char *d = c->lessons[i].demos[j].id;
                const char *dash = strchr(d, '-');
                if (dash && strcmp(dash + 1, id) == 0) {
                    fprintf(stderr, "looplab %s: no demo '%s' (did you mean "
                                    "'%s'?)\n", cmd, id, d);
                    return true;
                }
            }
        }
    }
    if (kind == 'q' && l != NULL) {
        fprintf(stderr, "looplab %s: lesson %s has no quiz\n", cmd, id);
        return true;
    }
    if (kind == 'l' || kind == 'q') {
        /* an exercise or demo id where its lesson was wanted */
        const ll_exercise *ex = ll_course_exercise(c, id);
        const ll_demo *d = ex ? NULL : ll_course_demo(c, id);
        const ll_lesson *of = ex ? ex->lesson : d ? d->lesson : NULL;
        if (of != NULL) {
            fprintf(stderr, "looplab %s: %s is %s of lesson %s: looplab %s "
                            "%s\n", cmd, id, ex ? "an exercise" : "a demo",
                    of->id, cmd, of->id);
            return true;
        }
    }
    return false;
}

void
ll_cli_unknown_id(const ll_course *c, const char *cmd, char kind,
                  const char *id)
{
    static const char *const what[] = { "exercise", "demo", "lesson", "quiz" };
    static const char *const label[] = { "Exercises", "Demos", "Lessons",
                                         "Quizzes" };
    int w = kind == 'e' ? 0 : kind == 'd' ? 1 : kind == 'l' ? 2 : 3;
    size_t n = 0;
    const char **ids;
    const char *pick;

    ids = cli_ids(c, kind, &n);
    if (cli_what_instead(c, cmd, kind, id)) {
        /* a lesson's own exercises or demos were just named */
        if (ids && (kind == 'l' || kind == 'q'))
            cli_print_ids(label[w], ids, n);
        ll_free(ids);
        return;
    }
    pick = ids ? ll_cli_suggest(id, ids, n) : NULL;
    if (pick == NULL && ids && kind == 'd') {
        /* "slepers" for 1.1-sleepers: compare with the short names */
        const char **shorts = ll_calloc(n + 1, sizeof *shorts);
        size_t i;
        for (i = 0; shorts && i < n; i++)
            shorts[i] = strchr(ids[i], '-') ? strchr(ids[i], '-') + 1 : ids[i];
        pick = shorts ? ll_cli_suggest(id, shorts, n) : NULL;
        for (i = 0; pick && i < n; i++)
            if (shorts[i] == pick)
                pick = ids[i];
        ll_free(shorts);
    }
    if (pick)
        fprintf(stderr, "looplab %s: no %s '%s' (did you mean '%s'?)\n", cmd,
                what[w], id, pick);
    else
        fprintf(stderr, "looplab %s: no %s '%s'\n", cmd, what[w], id);
    if (ids)
        cli_print_ids(label[w], ids, n);
    ll_free(ids);
}
