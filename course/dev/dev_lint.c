/* SPDX-License-Identifier: MIT
 * course/dev/dev_lint.c -- `looplab dev lint`: read content without running it.
 *
 * Loading (course/manifest.c) already enforces the schema, paths that
 * exist and unique ids within a load; lint adds what a loader can accept
 * but a student would trip over: unknown fields, ids shared across the
 * linted lessons, Markdown that does not render as written (raw HTML, code
 * fences without a language, lines wider than the 76-column page), missing
 * hints, a solution that is not there, checks.lua that does not evaluate,
 * and mutant headers that name no existing check. luacheck runs when it is
 * installed (an optional tool: its findings are warnings). Errors fail the
 * run; warnings do not.
 */
#include "dev.h"
#include "grader/check.h"
#include "course/search.h"

#include <dirent.h>
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEV_PAGE_WIDTH 76
/* Containers (quotes, lists, items) the terminal draws nested: MD_MAXBOX
 * of app/tui/md_int.h. Deeper ones render flat, so lint says so. */
#define DEV_MD_MAXDEPTH 32

static bool
lint_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* {=================== Markdown ===================} */

typedef struct lint_md {
    int html;        /* raw HTML blocks or inline tags seen */
    int headings1;   /* "# " headings */
    int depth, maxdepth;   /* nested containers, now and at most */
    bool deep_pending;     /* too deep: the next text gives the line */
    const char *text;      /* the document, to turn pointers into lines */
    size_t len;
    int deep_line;         /* 0: unknown */
} lint_md;

static bool
lint_md_container(MD_BLOCKTYPE t)
{
    return t == MD_BLOCK_QUOTE || t == MD_BLOCK_UL || t == MD_BLOCK_OL ||
           t == MD_BLOCK_LI;
}

static int
lint_md_enter(MD_BLOCKTYPE t, void *detail, void *ud)
{
    lint_md *m = ud;
    if (t == MD_BLOCK_HTML)
        m->html++;
    if (t == MD_BLOCK_H && ((MD_BLOCK_H_DETAIL *)detail)->level == 1)
        m->headings1++;
    if (lint_md_container(t) && ++m->depth > m->maxdepth) {
        m->maxdepth = m->depth;
        if (m->depth == DEV_MD_MAXDEPTH + 1)
            m->deep_pending = true;
    }
    return 0;
}

static int
lint_md_leave(MD_BLOCKTYPE t, void *d, void *ud)
{
    lint_md *m = ud;
    (void)d;
    if (lint_md_container(t))
        m->depth--;
    return 0;
}

static int
lint_md_span(MD_SPANTYPE t, void *d, void *ud)
{
    (void)t; (void)d; (void)ud;
    return 0;
}

static int
lint_md_text(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE n, void *ud)
{
    lint_md *m = ud;
    (void)n;
    if (t == MD_TEXT_HTML)
        m->html++;
    if (m->deep_pending && s >= m->text && s < m->text + m->len) {
        /* md4c's text points into the document: count the lines once. */
        const char *p = m->text;
        m->deep_line = 1;
        while ((p = memchr(p, '\n', (size_t)(s - p))) != NULL) {
            m->deep_line++;
            p++;
        }
        m->deep_pending = false;
    }
    return 0;
}

