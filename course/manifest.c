/* SPDX-License-Identifier: MIT
 * course/manifest.c -- read lesson.lua / exercise.lua / quiz.lua into the
 * course model.
 *
 * Each manifest runs in its own sandboxed state under an instruction budget
 * and must return a table. Validation errors name the file and the field
 * ("lessons/week1/01-x/lesson.lua: pages[2]: expected a string, got nil");
 * Lua's own syntax and runtime errors already carry file:line. Paths in a
 * manifest are relative to its folder and may not climb out of it.
 */
#include <string.h>
#include <sys/stat.h>

#include "course.h"
#include "engine/lua/datafile.h"
#include "engine/lua/host.h"

#define MANIFEST_BUDGET 2000000L

typedef struct mf {
    lua_State  *L;
    const char *path;    /* the manifest being read, for messages */
    char      **err;
} mf;

static int
mf_fail(mf *m, const char *fmt, const char *a, const char *b)
{
    char *msg = ll_asprintf(fmt, a, b);
    *m->err = ll_asprintf("%s: %s", m->path, msg ? msg : "invalid manifest");
    ll_free(msg);
    return LL_ESYNTAX;
}

/* Run a manifest file; on success its returned table is on top. It runs
 * in a child with a CPU and wall limit (engine/lua/datafile.c): a __gc or
 * error handler loop, or a slow pattern, is an error naming the file. */
static int
mf_eval(lua_State *L, const char *path, char **err)
{
    int rc = ll_lua_load_data(L, path, MANIFEST_BUDGET, err);
    if (rc == LL_ERUNTIME || rc == LL_ELIMIT)
        return LL_ESYNTAX;
    if (rc != LL_OK)
        return rc;
    if (!lua_istable(L, -1)) {
        *err = ll_asprintf("%s: must return a table (got %s)", path,
                           luaL_typename(L, -1));
        lua_pop(L, 1);
        return LL_ESYNTAX;
    }
    return LL_OK;
}

/* Field of the table on top -> heap string. required: error when absent. */
static int
mf_str(mf *m, const char *key, bool required, char **out)
{
    int t = lua_getfield(m->L, -1, key);
    *out = NULL;
    if (t == LUA_TNIL && !required) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    if (t != LUA_TSTRING) {
        lua_pop(m->L, 1);
        return mf_fail(m, "field '%s' must be a string (got %s)", key,
                       t == LUA_TNIL ? "nothing" : lua_typename(m->L, t));
    }
    *out = ll_strdup(lua_tostring(m->L, -1));
    lua_pop(m->L, 1);
    return *out ? LL_OK : LL_ENOMEM;
}

static int
mf_num(mf *m, const char *key, double def, double *out)
{
    int t = lua_getfield(m->L, -1, key);
    *out = def;
    if (t == LUA_TNUMBER)
        *out = lua_tonumber(m->L, -1);
    lua_pop(m->L, 1);
    if (t != LUA_TNIL && t != LUA_TNUMBER)
        return mf_fail(m, "field '%s' must be a number (got %s)", key,
                       lua_typename(m->L, t));
    return LL_OK;
}

