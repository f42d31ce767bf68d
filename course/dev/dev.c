/* SPDX-License-Identifier: MIT
 * course/dev/dev.c -- what lint, check and new share: the report, display paths,
 * resolving PATH arguments into lessons, mutant headers.
 *
 * A path may name anything from a whole course down to one exercise; the
 * scope always loads whole lessons (an exercise only makes sense with its
 * lesson) and remembers which part was asked for. A lesson that does not
 * load is an ERROR item with the loader's "file:line: message", and the
 * others are still examined, so one broken lesson never hides the rest.
 */
#include "dev.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void
ll_dev_report_init(ll_dev_report *r)
{
    memset(r, 0, sizeof *r);
}

void
ll_dev_report_close(ll_dev_report *r)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        ll_free(r->items[i].what);
        ll_free(r->items[i].id);
        ll_free(r->items[i].file);
        ll_free(r->items[i].message);
    }
    ll_free(r->items);
    memset(r, 0, sizeof *r);
}

int
ll_dev_add(ll_dev_report *r, ll_dev_level level, const char *what,
           const char *id, const char *file, int line, const char *fmt, ...)
{
    ll_dev_item *it;
    ll_buf b;
    va_list ap;

    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 32;
        ll_dev_item *p = ll_realloc(r->items, cap * sizeof *p);
        if (p == NULL)
            return LL_ENOMEM;
        r->items = p;
        r->cap = cap;
    }
    ll_buf_init(&b);
    va_start(ap, fmt);
    {
        char tmp[1024];
        va_list ap2;
        int n;
        va_copy(ap2, ap);
        n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
        va_end(ap2);
        if (n >= 0 && (size_t)n < sizeof tmp) {
            ll_buf_adds(&b, tmp);
        } else if (n >= 0) {
            char *big = ll_malloc((size_t)n + 1);
            if (big != NULL) {
                vsnprintf(big, (size_t)n + 1, fmt, ap);
                ll_buf_adds(&b, big);
                ll_free(big);
            }
        }
    }
    va_end(ap);
    it = &r->items[r->n];
    memset(it, 0, sizeof *it);
    it->level = level;
    it->what = ll_strdup(what ? what : "");
    it->id = ll_strdup(id ? id : "");
    it->file = ll_dev_display(file ? file : "");
    it->line = line;
    it->message = b.data ? ll_buf_take(&b) : ll_strdup("");
    ll_buf_close(&b);
    if (!it->what || !it->id || !it->file || !it->message) {
        ll_free(it->what);
        ll_free(it->id);
        ll_free(it->file);
        ll_free(it->message);
        return LL_ENOMEM;
    }
    r->n++;
    return LL_OK;
}

size_t
ll_dev_count(const ll_dev_report *r, ll_dev_level level)
{
    size_t i, n = 0;
    for (i = 0; i < r->n; i++)
        n += r->items[i].level == level;
    return n;
}

char *
ll_dev_display(const char *path)
{
    char cwd[PATH_MAX];
    size_t n;
    if (path[0] == '/' && getcwd(cwd, sizeof cwd) != NULL) {
        n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            return ll_strdup(path + n + 1);
    }
    return ll_strdup(path);
}

void
ll_dev_strv_free(char **v, size_t n)
{
    size_t i;
    for (i = 0; v && i < n; i++)
        ll_free(v[i]);
    ll_free(v);
}

/* {=================== mutant headers ===================} */