static size_t
lint_utf8_len(const char *s, size_t n)
{
    size_t i, c = 0;
    for (i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* page: a lesson page (title line, width, "In practice"); else a statement. */
static void
lint_markdown(ll_dev_report *rep, const char *id, const char *path, bool page)
{
    char *text = NULL;
    size_t len = 0;
    MD_PARSER p;
    lint_md m = { 0 };
    const char *s, *nl;
    int line = 0, wide = 0, first_wide = 0, html_lines = 0;
    bool in_fence = false, practice = false;
    char fence[8] = "";

    if (ll_read_file(path, &text, &len) != LL_OK) {
        ll_dev_add(rep, LL_DEV_ERROR, "lint", id, path, 0, "cannot read it");
        return;
    }
    memset(&p, 0, sizeof p);
    p.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH |
              MD_FLAG_PERMISSIVEURLAUTOLINKS;
    p.enter_block = lint_md_enter;
    p.leave_block = lint_md_leave;
    p.enter_span = lint_md_span;
    p.leave_span = lint_md_span;
    p.text = lint_md_text;
    m.text = text;
    m.len = len;
    if (md_parse(text, (MD_SIZE)len, &p, &m) != 0)
        ll_dev_add(rep, LL_DEV_ERROR, "lint", id, path, 0,
                   "md4c could not parse this Markdown");
    if (m.maxdepth > DEV_MD_MAXDEPTH)
        ll_dev_add(rep, LL_DEV_WARN, "lint", id, path, m.deep_line,
                   "quotes and lists nested %d deep: the terminal draws %d "
                   "levels, deeper ones flat", m.maxdepth, DEV_MD_MAXDEPTH);
    if (page && strncmp(text, "# ", 2) != 0)
        ll_dev_add(rep, LL_DEV_WARN, "lint", id, path, 1,
                   "a page starts with its title: `# Title` on line 1");
    for (s = text; *s; s = nl ? nl + 1 : s + strlen(s)) {
        size_t n;
        nl = strchr(s, '\n');
        n = nl ? (size_t)(nl - s) : strlen(s);
        line++;
        if (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0) {
            if (!in_fence) {
                const char *info = s + strspn(s, "`~");
                size_t k = (size_t)(info - s);
                snprintf(fence, sizeof fence, "%.*s", (int)(k < 7 ? k : 7), s);
                info += strspn(info, " \t");
                if (info >= s + n)
                    ll_dev_add(rep, LL_DEV_WARN, "lint", id, path, line,
                               "code block without a language: write "
                               "```python, ```lua, ```sh or ```text");
                in_fence = true;
            } else if (strncmp(s, fence, strlen(fence)) == 0) {
                in_fence = false;
            }
        } else if (!in_fence && m.html > 0) {
            const char *lt = memchr(s, '<', n);
            if (lt && lt + 1 < s + n && (lt[1] == '/' || lt[1] == '!' ||
                (lt[1] >= 'a' && lt[1] <= 'z') || (lt[1] >= 'A' &&
                                                    lt[1] <= 'Z'))) {
                html_lines++;
                ll_dev_add(rep, LL_DEV_ERROR, "lint", id, path, line,
                           "raw HTML is not rendered in the terminal; use "
                           "Markdown (or `code` for a literal <tag>)");
            }
        }
        if (!in_fence && strncmp(s, "## In practice", 14) == 0)
            practice = true;
        /* A link reference definition ("[key]: URL") is never shown as
         * written (the URL goes under "Links" at the page's end) and a
         * URL cannot be wrapped: no width limit for it. */
        if (page && lint_utf8_len(s, n) > DEV_PAGE_WIDTH &&
            !(n > 0 && s[0] == '[' && memchr(s, ']', n) != NULL &&
              ((const char *)memchr(s, ']', n))[1] == ':')) {
            if (wide++ == 0)
                first_wide = line;
        }
    }
    if (in_fence)
        ll_dev_add(rep, LL_DEV_ERROR, "lint", id, path, line,
                   "a code block is never closed (missing %s)", fence);
    if (wide > 0)
        ll_dev_add(rep, LL_DEV_WARN, "lint", id, path, first_wide,
                   "%d line%s wider than %d columns (first here): pages are "
                   "read at 80 columns", wide, wide > 1 ? "s" : "",
                   DEV_PAGE_WIDTH);
    if (page && !practice)
        ll_dev_add(rep, LL_DEV_WARN, "lint", id, path, 0,
                   "no `## In practice` section at the end");
    if (m.html > 0 && html_lines == 0)
        ll_dev_add(rep, LL_DEV_ERROR, "lint", id, path, 0,
                   "raw HTML is not rendered in the terminal; use Markdown");
    ll_free(text);
}

/* {=================== exercises ===================} */

static bool
lint_has(char **v, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return true;
    return false;
}

static void
lint_mutants(ll_dev_report *rep, const ll_exercise *e, char **checks,
             size_t nchecks)
{
    char *dir = ll_asprintf("%s/mutants", e->dir);
    const char *ext = strrchr(e->file, '.');
    DIR *d = dir ? opendir(dir) : NULL;
    struct dirent *de;
    int count = 0;

    while (d != NULL && (de = readdir(d)) != NULL) {
        size_t dl = strlen(de->d_name), nn, k;
        char *path, **names, *err;
        if (de->d_name[0] == '.' || (ext && (dl < strlen(ext) ||
            strcmp(de->d_name + dl - strlen(ext), ext) != 0)))
            continue;
        path = ll_asprintf("%s/%s", dir, de->d_name);
        if (path == NULL)
            break;
        count++;
        if (ll_dev_mutant_names(path, &names, &nn, &err) != LL_OK) {
            ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, path, 1, "%s", err);
            ll_free(err);
            ll_free(path);
            continue;
        }
        for (k = 0; checks && k < nn; k++)
            if (!lint_has(checks, nchecks, names[k]))
                ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, path, 1,
                           "names check \"%s\", which checks.lua does not "
                           "define", names[k]);
        {
            char *slug = NULL;
            if (ll_dev_mutant_bug(path, &slug, &err) != LL_OK) {
                ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, path, 2, "%s",
                           err ? err : "cannot read the bug line");
                ll_free(err);
            } else if (slug == NULL && e->kind == LL_EX_PYTHON) {
                ll_dev_add(rep, LL_DEV_WARN, "lint", e->id, path, 2,
                           "no `# bug: <slug>` line: name the learner bug "
                           "this mutant plays (docs/authoring.md 7.1)");
            }
            ll_free(slug);
        }
        ll_dev_strv_free(names, nn);
        ll_free(path);
    }
    if (d != NULL)
        closedir(d);
    if (count == 0)
        ll_dev_add(rep, LL_DEV_WARN, "lint", e->id, e->dir, 0,
                   "no mutants%s: add one wrong solution per mistake the "
                   "checks must catch, first line `%s mutant: fails \"<check "
                   "name>\"`", ext ? "" : "", e->kind == LL_EX_LUA ? "--" : "#");
    ll_free(dir);
}

