/* SPDX-License-Identifier: MIT
 * course/course.c -- the course folder scan, look-ups and teardown.
 *
 * Lessons live at <root>/weekN/<NN-slug>/lesson.lua; the folder order is the
 * course order. Parsing each manifest is the Lua adapter's job
 * (ll__course_load_lesson); this file never sees a lua_State.
 */
#include "course.h"
#include "search.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
course_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
ll_course_default_root(void)
{
    const char *env = getenv("LOOPLAB_COURSE");
    char *p;

    if (env != NULL && *env)
        return ll_strdup(env);
    p = ll_asprintf("%s/lessons", LL_SOURCE_DIR);
    if (p != NULL && course_is_dir(p))
        return p;
    ll_free(p);
    return ll_strdup(LL_DATADIR "/looplab/lessons");
}

static int
course_name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the sub-folders of dir matching prefix ("" = all). */
static int
course_list_dirs(const char *dir, const char *prefix, char ***out, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t len = 0;

    *out = NULL;
    *n = 0;
    if (d == NULL)
        return LL_ENOENT;
    while ((e = readdir(d)) != NULL) {
        char *full;
        char **grown;
        if (e->d_name[0] == '.' ||
            strncmp(e->d_name, prefix, strlen(prefix)) != 0)
            continue;
        full = ll_asprintf("%s/%s", dir, e->d_name);
        if (full == NULL || !course_is_dir(full)) {
            ll_free(full);
            continue;
        }
        ll_free(full);
        grown = ll_realloc(v, (len + 1) * sizeof *v);
        if (grown == NULL || (grown[len] = ll_strdup(e->d_name)) == NULL) {
            closedir(d);
            v = grown ? grown : v;
            while (len > 0)
                ll_free(v[--len]);
            ll_free(v);
            return LL_ENOMEM;
        }
        v = grown;
        len++;
    }
    closedir(d);
    if (len > 0)
        qsort(v, len, sizeof *v, course_name_cmp);
    *out = v;
    *n = len;
    return LL_OK;
}

static void
course_free_names(char **v, size_t n)
{
    while (n > 0)
        ll_free(v[--n]);
    ll_free(v);
}

/* "week12" -> 12, 0 if it is not a week folder. */
static int
course_week_number(const char *name)
{
    char *end;
    long w;
    if (strncmp(name, "week", 4) != 0)
        return 0;
    w = strtol(name + 4, &end, 10);
    return *end == '\0' && w > 0 && w < 100 ? (int)w : 0;
}

static int
course_add_lesson(ll_course *c, const char *dir, int week, char **errmsg)
{
    ll_lesson *grown = ll_realloc(c->lessons, (c->nlessons + 1) * sizeof *grown);
    int rc;
    if (grown == NULL)
        return LL_ENOMEM;
    c->lessons = grown;
    memset(&c->lessons[c->nlessons], 0, sizeof *grown);
    rc = ll__course_load_lesson(dir, week, &c->lessons[c->nlessons], errmsg);
    if (rc != LL_OK) {
        ll__lesson_close(&c->lessons[c->nlessons]);
        return rc;
    }
    c->nlessons++;
    return LL_OK;
}

/* Fix the back-pointers once the lessons array stops moving. */
static void
course_link(ll_course *c)
{
    size_t i, j;
    for (i = 0; i < c->nlessons; i++) {
        ll_lesson *l = &c->lessons[i];
        for (j = 0; j < l->ndemos; j++)
            l->demos[j].lesson = l;
        for (j = 0; j < l->nexercises; j++)
            l->exercises[j].lesson = l;
    }
}