int
ll_dev_mutant_names(const char *path, char ***names, size_t *n, char **err)
{
    char *text = NULL, *p, *end;
    size_t cap = 0;
    int rc;

    *names = NULL;
    *n = 0;
    *err = NULL;
    rc = ll_read_file(path, &text, NULL);
    if (rc != LL_OK) {
        *err = ll_asprintf("cannot read the file (%s)", ll_strerror(rc));
        return rc;
    }
    p = text;
    end = p + strcspn(p, "\n");
    *end = '\0';
    if (strncmp(p, "#", 1) == 0)
        p += 1;
    else if (strncmp(p, "--", 2) == 0)
        p += 2;
    else
        p = NULL;
    if (p != NULL) {
        p += strspn(p, " \t");
        if (strncmp(p, "mutant:", 7) == 0) {
            p += 7 + strspn(p + 7, " \t");
            p = strncmp(p, "fails", 5) == 0 ? p + 5 : NULL;
        } else {
            p = NULL;
        }
    }
    if (p == NULL) {
        *err = ll_strdup("the first line must be `# mutant: fails \"<check "
                         "name>\"` (`-- mutant: ...` in Lua)");
        ll_free(text);
        return LL_ESYNTAX;
    }
    for (;;) {
        char *q;
        p += strspn(p, " \t,");
        if (*p == '\0')
            break;
        if (*p != '"' || (q = strchr(p + 1, '"')) == NULL) {
            *err = ll_asprintf("after `mutant: fails`, expected a check name "
                               "in double quotes, got `%s`", p);
            ll_dev_strv_free(*names, *n);
            *names = NULL;
            *n = 0;
            ll_free(text);
            return LL_ESYNTAX;
        }
        if (*n + 1 >= cap) {
            char **v;
            cap = cap ? cap * 2 : 4;
            v = ll_realloc(*names, cap * sizeof *v);
            if (v == NULL) {
                ll_free(text);
                return LL_ENOMEM;
            }
            *names = v;
        }
        (*names)[(*n)++] = ll_strndup(p + 1, (size_t)(q - p - 1));
        p = q + 1;
    }
    ll_free(text);
    if (*n == 0) {
        *err = ll_strdup("`mutant: fails` names no check; write the check's "
                         "name in double quotes");
        return LL_ESYNTAX;
    }
    return LL_OK;
}

const char *const ll_dev_bug_slugs[] = {
    "sequential-await", "missing-await", "blocking-call", "fire-and-forget",
    "swallowed-cancel", "cleanup-one-path", "polling",
    "sort-instead-of-order", "batching", "lock-misplaced", "hard-coded",
    "visible-only", "wrong-exception", "leak", "off-by-one", "wrong-timeout",
    "manual-loop", "wrong-order", "race", "deadlock",
    NULL
};

int
ll_dev_mutant_bug(const char *path, char **slug, char **err)
{
    char *text = NULL, *p, *end;
    size_t i, len;
    int rc;

    *slug = NULL;
    *err = NULL;
    rc = ll_read_file(path, &text, NULL);
    if (rc != LL_OK) {
        *err = ll_asprintf("cannot read the file (%s)", ll_strerror(rc));
        return rc;
    }
    p = strchr(text, '\n');
    if (p == NULL) {
        ll_free(text);
        return LL_OK;
    }
    p++;
    end = p + strcspn(p, "\n");
    *end = '\0';
    if (*p == '#')
        p += 1;
    else if (strncmp(p, "--", 2) == 0)
        p += 2;
    else {
        ll_free(text);
        return LL_OK;
    }
    p += strspn(p, " \t");
    if (strncmp(p, "bug:", 4) != 0) {
        ll_free(text);
        return LL_OK;
    }
    p += 4 + strspn(p + 4, " \t");
    len = strcspn(p, " \t");
    for (i = 0; ll_dev_bug_slugs[i] != NULL; i++)
        if (strlen(ll_dev_bug_slugs[i]) == len &&
            strncmp(ll_dev_bug_slugs[i], p, len) == 0) {
            *slug = ll_strndup(p, len);
            ll_free(text);
            return *slug ? LL_OK : LL_ENOMEM;
        }
    *err = ll_asprintf("line 2: `bug: %.*s` is not in the catalogue of "
                       "learner bugs (docs/authoring.md 7.1): use one of "
                       "sequential-await, missing-await, blocking-call, "
                       "fire-and-forget, swallowed-cancel, cleanup-one-path, "
                       "polling, sort-instead-of-order, batching, "
                       "lock-misplaced, hard-coded, visible-only, "
                       "wrong-exception, leak, off-by-one, wrong-timeout, "
                       "manual-loop, wrong-order, race, deadlock",
                       (int)len, p);
    ll_free(text);
    return LL_ESYNTAX;
}

/* {=================== scope ===================} */

static bool
dev_is_file(const char *dir, const char *name)
{
    struct stat st;
    char *p = ll_asprintf("%s/%s", dir, name);
    bool ok = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
    ll_free(p);
    return ok;
}

static bool
dev_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "week3" -> 3, else 0. */
static int
dev_week_of(const char *lesson_dir)
{
    char *copy = ll_strdup(lesson_dir), *slash, *name;
    int week = 0;
    if (copy == NULL)
        return 0;
    slash = strrchr(copy, '/');
    if (slash != NULL) {
        *slash = '\0';
        name = strrchr(copy, '/');
        name = name ? name + 1 : copy;
        if (strncmp(name, "week", 4) == 0)
            week = atoi(name + 4);
    }
    ll_free(copy);
    return week;
}

/* Split a loader message "path[:line]: text" into its parts. Lua shortens
 * long chunk names to "...tail", so a tail is completed from the lesson
 * folder when its last component is in it. */