/* The line of checks.lua where the check named `name` is written (its
 * name in quotes), or 0. */
static int
lint_line_of_check(const char *path, const char *name)
{
    char *text = NULL, *at, *q;
    int line = 0;

    if (ll_read_file(path, &text, NULL) != LL_OK)
        return 0;
    q = ll_asprintf("\"%s\"", name);
    if (q != NULL && (at = strstr(text, q)) != NULL) {
        line = 1;
        for (char *p = text; p < at; p++)
            line += *p == '\n';
    }
    ll_free(q);
    ll_free(text);
    return line;
}

/* A Python statement's "How to run it" says what grades it: Debian's
 * python3, 3.11 (issue 15; README.md, "Which Python"). */
static void
lint_python_version(ll_dev_report *rep, const ll_exercise *e)
{
    char *text = NULL, *sec, *next;

    if (e->kind != LL_EX_PYTHON || ll_read_file(e->statement, &text, NULL)
        != LL_OK)
        return;
    sec = strstr(text, "## How to run it");
    if (sec != NULL && (next = strstr(sec + 3, "\n## ")) != NULL)
        *next = '\0';
    if (sec == NULL || strstr(sec, LL_CHECK_DEFAULT_PYTHON_VERSION) == NULL)
        ll_dev_add(rep, LL_DEV_WARN, "lint", e->id, e->statement, 0,
                   "`How to run it` does not say what grades the file: add "
                   "\"`looplab check` runs your file with Debian's `python3`, "
                   "Python %s (`looplab doctor` shows it): write for %s.\" "
                   "(and, for a 3.12+ feature, the %s way)",
                   LL_CHECK_DEFAULT_PYTHON_VERSION,
                   LL_CHECK_DEFAULT_PYTHON_VERSION,
                   LL_CHECK_DEFAULT_PYTHON_VERSION);
    ll_free(text);
}