/* Optional boolean field of the table on top (absent: false). */
static int
mf_bool(mf *m, const char *key, bool *out)
{
    int t = lua_getfield(m->L, -1, key);
    *out = t == LUA_TBOOLEAN && lua_toboolean(m->L, -1);
    lua_pop(m->L, 1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        return mf_fail(m, "field '%s' must be true or false (got %s)", key,
                       lua_typename(m->L, t));
    return LL_OK;
}

/* Field key (an id or a file name) on top -> heap string that is safe as
 * one path component (ll_course_id_bad). */
static int
mf_id(mf *m, const char *key, char **out)
{
    const char *why;
    int rc = mf_str(m, key, true, out);
    if (rc != LL_OK || (why = ll_course_id_bad(*out)) == NULL)
        return rc;
    rc = mf_fail(m, "field '%s' cannot be used as a folder or file name: %s",
                 key, why);
    ll_free(*out);
    *out = NULL;
    return rc;
}

/* A relative path inside dir -> absolute; refuses "..", "/x", missing. */
static int
mf_path(mf *m, const char *dir, const char *rel, char **out)
{
    struct stat st;
    *out = NULL;
    if (rel[0] == '/' || strstr(rel, "..") != NULL)
        return mf_fail(m, "path '%s' must stay inside the %s folder", rel,
                       "lesson");
    *out = ll_asprintf("%s/%s", dir, rel);
    if (*out == NULL)
        return LL_ENOMEM;
    if (stat(*out, &st) != 0) {
        ll_free(*out);
        *out = NULL;
        return mf_fail(m, "'%s' does not exist%s", rel, "");
    }
    return LL_OK;
}

/* List field of strings on top -> heap vector. */
static int
mf_strv(mf *m, const char *key, char ***out, size_t *n)
{
    lua_Integer i, len;
    int t = lua_getfield(m->L, -1, key);
    *out = NULL;
    *n = 0;
    if (t == LUA_TNIL) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    if (t != LUA_TTABLE) {
        lua_pop(m->L, 1);
        return mf_fail(m, "field '%s' must be a list (got %s)", key,
                       lua_typename(m->L, t));
    }
    len = luaL_len(m->L, -1);
    *out = ll_calloc((size_t)len + 1, sizeof **out);
    if (*out == NULL)
        return LL_ENOMEM;
    for (i = 1; i <= len; i++) {
        if (lua_rawgeti(m->L, -1, i) != LUA_TSTRING) {
            char idx[32];
            snprintf(idx, sizeof idx, "%s[%lld]", key, (long long)i);
            lua_pop(m->L, 2);
            while (*n > 0)
                ll_free((*out)[--*n]);
            ll_free(*out);
            *out = NULL;
            return mf_fail(m, "%s: expected a string%s", idx, "");
        }
        (*out)[i - 1] = ll_strdup(lua_tostring(m->L, -1));
        (*n)++;
        lua_pop(m->L, 1);
    }
    lua_pop(m->L, 1);
    return LL_OK;
}

/* A string or a list of strings -> heap vector (run = "x" or {"x", "y"}). */
static int
mf_str_or_strv(mf *m, const char *key, char ***out, size_t *n)
{
    int t = lua_getfield(m->L, -1, key);
    lua_pop(m->L, 1);
    if (t != LUA_TSTRING)
        return mf_strv(m, key, out, n);
    *out = ll_calloc(2, sizeof **out);
    *n = 0;
    if (*out == NULL)
        return LL_ENOMEM;
    return mf_str(m, key, true, &(*out)[(*n)++]);
}

/* times = { 3, 1 } (pt: recorded seconds, one per run). */
static int
mf_times(mf *m, const char *qnum, ll_question *q)
{
    lua_Integer i, len;
    int t = lua_getfield(m->L, -1, "times");
    if (t == LUA_TNIL) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    if (t == LUA_TNUMBER) {
        q->times = ll_calloc(1, sizeof *q->times);
        if (q->times == NULL)
            return LL_ENOMEM;
        q->times[q->ntimes++] = lua_tonumber(m->L, -1);
        lua_pop(m->L, 1);
        return LL_OK;
    }
    if (t != LUA_TTABLE) {
        lua_pop(m->L, 1);
        return mf_fail(m, "question %s: field 'times' must be a number or a "
                       "list of numbers (seconds)%s", qnum, "");
    }
    len = luaL_len(m->L, -1);
    q->times = ll_calloc((size_t)len + 1, sizeof *q->times);
    if (q->times == NULL)
        return LL_ENOMEM;
    for (i = 1; i <= len; i++) {
        if (lua_rawgeti(m->L, -1, i) != LUA_TNUMBER) {
            lua_pop(m->L, 2);
            return mf_fail(m, "question %s: field 'times' must be a list of "
                           "numbers (seconds)%s", qnum, "");
        }
        q->times[q->ntimes++] = lua_tonumber(m->L, -1);
        lua_pop(m->L, 1);
    }
    lua_pop(m->L, 1);
    return LL_OK;
}

/* seeds = N (1..N) or a list of integers; absent: none (seed 0 only). */
static int
mf_seeds(mf *m, ll_exercise *e)
{
    lua_Integer i, len;
    int t = lua_getfield(m->L, -1, "seeds");
    int rc = LL_OK;

    if (t == LUA_TNIL) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    if (t == LUA_TNUMBER) {
        len = lua_isinteger(m->L, -1) ? lua_tointeger(m->L, -1) : -1;
        lua_pop(m->L, 1);
        if (len < 1 || len > 1000)
            return mf_fail(m, "field 'seeds' must be a count from 1 to 1000 "
                           "or a list of integers%s%s", "", "");
        e->seeds = ll_calloc((size_t)len, sizeof *e->seeds);
        if (e->seeds == NULL)
            return LL_ENOMEM;
        for (i = 0; i < len; i++)
            e->seeds[i] = (uint64_t)i + 1;
        e->nseeds = (size_t)len;
        return LL_OK;
    }
    if (t != LUA_TTABLE) {
        lua_pop(m->L, 1);
        return mf_fail(m, "field 'seeds' must be a count or a list of "
                       "integers (got %s)%s", lua_typename(m->L, t), "");
    }
    len = luaL_len(m->L, -1);
    e->seeds = ll_calloc((size_t)len + 1, sizeof *e->seeds);
    if (e->seeds == NULL)
        return LL_ENOMEM;
    for (i = 1; rc == LL_OK && i <= len; i++) {
        lua_rawgeti(m->L, -1, i);
        if (!lua_isinteger(m->L, -1) || lua_tointeger(m->L, -1) < 0) {
            char idx[32];
            snprintf(idx, sizeof idx, "seeds[%lld]", (long long)i);
            rc = mf_fail(m, "%s: expected a non-negative integer%s", idx, "");
        } else {
            e->seeds[e->nseeds++] = (uint64_t)lua_tointeger(m->L, -1);
        }
        lua_pop(m->L, 1);
    }
    lua_pop(m->L, 1);
    return rc;
}

static char *
mf_page_title(const char *path)
{
    char *text, *p, *title = NULL;
    if (ll_read_file(path, &text, NULL) != LL_OK)
        return ll_strdup(path);
    for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
        if (p[0] == '#' && p[1] == ' ') {
            title = ll_strndup(p + 2, strcspn(p + 2, "\r\n"));
            break;
        }
    }
    ll_free(text);
    if (title == NULL) {
        const char *slash = strrchr(path, '/');
        title = ll_strdup(slash ? slash + 1 : path);
    }
    return title;
}