/* Ids must be unique across the course: `looplab check 1.1a` names one. */
static int
course_check_ids(ll_course *c, char **errmsg)
{
    size_t i, j, k, m;
    for (i = 0; i < c->nlessons; i++) {
        for (j = i + 1; j < c->nlessons; j++)
            if (strcmp(c->lessons[i].id, c->lessons[j].id) == 0) {
                *errmsg = ll_asprintf("%s/lesson.lua: lesson id '%s' is also "
                                      "used by %s", c->lessons[j].dir,
                                      c->lessons[j].id, c->lessons[i].dir);
                return LL_ESYNTAX;
            }
        for (k = 0; k < c->lessons[i].nexercises; k++) {
            const ll_exercise *e = &c->lessons[i].exercises[k];
            for (j = i; j < c->nlessons; j++)
                for (m = (j == i ? k + 1 : 0); m < c->lessons[j].nexercises; m++)
                    if (strcmp(e->id, c->lessons[j].exercises[m].id) == 0) {
                        *errmsg = ll_asprintf("%s/exercise.lua: exercise id "
                            "'%s' is also used by %s",
                            c->lessons[j].exercises[m].dir, e->id, e->dir);
                        return LL_ESYNTAX;
                    }
        }
    }
    return LL_OK;
}

int
ll_course_load(const char *root, ll_course **out, char **errmsg)
{
    ll_course *c;
    char **weeks = NULL, **lessons = NULL;
    size_t nweeks = 0, nlessons = 0, i, j;
    int rc;

    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    c = ll_calloc(1, sizeof *c);
    if (c == NULL || (c->root = ll_strdup(root)) == NULL) {
        ll_free(c);
        return LL_ENOMEM;
    }
    rc = course_list_dirs(root, "week", &weeks, &nweeks);
    if (rc == LL_ENOENT && errmsg)
        *errmsg = ll_asprintf("%s: course folder not found (set LOOPLAB_COURSE)",
                              root);
    for (i = 0; rc == LL_OK && i < nweeks; i++) {
        int week = course_week_number(weeks[i]);
        char *wdir;
        if (week == 0)
            continue;
        wdir = ll_asprintf("%s/%s", root, weeks[i]);
        if (wdir == NULL) {
            rc = LL_ENOMEM;
            break;
        }
        rc = course_list_dirs(wdir, "", &lessons, &nlessons);
        for (j = 0; rc == LL_OK && j < nlessons; j++) {
            char *ldir = ll_asprintf("%s/%s", wdir, lessons[j]);
            rc = ldir ? course_add_lesson(c, ldir, week, errmsg) : LL_ENOMEM;
            ll_free(ldir);
        }
        course_free_names(lessons, nlessons);
        ll_free(wdir);
    }
    course_free_names(weeks, nweeks);
    if (rc == LL_OK)
        rc = course_check_ids(c, errmsg);
    if (rc == LL_OK) {
        char *gerr = NULL;
        rc = ll_glossary_load(root, &c->glossary, &gerr);
        if (rc != LL_OK && errmsg && *errmsg == NULL)
            *errmsg = gerr;
        else
            ll_free(gerr);
    }
    if (rc != LL_OK) {
        ll_course_free(c);
        return rc;
    }
    course_link(c);
    *out = c;
    return LL_OK;
}

void
ll_course_free(ll_course *c)
{
    size_t i;
    if (c == NULL)
        return;
    for (i = 0; i < c->nlessons; i++)
        ll__lesson_close(&c->lessons[i]);
    ll_free(c->lessons);
    ll_free(c->root);
    ll_glossary_free(c->glossary);
    ll_free(c);
}

const ll_lesson *
ll_course_lesson(const ll_course *c, const char *id)
{
    size_t i;
    for (i = 0; i < c->nlessons; i++)
        if (strcmp(c->lessons[i].id, id) == 0)
            return &c->lessons[i];
    return NULL;
}

const ll_exercise *
ll_course_exercise(const ll_course *c, const char *id)
{
    size_t i, j;
    for (i = 0; i < c->nlessons; i++)
        for (j = 0; j < c->lessons[i].nexercises; j++)
            if (strcmp(c->lessons[i].exercises[j].id, id) == 0)
                return &c->lessons[i].exercises[j];
    return NULL;
}