static void
lint_exercise(ll_dev_report *rep, const ll_exercise *e)
{
    char *path = ll_asprintf("%s/exercise.lua", e->dir);
    char *sol = ll_asprintf("%s/solution/%s", e->dir, e->file);
    char *checks = ll_asprintf("%s/checks.lua", e->dir);
    char **names = NULL, *err = NULL, *stmt = NULL;
    int *hints = NULL;
    size_t nnames = 0, i, j;

    if (!path || !sol || !checks)
        goto out;
    ll__dev_unknown_fields(path, "exercise", rep);
    if (e->nhints == 0)
        ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, path, 0,
                   "no hints: give two or three, from gentle to nearly the "
                   "answer (field 'hints')");
    else if (e->nhints == 1 || e->nhints > 3)
        ll_dev_add(rep, LL_DEV_WARN, "lint", e->id, path, 0,
                   "%zu hints: two or three work best", e->nhints);
    for (i = 0; i < e->nhints; i++)
        if (e->hints[i][0] == '\0')
            ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, path, 0,
                       "hints[%zu] is empty", i + 1);
    if (!lint_exists(sol))
        ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, sol, 0,
                   "the reference solution is missing (solution/%s, the "
                   "same name as field 'file')", e->file);
    lint_markdown(rep, e->id, e->statement, false);
    if (ll__dev_check_names(checks, &names, &nnames, &hints, &err) != LL_OK) {
        ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, checks, 0,
                   "does not evaluate: %s", err ? err : "?");
        names = NULL;
    } else if (nnames == 0) {
        ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, checks, 0,
                   "defines no checks: return a list of check tables");
    }
    /* `hint = N` names one of exercise.lua's hints */
    for (i = 0; hints != NULL && i < nnames; i++)
        if (hints[i] > 0 && (size_t)hints[i] > e->nhints)
            ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, checks,
                       lint_line_of_check(checks, names[i]),
                       "check \"%s\" names hint %d, but exercise.lua has "
                       "%zu hint%s", names[i], hints[i], e->nhints,
                       e->nhints == 1 ? "" : "s");
    for (i = 0; i < nnames; i++)
        for (j = i + 1; j < nnames; j++)
            if (strcmp(names[i], names[j]) == 0)
                ll_dev_add(rep, LL_DEV_ERROR, "lint", e->id, checks, 0,
                           "two checks are named \"%s\": names identify "
                           "checks in reports and mutant headers", names[i]);
    if (names != NULL && ll_read_file(e->statement, &stmt, NULL) == LL_OK)
        for (i = 0; i < nnames; i++)
            if (strstr(stmt, names[i]) == NULL)
                ll_dev_add(rep, LL_DEV_WARN, "lint", e->id, e->statement, 0,
                           "the statement does not mention check \"%s\" "
                           "(list every check's name in `How it is checked`)",
                           names[i]);
    lint_mutants(rep, e, names, nnames);
    lint_python_version(rep, e);
out:
    ll_free(hints);
    ll_free(stmt);
    ll_free(err);
    ll_dev_strv_free(names, nnames);
    ll_free(path);
    ll_free(sol);
    ll_free(checks);
}

/* {=================== lessons and quizzes ===================} */