static int
mf_pages(mf *m, ll_lesson *l)
{
    char **rel;
    size_t n, i;
    int rc = mf_strv(m, "pages", &rel, &n);
    if (rc != LL_OK)
        return rc;
    l->pages = ll_calloc(n + 1, sizeof *l->pages);
    for (i = 0; rc == LL_OK && l->pages && i < n; i++) {
        rc = mf_path(m, l->dir, rel[i], &l->pages[i].path);
        if (rc == LL_OK) {
            l->pages[i].title = mf_page_title(l->pages[i].path);
            l->npages++;
        }
    }
    for (i = 0; i < n; i++)
        ll_free(rel[i]);
    ll_free(rel);
    return l->pages ? rc : LL_ENOMEM;
}

static int
mf_knobs(mf *m, ll_demo *d)
{
    lua_Integer i, len;
    int rc = LL_OK;
    if (lua_getfield(m->L, -1, "knobs") != LUA_TTABLE) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    len = luaL_len(m->L, -1);
    d->knobs = ll_calloc((size_t)len + 1, sizeof *d->knobs);
    for (i = 1; rc == LL_OK && d->knobs && i <= len; i++) {
        ll_knob *k = &d->knobs[i - 1];
        if (lua_rawgeti(m->L, -1, i) != LUA_TTABLE) {
            lua_pop(m->L, 1);
            rc = mf_fail(m, "demo '%s': knobs must be tables%s", d->id, "");
            break;
        }
        rc = mf_str(m, "name", true, &k->name);
        if (rc == LL_OK) rc = mf_str(m, "label", false, &k->label);
        if (rc == LL_OK) rc = mf_num(m, "value", 0, &k->value);
        if (rc == LL_OK) rc = mf_num(m, "min", k->value, &k->min);
        if (rc == LL_OK) rc = mf_num(m, "max", k->value, &k->max);
        if (rc == LL_OK) rc = mf_num(m, "step", 1, &k->step);
        if (rc == LL_OK && k->label == NULL)
            k->label = ll_strdup(k->name);
        d->nknobs++;
        lua_pop(m->L, 1);
    }
    lua_pop(m->L, 1);
    return d->knobs || len == 0 ? rc : LL_ENOMEM;
}

