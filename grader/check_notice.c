/* SPDX-License-Identifier: MIT
 * grader/check_notice.c -- what a Python report says before its checks.
 *
 * A missing `await` is the beginner's bug that every check then reports
 * in its own words (wrong output, too fast, "left behind"), none of them
 * the cause. So when the run's warnings hold "coroutine 'X' was never
 * awaited", the result's notice names it first, with the student's line
 * and the fix, followed by Python's own warning. The line is where the
 * coroutine was created: the harness notes it from cr_origin when the
 * warning fires (the summary's `unawaited`); failing that, the linter's
 * LL015 finding for a call of that name. Also here: which interpreter ran
 * the submission, when LOOPLAB_PYTHON chose one (ll_result.python), and
 * whether a run's error is the one message of a file that does not
 * compile.
 */
#include "check_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTICE_MAX 3          /* coroutines named; the rest are counted */

typedef struct notice_co {
    char name[128];
    char file[128];           /* "" = the exercise's own file */
    char call[128];           /* how the line calls it: "lab.fetch", or "" */
    long line;                /* 0 = unknown */
} notice_co;

/* The name in "... coroutine 'NAME' was never awaited ..." or false. */
static bool
notice_warned_name(const char *w, char *name, size_t n)
{
    const char *p = strstr(w, "coroutine '"), *q;
    if (p == NULL)
        return false;
    p += strlen("coroutine '");
    q = strstr(p, "' was never awaited");
    if (q == NULL || (size_t)(q - p) >= n || memchr(p, '\'', (size_t)(q - p)))
        return false;
    memcpy(name, p, (size_t)(q - p));
    name[q - p] = '\0';
    return true;
}

/* The last part of a qualified name: "Client.get" -> "get". */
static const char *
notice_short(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The linter's LL015 line for a call of `name`, or 0. */
static long
notice_lint_line(json_t *sum, const char *name)
{
    json_t *f;
    size_t i;
    char call[160];

    snprintf(call, sizeof call, "`%.150s(", notice_short(name));
    json_array_foreach(json_object_get(sum, "lint"), i, f) {
        const char *rule = json_string_value(json_object_get(f, "rule"));
        const char *problem = json_string_value(json_object_get(f, "problem"));
        if (rule && strcmp(rule, "LL015") == 0 && problem
            && strstr(problem, call) != NULL)
            return (long)json_integer_value(json_object_get(f, "line"));
    }
    return 0;
}

static bool
notice_seen(const notice_co *cos, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(cos[i].name, name) == 0)
            return true;
    return false;
}

static void
notice_one(ll_buf *b, const notice_co *c)
{
    const char *s = c->call[0] ? c->call : notice_short(c->name);
    bool plain = (c->call[0] || s == c->name) && strchr(s, '<') == NULL;

    ll_buf_printf(b, "coroutine '%s' was never awaited", c->name);
    if (c->line > 0 && c->file[0])
        ll_buf_printf(b, " (%s:%ld)", c->file, c->line);
    else if (c->line > 0)
        ll_buf_printf(b, " (line %ld)", c->line);
    if (plain)
        ll_buf_printf(b, ": call it with `await %s(...)`\n", s);
    else if (strchr(s, '<') == NULL)
        ll_buf_printf(b, ": put `await` before the call of %s()\n", s);
    else
        ll_buf_adds(b, ": put `await` before it\n");
}

/* The never-awaited notice from the summary, or NULL. Heap string. */
static char *
notice_unawaited(json_t *sum)
{
    notice_co cos[NOTICE_MAX];
    size_t n = 0, more = 0, i;
    json_t *v;
    ll_buf b;
    char name[128];

    /* the harness's notes first: they have the line */
    json_array_foreach(json_object_get(sum, "unawaited"), i, v) {
        const char *nm = json_string_value(json_object_get(v, "name"));
        const char *file = json_string_value(json_object_get(v, "file"));
        const char *call = json_string_value(json_object_get(v, "call"));
        if (nm == NULL || strlen(nm) >= sizeof cos[0].name
            || notice_seen(cos, n, nm))
            continue;
        if (n == NOTICE_MAX) {
            more++;
            continue;
        }
        snprintf(cos[n].name, sizeof cos[n].name, "%s", nm);
        snprintf(cos[n].file, sizeof cos[n].file, "%s", file ? file : "");
        snprintf(cos[n].call, sizeof cos[n].call, "%s", call ? call : "");
        cos[n].line = (long)json_integer_value(json_object_get(v, "line"));
        n++;
    }
    /* then any warning they missed (a student who turned origin tracking
     * off, or a warning raised by hand) */
    json_array_foreach(json_object_get(sum, "warnings"), i, v) {
        const char *w = json_string_value(v);
        if (w == NULL || !notice_warned_name(w, name, sizeof name)
            || notice_seen(cos, n, name))
            continue;
        if (n == NOTICE_MAX) {
            more++;
            continue;
        }
        snprintf(cos[n].name, sizeof cos[n].name, "%s", name);
        cos[n].file[0] = cos[n].call[0] = '\0';
        cos[n].line = 0;
        n++;
    }
    if (n == 0)
        return NULL;
    ll_buf_init(&b);
    for (i = 0; i < n; i++) {
        if (cos[i].line <= 0) {
            cos[i].line = notice_lint_line(sum, cos[i].name);
            cos[i].file[0] = '\0';
        }
        notice_one(&b, &cos[i]);
    }
    if (more > 0)
        ll_buf_printf(&b, "(and %zu more never awaited)\n", more);
    /* Python's own words, not hidden behind ours */
    ll_buf_adds(&b, "Python warned:");
    json_array_foreach(json_object_get(sum, "warnings"), i, v) {
        const char *w = json_string_value(v);
        if (w != NULL && strstr(w, "was never awaited") != NULL)
            ll_buf_printf(&b, "\n  %s", w);
    }
    return ll_buf_take(&b);
}

const char *
ll_check_compile_error(const char *error)
{
    static const char *const kinds[] = {
        "SyntaxError", "IndentationError", "TabError"
    };
    size_t i, eol = error ? strcspn(error, "\n") : 0;

    for (i = 0; i < LL_COUNTOF(kinds); i++) {
        char pat[32];
        const char *at, *p;
        int colons = 0;
        snprintf(pat, sizeof pat, ": %s: ", kinds[i]);
        at = error ? strstr(error, pat) : NULL;
        if (at == NULL || (size_t)(at - error) > eol)
            continue;
        /* PATH:LINE:COL just before it */
        for (p = at - 1; p > error && colons < 2; p--) {
            if (*p == ':')
                colons++;
            else if (*p < '0' || *p > '9')
                break;
        }
        if (colons == 2)
            return kinds[i];
    }
    return NULL;
}

void
check_python_notes(ll_result *r, json_t *sum)
{
    const char *py = ll_check_python();
    char *notice;

    if (sum != NULL && (notice = notice_unawaited(sum)) != NULL) {
        ll_free(r->notice);
        r->notice = notice;
    }
    /* Only a student's own choice is worth a line: the course grades
     * with Debian's python3 (README.md, "Which Python"). */
    if (strcmp(py, LL_CHECK_DEFAULT_PYTHON) != 0) {
        const char *ver = json_string_value(json_object_get(sum, "python"));
        ll_free(r->python);
        r->python = ll_asprintf("%s (%s, from LOOPLAB_PYTHON)",
                                ver && *ver ? ver : "version unknown", py);
    }
}