static void
lint_quiz(ll_dev_report *rep, const ll_lesson *l)
{
    size_t i, k;
    if (l->quiz_path == NULL)
        return;
    ll__dev_unknown_fields(l->quiz_path, "quiz", rep);
    for (i = 0; i < l->nquiz; i++) {
        const ll_question *q = &l->quiz[i];
        const char *kind = ll_quiz_kind_name(q->kind);
        if ((q->code == NULL) != (q->lang == NULL))
            ll_dev_add(rep, LL_DEV_ERROR, "lint", l->id, l->quiz_path, 0,
                       "question %zu: `code` and `lang` go together", i + 1);
        if (q->lang && strcmp(q->lang, "python") && strcmp(q->lang, "lua"))
            ll_dev_add(rep, LL_DEV_ERROR, "lint", l->id, l->quiz_path, 0,
                       "question %zu: lang must be \"python\" or \"lua\" "
                       "(got \"%s\")", i + 1, q->lang);
        if (q->kind != LL_QUIZ_MC && q->code == NULL)
            ll_dev_add(rep, LL_DEV_ERROR, "lint", l->id, l->quiz_path, 0,
                       "question %zu (%s): predict-%s questions need a "
                       "`code` snippet so `dev check` can recompute the "
                       "answer", i + 1, kind,
                       q->kind == LL_QUIZ_PT ? "time" : "output");
        if (q->kind == LL_QUIZ_MC && q->nruns > 0)
            ll_dev_add(rep, LL_DEV_WARN, "lint", l->id, l->quiz_path, 0,
                       "question %zu (mc): `run` is only used by po and pt "
                       "questions", i + 1);
        if (q->kind == LL_QUIZ_PT && q->ntimes == 0)
            for (k = 0; k < q->nchoices; k++) {
                const char *c = q->choices[k];
                bool time = strstr(c, " s") || strstr(c, "ms") ||
                            strstr(c, "sec");
                if (!time)
                    ll_dev_add(rep, (int)k == q->answer ? LL_DEV_ERROR
                               : LL_DEV_WARN, "lint", l->id, l->quiz_path, 0,
                               "question %zu (pt): choice %zu (\"%s\") states "
                               "no time such as \"2 s\" or \"250 ms\" (or "
                               "record the real result in `times`)", i + 1,
                               k + 1, c);
            }
        for (k = 0; k < q->nchoices; k++) {
            size_t m;
            for (m = k + 1; m < q->nchoices; m++)
                if (strcmp(q->choices[k], q->choices[m]) == 0)
                    ll_dev_add(rep, LL_DEV_ERROR, "lint", l->id,
                               l->quiz_path, 0, "question %zu: choices %zu "
                               "and %zu are the same", i + 1, k + 1, m + 1);
        }
        if (q->explain[0] == '\0')
            ll_dev_add(rep, LL_DEV_WARN, "lint", l->id, l->quiz_path, 0,
                       "question %zu: `explain` is empty", i + 1);
    }
}

static void
lint_lesson(ll_dev_report *rep, const ll_dev_scope *sc, size_t li)
{
    const ll_lesson *l = &sc->lessons[li];
    char *path = ll_asprintf("%s/lesson.lua", l->dir);
    size_t i, k;

    if (path == NULL)
        return;
    if (sc->only[li] == NULL) {
        ll__dev_unknown_fields(path, "lesson", rep);
        if (l->npages == 0)
            ll_dev_add(rep, LL_DEV_WARN, "lint", l->id, path, 0,
                       "the lesson has no pages");
        for (i = 0; i < l->npages; i++)
            lint_markdown(rep, l->id, l->pages[i].path, true);
        for (i = 0; i < l->ndemos; i++) {
            const ll_demo *d = &l->demos[i];
            for (k = 0; k < d->nknobs; k++) {
                const ll_knob *kn = &d->knobs[k];
                if (kn->min > kn->max || kn->value < kn->min ||
                    kn->value > kn->max || kn->step <= 0)
                    ll_dev_add(rep, LL_DEV_ERROR, "lint", d->id, path, 0,
                               "demo '%s', knob '%s': need min <= value <= "
                               "max and step > 0 (got %g <= %g <= %g, "
                               "step %g)", d->id, kn->name, kn->min,
                               kn->value, kn->max, kn->step);
            }
        }
    }
    for (i = 0; i < l->nexercises; i++)
        if (ll_dev_scope_has_exercise(sc, li, &l->exercises[i]))
            lint_exercise(rep, &l->exercises[i]);
    if (ll_dev_scope_has_quiz(sc, li))
        lint_quiz(rep, l);
    ll_free(path);
}

/* Ids shared by two lessons of the scope (a single lesson's loader already
 * refuses its own duplicates). */
