/* SPDX-License-Identifier: MIT
 * app/cli/cli_quiz.c -- `looplab quiz ID [--plain]`: take a lesson's quiz.
 *
 * On a terminal it opens the quiz screen of the TUI. With --plain, or
 * without a terminal, it asks question by question on stdout and reads
 * one answer number per line from stdin (so a screen reader, a script or
 * a test can take it): immediate feedback with the explanation, every
 * answer recorded like the TUI does, then the score. Exit 0 when every
 * answer was right, 1 otherwise (also when stdin ended early), 4 on a
 * usage error.
 */
#include "cli.h"

#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "course/course.h"
#include "store/store.h"
#include "app/tui/tui.h"

#define QUIZ_USAGE "usage: looplab quiz LESSON-ID [--plain]"

static void
quiz_indent(const char *text, const char *pad)
{
    const char *p = text;

    while (p && *p) {
        size_t n = strcspn(p, "\n");
        printf("%s%.*s\n", pad, (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* Read a choice number 1..n; 0 at end of input. Junk is asked again. */
static int
quiz_read(size_t n)
{
    char line[64];

    for (;;) {
        char *end;
        long v;
        printf("Your answer (1-%zu): ", n);
        fflush(stdout);
        if (fgets(line, sizeof line, stdin) == NULL) {
            printf("\n");
            return 0;
        }
        if (!isatty(STDIN_FILENO))
            printf("%s", line[0] && line[strlen(line) - 1] == '\n' ? line
                   : "\n");     /* echo what a script answered */
        v = strtol(line, &end, 10);
        while (*end == ' ' || *end == '\n' || *end == '\r')
            end++;
        if (end != line && *end == '\0' && v >= 1 && (size_t)v <= n)
            return (int)v;
        printf("Please type a number from 1 to %zu.\n", n);
        if (!isatty(STDIN_FILENO) && feof(stdin))
            return 0;
    }
}

static int
quiz_plain(const ll_lesson *l, ll_store *st)
{
    const char *cs = nl_langinfo(CODESET);
    bool utf8 = cs && strcmp(cs, "UTF-8") == 0;
    int right = 0, answered = 0;
    size_t i, j;

    printf("Quiz %s: %s (%zu question%s)\n", l->id, l->title, l->nquiz,
           l->nquiz == 1 ? "" : "s");
    for (i = 0; i < l->nquiz; i++) {
        const ll_question *q = &l->quiz[i];
        int a;
        bool ok;
        printf("\n%zu/%zu  [%s]\n", i + 1, l->nquiz, ll_quiz_kind_words(q->kind));
        quiz_indent(q->prompt, "");
        if (q->code && *q->code) {
            printf("\n");
            quiz_indent(q->code, "    ");
        }
        printf("\n");
        for (j = 0; j < q->nchoices; j++)
            printf("  %zu) %s\n", j + 1, q->choices[j]);
        if ((a = quiz_read(q->nchoices)) == 0) {
            printf("No answer: the quiz stops here.\n");
            break;
        }
        ok = a - 1 == q->answer;
        answered++;
        right += ok;
        if (ok)
            printf("%s right.\n", utf8 ? "✓" : "[ok]");
        else
            printf("%s wrong: the answer is %d) %s\n", utf8 ? "✗" : "[x]",
                   q->answer + 1, q->choices[q->answer]);
        if (q->explain && *q->explain)
            quiz_indent(q->explain, "  ");
        if (st && ll_store_quiz_answer(st, l->id, (int)i, q->choices[a - 1],
                                       ok) != LL_OK)
            fprintf(stderr, "looplab quiz: could not save the answer: %s\n",
                    ll_store_errmsg(st));
        ll_cli_study(st, l->id);
    }
    /* One summary line; unanswered questions (input ended) are neither. */
    printf("\nScore: %d of %zu right (%d wrong)\n", right, l->nquiz,
           answered - right);
    return right == (int)l->nquiz ? LL_EXIT_OK : LL_EXIT_FAIL;
}

int
ll_cli_quiz(int argc, char **argv)
{
    bool plain = !ll_tui_usable();
    const char *id = NULL;
    const ll_lesson *l;
    ll_course *c;
    ll_store *st;
    int i, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--plain") == 0)
            plain = true;
        else if (argv[i][0] == '-' || id != NULL)
            return ll_cli_usage_error("quiz", QUIZ_USAGE);
        else
            id = argv[i];
    }
    if (id == NULL)
        return ll_cli_usage_error("quiz", QUIZ_USAGE);
    if ((c = ll_cli_course()) == NULL)
        return ll_cli_course_exit();
    if ((l = ll_course_lesson(c, id)) == NULL || l->nquiz == 0) {
        ll_cli_unknown_id(c, "quiz", 'q', id);
        ll_course_free(c);
        return LL_EXIT_USAGE;
    }
    st = ll_cli_store(plain);
    if (plain) {
        rc = quiz_plain(l, st);
    } else {
        char *spec = ll_asprintf("quiz:%s", l->id);
        rc = spec ? ll_tui_main(c, st, spec) : LL_EXIT_INTERNAL;
        ll_free(spec);
    }
    ll_store_close(st);
    ll_course_free(c);
    return rc;
}