static void
dev_split_err(const char *err, const char *lesson_dir, char **file, int *line,
              const char **msg)
{
    const char *p = err, *colon;
    *file = NULL;
    *line = 0;
    *msg = err;
    while ((colon = strstr(p, ".lua:")) != NULL) {
        const char *after = colon + 4;         /* the ':' after the name */
        size_t plen = (size_t)(after - err);
        if (after[1] >= '0' && after[1] <= '9') {
            *line = atoi(after + 1);
            after += 1 + strspn(after + 1, "0123456789");
        }
        if (*after != ':') {
            p = colon + 1;
            continue;
        }
        *msg = after + 1 + (after[1] == ' ');
        if (strncmp(err, "...", 3) == 0) {
            const char *base = strrchr(lesson_dir, '/');
            char *needle = ll_asprintf("%s/", base ? base : lesson_dir);
            const char *at = needle ? strstr(err, needle) : NULL;
            if (at != NULL)
                *file = ll_asprintf("%s/%.*s", lesson_dir,
                                    (int)(plen - (size_t)(at + strlen(needle)
                                                          - err)),
                                    at + strlen(needle));
            ll_free(needle);
        } else {
            *file = ll_strndup(err, plen);
        }
        return;
    }
    *line = 0;
    *msg = err;
}

static int
dev_scope_add(ll_dev_scope *sc, const char *lesson_dir, const char *only,
              ll_dev_report *rep)
{
    ll_lesson *ls;
    char **on;
    char *err = NULL;
    size_t i;
    int rc;

    for (i = 0; i < sc->nlessons; i++) {
        if (strcmp(sc->lessons[i].dir, lesson_dir) == 0) {
            /* Asked for twice: the wider request wins. */
            if (only == NULL || (sc->only[i] && strcmp(sc->only[i], only))) {
                ll_free(sc->only[i]);
                sc->only[i] = NULL;
            }
            return LL_OK;
        }
    }
    ls = ll_realloc(sc->lessons, (sc->nlessons + 1) * sizeof *ls);
    if (ls == NULL)
        return LL_ENOMEM;
    sc->lessons = ls;
    on = ll_realloc(sc->only, (sc->nlessons + 1) * sizeof *on);
    if (on == NULL)
        return LL_ENOMEM;
    sc->only = on;
    memset(&ls[sc->nlessons], 0, sizeof *ls);
    rc = ll__course_load_lesson(lesson_dir, dev_week_of(lesson_dir),
                                &ls[sc->nlessons], &err);
    if (rc != LL_OK) {
        char *lpath = ll_asprintf("%s/lesson.lua", lesson_dir), *file;
        const char *msg;
        int line;
        dev_split_err(err ? err : ll_strerror(rc), lesson_dir, &file, &line,
                      &msg);
        ll__lesson_close(&ls[sc->nlessons]);
        ll_dev_add(rep, LL_DEV_ERROR, "load", "", file ? file : lpath, line,
                   "%s", msg);
        ll_free(file);
        ll_free(lpath);
        ll_free(err);
        return rc == LL_ENOMEM ? rc : LL_OK;
    }
    for (i = 0; i < ls[sc->nlessons].nexercises; i++)
        ls[sc->nlessons].exercises[i].lesson = &ls[sc->nlessons];
    on[sc->nlessons] = only ? ll_strdup(only) : NULL;
    sc->nlessons++;
    /* lessons moved: re-point every exercise at its lesson */
    for (i = 0; i < sc->nlessons; i++) {
        size_t k;
        for (k = 0; k < sc->lessons[i].nexercises; k++)
            sc->lessons[i].exercises[k].lesson = &sc->lessons[i];
    }
    return LL_OK;
}

static int
dev_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Subfolders of dir, sorted; filter by prefix. */
static int
dev_subdirs(const char *dir, const char *prefix, char ***out, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    if (d == NULL)
        return LL_ENOENT;
    while ((e = readdir(d)) != NULL) {
        char *p;
        if (e->d_name[0] == '.' || strncmp(e->d_name, prefix,
                                           strlen(prefix)) != 0)
            continue;
        p = ll_asprintf("%s/%s", dir, e->d_name);
        if (p == NULL || !dev_is_dir(p)) {
            ll_free(p);
            continue;
        }
        if (*n == cap) {
            char **v = ll_realloc(*out, (cap = cap ? cap * 2 : 16) * sizeof *v);
            if (v == NULL) {
                ll_free(p);
                closedir(d);
                return LL_ENOMEM;
            }
            *out = v;
        }
        (*out)[(*n)++] = p;
    }
    closedir(d);
    if (*n > 1)
        qsort(*out, *n, sizeof **out, dev_cmp);
    return LL_OK;
}