static void
lint_ids(ll_dev_report *rep, const ll_dev_scope *sc)
{
    size_t i, j, a, b;
    for (i = 0; i < sc->nlessons; i++)
        for (j = i + 1; j < sc->nlessons; j++) {
            const ll_lesson *x = &sc->lessons[i], *y = &sc->lessons[j];
            char *p = ll_asprintf("%s/lesson.lua", y->dir);
            if (strcmp(x->id, y->id) == 0)
                ll_dev_add(rep, LL_DEV_ERROR, "lint", y->id, p, 0,
                           "lesson id '%s' is also used by %s", y->id, x->dir);
            for (a = 0; a < x->nexercises; a++)
                for (b = 0; b < y->nexercises; b++)
                    if (strcmp(x->exercises[a].id, y->exercises[b].id) == 0)
                        ll_dev_add(rep, LL_DEV_ERROR, "lint", y->id,
                                   y->exercises[b].dir, 0, "exercise id '%s' "
                                   "is also used by %s", x->exercises[a].id,
                                   x->exercises[a].dir);
            for (a = 0; a < x->ndemos; a++)
                for (b = 0; b < y->ndemos; b++)
                    if (strcmp(x->demos[a].id, y->demos[b].id) == 0)
                        ll_dev_add(rep, LL_DEV_ERROR, "lint", y->id, p, 0,
                                   "demo id '%s' is also used by %s",
                                   x->demos[a].id, x->dir);
            ll_free(p);
        }
    for (i = 0; i < sc->nlessons; i++) {
        const ll_lesson *x = &sc->lessons[i];
        for (a = 0; a < x->nexercises; a++)
            for (b = a + 1; b < x->nexercises; b++)
                if (strcmp(x->exercises[a].id, x->exercises[b].id) == 0)
                    ll_dev_add(rep, LL_DEV_ERROR, "lint", x->id,
                               x->exercises[b].dir, 0, "exercise id '%s' is "
                               "also used by %s", x->exercises[a].id,
                               x->exercises[a].dir);
    }
}

/* {=================== luacheck ===================} */

static char *
lint_luacheck_path(void)
{
    const char *path = getenv("PATH");
    char *copy, *dir, *save = NULL, *found = NULL;
    if (path == NULL || (copy = ll_strdup(path)) == NULL)
        return NULL;
    for (dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *p = ll_asprintf("%s/luacheck", *dir ? dir : ".");
        if (p && access(p, X_OK) == 0)
            found = p;
        else
            ll_free(p);
    }
    ll_free(copy);
    return found;
}

/* The .luacheckrc for a lesson: the nearest one above it, else ours. */
static char *
lint_luacheckrc(const char *dir)
{
    char *d = ll_strdup(dir), *slash;
    while (d != NULL) {
        char *rc = ll_asprintf("%s/.luacheckrc", d);
        if (rc && lint_exists(rc)) {
            ll_free(d);
            return rc;
        }
        ll_free(rc);
        slash = strrchr(d, '/');
        if (slash == NULL || slash == d)
            break;
        *slash = '\0';
    }
    ll_free(d);
    d = ll_asprintf("%s/.luacheckrc", LL_SOURCE_DIR);
    if (d && lint_exists(d))
        return d;
    ll_free(d);
    return ll_strdup(LL_DATADIR "/looplab/.luacheckrc");
}

static void
lint_shell_quote(ll_buf *b, const char *s)
{
    ll_buf_adds(b, " '");
    for (; *s; s++) {
        if (*s == '\'')
            ll_buf_adds(b, "'\\''");
        else
            ll_buf_add(b, s, 1);
    }
    ll_buf_adds(b, "'");
}

static void
lint_luacheck(ll_dev_report *rep, const ll_dev_scope *sc)
{
    char *exe = lint_luacheck_path(), *rc, line[2048];
    ll_buf cmd;
    size_t i;
    FILE *f;

    if (exe == NULL || sc->nlessons == 0) {
        ll_free(exe);
        return;
    }
    rc = lint_luacheckrc(sc->lessons[0].dir);
    ll_buf_init(&cmd);
    lint_shell_quote(&cmd, exe);
    ll_buf_adds(&cmd, " --formatter plain --codes --no-color --config");
    lint_shell_quote(&cmd, rc ? rc : ".luacheckrc");
    for (i = 0; i < sc->nlessons; i++)
        lint_shell_quote(&cmd, sc->only[i] ? sc->only[i] : sc->lessons[i].dir);
    ll_buf_adds(&cmd, " 2>&1");
    f = popen(cmd.data, "r");
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *c1 = strchr(line, ':'), *c2, *c3;
        line[strcspn(line, "\n")] = '\0';
        c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        c3 = c2 ? strchr(c2 + 1, ':') : NULL;
        if (c3 == NULL)
            continue;
        *c1 = '\0';
        ll_dev_add(rep, LL_DEV_WARN, "luacheck", "", line, atoi(c1 + 1),
                   "%s", c3 + 1 + (c3[1] == ' '));
    }
    if (f != NULL)
        pclose(f);
    ll_buf_close(&cmd);
    ll_free(rc);
    ll_free(exe);
}