static int
mf_demos(mf *m, ll_lesson *l)
{
    lua_Integer i, len;
    int rc = LL_OK;
    if (lua_getfield(m->L, -1, "demos") != LUA_TTABLE) {
        lua_pop(m->L, 1);
        return LL_OK;
    }
    len = luaL_len(m->L, -1);
    l->demos = ll_calloc((size_t)len + 1, sizeof *l->demos);
    for (i = 1; rc == LL_OK && l->demos && i <= len; i++) {
        ll_demo *d = &l->demos[i - 1];
        char *script = NULL;
        if (lua_rawgeti(m->L, -1, i) != LUA_TTABLE) {
            char num[24];
            snprintf(num, sizeof num, "%lld", (long long)i);
            lua_pop(m->L, 1);
            rc = mf_fail(m, "demos[%s] must be a table%s", num, "");
            break;
        }
        l->ndemos++;
        rc = mf_id(m, "id", &d->id);
        if (rc == LL_OK) rc = mf_str(m, "title", true, &d->title);
        if (rc == LL_OK) rc = mf_str(m, "about", false, &d->about);
        if (rc == LL_OK) rc = mf_str(m, "script", true, &script);
        if (rc == LL_OK) rc = mf_path(m, l->dir, script, &d->script);
        if (rc == LL_OK) rc = mf_knobs(m, d);
        ll_free(script);
        lua_pop(m->L, 1);
    }
    lua_pop(m->L, 1);
    return l->demos ? rc : LL_ENOMEM;
}

static int
mf_exercise(lua_State *L, const char *dir, ll_exercise *e, char **err)
{
    char *path = ll_asprintf("%s/exercise.lua", dir);
    char *kind = NULL, *stmt = NULL;
    mf m = { L, path, err };
    int rc;

    if (path == NULL)
        return LL_ENOMEM;
    e->dir = ll_strdup(dir);
    rc = mf_eval(L, path, err);
    if (rc == LL_OK) {
        rc = mf_id(&m, "id", &e->id);
        if (rc == LL_OK) rc = mf_str(&m, "title", true, &e->title);
        if (rc == LL_OK) rc = mf_str(&m, "kind", true, &kind);
        if (rc == LL_OK) rc = mf_id(&m, "file", &e->file);
        if (rc == LL_OK) rc = mf_str(&m, "statement", false, &stmt);
        if (rc == LL_OK) rc = mf_strv(&m, "hints", &e->hints, &e->nhints);
        if (rc == LL_OK) rc = mf_seeds(&m, e);
        if (rc == LL_OK) rc = mf_bool(&m, "optional", &e->optional);
        if (rc == LL_OK && strcmp(kind, "python") != 0 &&
            strcmp(kind, "lua") != 0)
            rc = mf_fail(&m, "field 'kind' must be \"python\" or \"lua\" "
                         "(got \"%s\")%s", kind, "");
        if (rc == LL_OK) {
            e->kind = strcmp(kind, "lua") == 0 ? LL_EX_LUA : LL_EX_PYTHON;
            if (strchr(e->file, '/') != NULL)
                rc = mf_fail(&m, "field 'file' must be a plain file name "
                             "(got \"%s\")%s", e->file, "");
        }
        if (rc == LL_OK)
            rc = mf_path(&m, dir, stmt ? stmt : "README.md", &e->statement);
        if (rc == LL_OK) {
            char *starter = ll_asprintf("starter/%s", e->file);
            char *checks = NULL;
            rc = starter ? mf_path(&m, dir, starter, &checks) : LL_ENOMEM;
            ll_free(checks);
            checks = NULL;
            if (rc == LL_OK)
                rc = mf_path(&m, dir, "checks.lua", &checks);
            ll_free(checks);
            ll_free(starter);
        }
        lua_pop(L, 1);
    }
    ll_free(kind);
    ll_free(stmt);
    ll_free(path);
    return rc;
}

static int
mf_exercises(mf *m, ll_lesson *l)
{
    char **rel;
    size_t n, i;
    int rc = mf_strv(m, "exercises", &rel, &n);
    if (rc != LL_OK)
        return rc;
    l->exercises = ll_calloc(n + 1, sizeof *l->exercises);
    for (i = 0; rc == LL_OK && l->exercises && i < n; i++) {
        char *dir = NULL;
        rc = mf_path(m, l->dir, rel[i], &dir);
        if (rc == LL_OK) {
            l->nexercises++;
            rc = mf_exercise(m->L, dir, &l->exercises[i], m->err);
        }
        ll_free(dir);
    }
    for (i = 0; i < n; i++)
        ll_free(rel[i]);
    ll_free(rel);
    return l->exercises ? rc : LL_ENOMEM;
}