size_t
ll_lesson_required(const ll_lesson *l)
{
    size_t i, n = 0;
    for (i = 0; i < l->nexercises; i++)
        n += !l->exercises[i].optional;
    return n;
}

const ll_demo *
ll_course_demo(const ll_course *c, const char *id)
{
    size_t i, j;
    for (i = 0; i < c->nlessons; i++)
        for (j = 0; j < c->lessons[i].ndemos; j++)
            if (strcmp(c->lessons[i].demos[j].id, id) == 0)
                return &c->lessons[i].demos[j];
    return NULL;
}

const char *
ll_course_id_bad(const char *id)
{
    const unsigned char *p;
    if (id == NULL || *id == '\0')
        return "it is empty";
    /* ".." anywhere, not only alone: no id needs it, and no reader has
     * to wonder whether some later join splits it */
    if (strcmp(id, ".") == 0 || strstr(id, "..") != NULL)
        return "it is '.' or contains '..'";
    if (strlen(id) > 128)
        return "it is longer than 128 characters";
    for (p = (const unsigned char *)id; *p; p++) {
        if (*p == '/' || *p == '\\')
            return "it contains a slash";
        if (*p < 0x20 || *p == 0x7f)
            return "it contains a control character";
    }
    return NULL;
}

const char *
ll_ex_kind_name(ll_ex_kind k)
{
    return k == LL_EX_LUA ? "lua" : "python";
}

const char *
ll_quiz_kind_name(ll_quiz_kind k)
{
    switch (k) {
    case LL_QUIZ_MC: return "mc";
    case LL_QUIZ_PO: return "po";
    case LL_QUIZ_PT: return "pt";
    }
    return "?";
}

const char *
ll_quiz_kind_words(ll_quiz_kind k)
{
    switch (k) {
    case LL_QUIZ_MC: return "multiple choice";
    case LL_QUIZ_PO: return "predict the output";
    case LL_QUIZ_PT: return "predict the time";
    }
    return "question";
}

static void
course_free_strv(char **v, size_t n)
{
    size_t i;
    for (i = 0; v && i < n; i++)
        ll_free(v[i]);
    ll_free(v);
}

void
ll__lesson_close(ll_lesson *l)
{
    size_t i;
    for (i = 0; i < l->npages; i++) {
        ll_free(l->pages[i].title);
        ll_free(l->pages[i].path);
    }
    ll_free(l->pages);
    for (i = 0; i < l->ndemos; i++) {
        ll_demo *d = &l->demos[i];
        size_t k;
        ll_free(d->id);
        ll_free(d->title);
        ll_free(d->about);
        ll_free(d->script);
        for (k = 0; k < d->nknobs; k++) {
            ll_free(d->knobs[k].name);
            ll_free(d->knobs[k].label);
        }
        ll_free(d->knobs);
    }
    ll_free(l->demos);
    for (i = 0; i < l->nexercises; i++) {
        ll_exercise *e = &l->exercises[i];
        ll_free(e->id);
        ll_free(e->title);
        ll_free(e->dir);
        ll_free(e->file);
        ll_free(e->statement);
        course_free_strv(e->hints, e->nhints);
        ll_free(e->seeds);
    }
    ll_free(l->exercises);
    for (i = 0; i < l->nquiz; i++) {
        ll_question *q = &l->quiz[i];
        ll_free(q->prompt);
        ll_free(q->code);
        ll_free(q->lang);
        ll_free(q->explain);
        course_free_strv(q->choices, q->nchoices);
        course_free_strv(q->runs, q->nruns);
        course_free_strv(q->warns, q->nwarns);
        ll_free(q->prelude);
        ll_free(q->output);
        ll_free(q->times);
    }
    ll_free(l->quiz);
    ll_free(l->quiz_path);
    ll_free(l->id);
    ll_free(l->title);
    ll_free(l->summary);
    ll_free(l->dir);
    memset(l, 0, sizeof *l);
}