/* <root>/glossary.md: it loads (a heading per term, each with a
 * definition), no spelling twice, terms in alphabetical order (a reader
 * scans the list), and every "Lessons:" id is a lesson of the course. */
static void
lint_glossary(ll_dev_report *rep, const char *root)
{
    ll_glossary *g = NULL;
    ll_course *c = NULL;
    char *err = NULL, *shown;
    size_t i, j, k, m;
    struct stat st;
    char *path = ll_asprintf("%s/glossary.md", root);

    if (path == NULL || stat(path, &st) != 0) {
        ll_free(path);
        return;
    }
    shown = ll_dev_display(path);
    if (ll_glossary_load(root, &g, &err) != LL_OK) {
        ll_dev_add(rep, LL_DEV_ERROR, "lint", "", shown ? shown : path, 0,
                   "%s", err ? err : "cannot be read");
        goto out;
    }
    {
        char *cerr = NULL;
        if (ll_course_load(root, &c, &cerr) != LL_OK)
            c = NULL;      /* the lessons' own lint reports why */
        ll_free(cerr);
    }
    for (i = 0; i < g->n; i++) {
        const ll_gloss_entry *e = &g->e[i];
        if (i > 0 && strcasecmp(g->e[i - 1].term, e->term) > 0)
            ll_dev_add(rep, LL_DEV_WARN, "lint", "", shown, e->line,
                       "glossary: '%s' is out of alphabetical order",
                       e->term);
        for (k = 0; k < e->nnames; k++)
            for (j = 0; j <= i; j++)
                for (m = 0; m < g->e[j].nnames; m++)
                    if ((j < i || m < k) &&
                        strcmp(g->e[j].names[m], e->names[k]) == 0)
                        ll_dev_add(rep, LL_DEV_ERROR, "lint", "", shown,
                                   e->line, "glossary: '%s' is also at "
                                   "line %d", e->names[k], g->e[j].line);
        if (e->nlessons == 0)
            ll_dev_add(rep, LL_DEV_WARN, "lint", "", shown, e->line,
                       "glossary: '%s' names no lesson (Lessons: 1.2)",
                       e->term);
        for (k = 0; c && k < e->nlessons; k++)
            if (ll_course_lesson(c, e->lessons[k]) == NULL)
                ll_dev_add(rep, LL_DEV_ERROR, "lint", "", shown, e->line,
                           "glossary: '%s' names lesson %s, which the "
                           "course does not have", e->term, e->lessons[k]);
    }
out:
    ll_course_free(c);
    ll_glossary_free(g);
    ll_free(err);
    ll_free(shown);
    ll_free(path);
}

int
ll_dev_lint(const char *const *paths, size_t npaths, ll_dev_report *rep)
{
    ll_dev_scope sc;
    size_t i;
    int rc = ll_dev_scope_load(paths, npaths, &sc, rep);

    if (rc == LL_ENOMEM)
        return rc;
    for (i = 0; i < sc.nlessons; i++)
        lint_lesson(rep, &sc, i);
    lint_ids(rep, &sc);
    lint_luacheck(rep, &sc);
    if (npaths == 0) {
        char *root = ll_course_default_root();
        if (root)
            lint_glossary(rep, root);
        ll_free(root);
    }
    for (i = 0; i < npaths; i++)
        lint_glossary(rep, paths[i]);
    ll_dev_scope_close(&sc);
    return LL_OK;
}