static int
mf_quiz(lua_State *L, const char *path, ll_lesson *l, char **err)
{
    mf m = { L, path, err };
    lua_Integer i, len;
    int rc = mf_eval(L, path, err);

    if (rc != LL_OK)
        return rc;
    len = luaL_len(L, -1);
    l->quiz = ll_calloc((size_t)len + 1, sizeof *l->quiz);
    for (i = 1; rc == LL_OK && l->quiz && i <= len; i++) {
        ll_question *q = &l->quiz[i - 1];
        char *kind = NULL, num[24];
        double ans;
        snprintf(num, sizeof num, "%lld", (long long)i);
        if (lua_rawgeti(L, -1, i) != LUA_TTABLE) {
            lua_pop(L, 1);
            rc = mf_fail(&m, "question %s must be a table%s", num, "");
            break;
        }
        l->nquiz++;
        rc = mf_str(&m, "kind", true, &kind);
        if (rc == LL_OK) rc = mf_str(&m, "prompt", true, &q->prompt);
        if (rc == LL_OK) rc = mf_str(&m, "code", false, &q->code);
        if (rc == LL_OK) rc = mf_str(&m, "lang", false, &q->lang);
        if (rc == LL_OK) rc = mf_str(&m, "explain", true, &q->explain);
        if (rc == LL_OK) rc = mf_strv(&m, "choices", &q->choices, &q->nchoices);
        if (rc == LL_OK) rc = mf_num(&m, "answer", 0, &ans);
        if (rc == LL_OK) rc = mf_str_or_strv(&m, "run", &q->runs, &q->nruns);
        if (rc == LL_OK) rc = mf_num(&m, "tolerance", 0, &q->tolerance);
        if (rc == LL_OK) rc = mf_str(&m, "prelude", false, &q->prelude);
        if (rc == LL_OK) rc = mf_str(&m, "output", false, &q->output);
        if (rc == LL_OK) rc = mf_str_or_strv(&m, "warns", &q->warns,
                                             &q->nwarns);
        if (rc == LL_OK) rc = mf_times(&m, num, q);
        if (rc == LL_OK) {
            lua_getfield(L, -1, "body");
            q->body = lua_toboolean(L, -1);
            lua_pop(L, 1);
        }
        if (rc == LL_OK) {
            if (strcmp(kind, "mc") == 0) q->kind = LL_QUIZ_MC;
            else if (strcmp(kind, "po") == 0) q->kind = LL_QUIZ_PO;
            else if (strcmp(kind, "pt") == 0) q->kind = LL_QUIZ_PT;
            else rc = mf_fail(&m, "question %s: kind must be mc, po or pt",
                              num, "");
        }
        if (rc == LL_OK && q->nchoices < 2)
            rc = mf_fail(&m, "question %s: needs at least two choices%s",
                         num, "");
        if (rc == LL_OK && (ans < 1 || ans > (double)q->nchoices ||
                            ans != (double)(int)ans))
            rc = mf_fail(&m, "question %s: answer must be the number of one "
                         "of its choices%s", num, "");
        q->answer = (int)ans - 1;
        ll_free(kind);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return l->quiz ? rc : LL_ENOMEM;
}

int
ll__course_load_lesson(const char *dir, int week, ll_lesson *l, char **err)
{
    ll_lua_ctx ctx;
    lua_State *L;
    char *path = ll_asprintf("%s/lesson.lua", dir);
    char *quiz = NULL;
    mf m;
    int rc;

    if (path == NULL)
        return LL_ENOMEM;
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = 64u << 20;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        ll_free(path);
        return LL_ENOMEM;
    }
    m.L = L;
    m.path = path;
    m.err = err;
    l->week = week;
    l->dir = ll_strdup(dir);
    rc = mf_eval(L, path, err);
    if (rc == LL_OK) {
        rc = mf_id(&m, "id", &l->id);
        if (rc == LL_OK) rc = mf_str(&m, "title", true, &l->title);
        if (rc == LL_OK) rc = mf_str(&m, "summary", false, &l->summary);
        if (rc == LL_OK) rc = mf_pages(&m, l);
        if (rc == LL_OK) rc = mf_demos(&m, l);
        if (rc == LL_OK) rc = mf_exercises(&m, l);
        if (rc == LL_OK) rc = mf_str(&m, "quiz", false, &quiz);
        if (rc == LL_OK && quiz != NULL) {
            char *qpath = NULL;
            rc = mf_path(&m, dir, quiz, &qpath);
            if (rc == LL_OK)
                rc = mf_quiz(L, qpath, l, err);
            l->quiz_path = qpath;
        }
        if (rc == LL_OK && l->summary == NULL)
            l->summary = ll_strdup("");
    }
    ll_free(quiz);
    ll_free(path);
    ll_lua_close(L);
    return rc;
}