/* A folder of lesson folders (a week) or of week folders (a course). */
static int
dev_scope_tree(ll_dev_scope *sc, const char *dir, ll_dev_report *rep,
               bool *found)
{
    char **subs;
    size_t n, i;
    int rc = dev_subdirs(dir, "", &subs, &n);
    for (i = 0; rc == LL_OK && i < n; i++) {
        if (dev_is_file(subs[i], "lesson.lua")) {
            *found = true;
            rc = dev_scope_add(sc, subs[i], NULL, rep);
        } else if (strncmp(strrchr(subs[i], '/') + 1, "week", 4) == 0) {
            rc = dev_scope_tree(sc, subs[i], rep, found);
        }
    }
    ll_dev_strv_free(subs, n);
    return rc;
}

/* Walk up from path to the folder that holds lesson.lua. */
static char *
dev_lesson_above(const char *path)
{
    char *d = ll_strdup(path), *slash;
    while (d != NULL && (slash = strrchr(d, '/')) != NULL && slash != d) {
        *slash = '\0';
        if (dev_is_file(d, "lesson.lua"))
            return d;
    }
    ll_free(d);
    return NULL;
}

static int
dev_scope_path(ll_dev_scope *sc, const char *arg, ll_dev_report *rep)
{
    char real[PATH_MAX];
    bool found = false;
    int rc = LL_OK;

    if (realpath(arg, real) == NULL) {
        ll_dev_add(rep, LL_DEV_ERROR, "path", "", arg, 0,
                   "no such file or folder");
        return LL_ENOENT;
    }
    if (dev_is_dir(real) && dev_is_file(real, "lesson.lua")) {
        found = true;
        rc = dev_scope_add(sc, real, NULL, rep);
    } else if ((dev_is_dir(real) && dev_is_file(real, "exercise.lua")) ||
               !dev_is_dir(real)) {
        char *lesson = dev_lesson_above(real);
        if (lesson != NULL) {
            found = true;
            rc = dev_scope_add(sc, lesson, real, rep);
            ll_free(lesson);
        }
    } else {
        rc = dev_scope_tree(sc, real, rep, &found);
    }
    if (rc == LL_OK && !found) {
        ll_dev_add(rep, LL_DEV_ERROR, "path", "", arg, 0,
                   "names no course content: expected a course folder "
                   "(weekN/NN-slug/lesson.lua), a week, a lesson folder, an "
                   "exercise folder or a quiz.lua");
        return LL_ENOENT;
    }
    return rc;
}

int
ll_dev_scope_load(const char *const *paths, size_t npaths, ll_dev_scope *sc,
                  ll_dev_report *rep)
{
    int rc = LL_OK, r;
    size_t i;

    memset(sc, 0, sizeof *sc);
    if (npaths == 0) {
        char *root = ll_course_default_root();
        if (root == NULL)
            return LL_ENOMEM;
        rc = dev_scope_path(sc, root, rep);
        ll_free(root);
        return rc;
    }
    for (i = 0; i < npaths; i++) {
        r = dev_scope_path(sc, paths[i], rep);
        if (r == LL_ENOMEM)
            return r;
        if (r != LL_OK)
            rc = r;
    }
    return rc;
}

void
ll_dev_scope_close(ll_dev_scope *sc)
{
    size_t i;
    for (i = 0; i < sc->nlessons; i++) {
        ll__lesson_close(&sc->lessons[i]);
        ll_free(sc->only[i]);
    }
    ll_free(sc->lessons);
    ll_free(sc->only);
    memset(sc, 0, sizeof *sc);
}

bool
ll_dev_scope_has_exercise(const ll_dev_scope *sc, size_t li,
                          const ll_exercise *e)
{
    const char *only = sc->only[li];
    size_t n = strlen(e->dir);
    return only == NULL || (strncmp(only, e->dir, n) == 0 &&
                            (only[n] == '\0' || only[n] == '/'));
}

bool
ll_dev_scope_has_quiz(const ll_dev_scope *sc, size_t li)
{
    const char *only = sc->only[li];
    size_t n;
    if (only == NULL)
        return true;
    n = strlen(only);
    return n >= 4 && strcmp(only + n - 4, ".lua") == 0 &&
           !dev_is_dir(only) && strstr(only, "/exercises/") == NULL;
}
