/* SPDX-License-Identifier: MIT
 * course/dev/dev_lua.c -- the parts of `looplab dev` that must read Lua:
 * the check names a checks.lua defines, and manifest fields the format does
 * not know (a typo like `hint =` would otherwise be silently ignored).
 *
 * Everything runs in the same sandbox and under the same instruction budget
 * as the loaders themselves, so lint can never do more than loading does.
 */
#include <string.h>

#include "grader/checklib.h"
#include "dev.h"
#include "engine/lua/datafile.h"
#include "engine/lua/host.h"

#define DEV_LUA_BUDGET 2000000L

int
ll__dev_check_names(const char *checks_path, char ***names, size_t *n,
                    int **hints, char **err)
{
    ll_checks_meta meta;
    size_t i;
    int rc;

    *names = NULL;
    *n = 0;
    *err = NULL;
    /* Load it as the grader does before a run (fields, scenarios and
     * their make() included), without running any check: the declared
     * names and their order are what matter here. */
    if (hints != NULL)
        *hints = NULL;
    rc = ll_checklib_meta(checks_path, 0, &meta, err);
    if (rc != LL_OK)
        return rc;
    *names = ll_calloc(meta.declared.nchecks + 1, sizeof **names);
    if (hints != NULL)
        *hints = ll_calloc(meta.declared.nchecks + 1, sizeof **hints);
    for (i = 0; *names && i < meta.declared.nchecks; i++) {
        (*names)[(*n)++] = ll_strdup(meta.declared.checks[i].name);
        if (hints != NULL && *hints != NULL)
            (*hints)[i] = meta.declared.checks[i].hint;
    }
    if (*names == NULL || (hints != NULL && *hints == NULL))
        rc = LL_ENOMEM;
    ll_checklib_meta_close(&meta);
    return rc;
}

/* {=================== unknown fields ===================} */

static const char *const dev_lesson_keys[] = {
    "id", "title", "summary", "pages", "demos", "exercises", "quiz", NULL };
static const char *const dev_demo_keys[] = {
    "id", "title", "script", "about", "knobs", NULL };
static const char *const dev_knob_keys[] = {
    "name", "label", "value", "min", "max", "step", NULL };
static const char *const dev_exercise_keys[] = {
    "id", "title", "kind", "file", "statement", "hints", "seeds", "optional",
    NULL };
static const char *const dev_question_keys[] = {
    "kind", "prompt", "code", "lang", "choices", "answer", "explain", "run",
    "tolerance", "prelude", "output", "times", "warns", "body", NULL };

/* Levenshtein distance, capped: good enough for "did you mean". */
static size_t
dev_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j, prev[64], cur[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (j = 0; j <= lb; j++)
        prev[j] = j;
    for (i = 1; i <= la; i++) {
        cur[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1,
                   sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            cur[j] = del < ins ? (del < sub ? del : sub)
                               : (ins < sub ? ins : sub);
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb];
}

/* Line of the first `key =` in text (whole word), 0 if not found. */
static int
dev_line_of(const char *text, const char *key)
{
    size_t n = strlen(key);
    const char *p = text;
    while ((p = strstr(p, key)) != NULL) {
        const char *q = p + n;
        bool word = p == text || !(p[-1] == '_' || (p[-1] >= 'a' &&
                    p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z') ||
                    (p[-1] >= '0' && p[-1] <= '9'));
        while (*q == ' ' || *q == '\t')
            q++;
        if (word && *q == '=' && q[1] != '=') {
            int line = 1;
            const char *s;
            for (s = text; s < p; s++)
                line += *s == '\n';
            return line;
        }
        p += n;
    }
    return 0;
}

typedef struct dev_uf {
    lua_State     *L;
    const char    *path;
    const char    *text;
    ll_dev_report *rep;
} dev_uf;

/* Report the string keys of the table on top that are not in known. */
static void
dev_uf_table(dev_uf *u, const char *where, const char *const *known)
{
    lua_pushnil(u->L);
    while (lua_next(u->L, -2) != 0) {
        const char *k, *best = NULL;
        size_t i, bestd = 3;
        lua_pop(u->L, 1);
        if (lua_type(u->L, -1) != LUA_TSTRING)
            continue;
        k = lua_tostring(u->L, -1);
        for (i = 0; known[i] && strcmp(known[i], k) != 0; i++) {
            size_t d = dev_distance(known[i], k);
            if (d < bestd) {
                bestd = d;
                best = known[i];
            }
        }
        if (known[i] != NULL)
            continue;
        ll_dev_add(u->rep, LL_DEV_WARN, "lint", "", u->path,
                   dev_line_of(u->text, k), "%sunknown field '%s'%s%s%s "
                   "(it is ignored)", where, k, best ? " (did you mean '" : "",
                   best ? best : "", best ? "'?)" : "");
    }
}

/* Each table entry of list field `key` of the table on top. */
static void
dev_uf_list(dev_uf *u, const char *key, const char *label,
            const char *const *known, const char *sub_key, const char *sub_label,
            const char *const *sub_known)
{
    lua_Integer i, len;
    if (key != NULL && lua_getfield(u->L, -1, key) != LUA_TTABLE) {
        lua_pop(u->L, 1);
        return;
    }
    len = luaL_len(u->L, -1);
    for (i = 1; i <= len; i++) {
        char where[64];
        if (lua_rawgeti(u->L, -1, i) == LUA_TTABLE) {
            snprintf(where, sizeof where, "%s %lld: ", label, (long long)i);
            dev_uf_table(u, where, known);
            if (sub_key != NULL)
                dev_uf_list(u, sub_key, sub_label, sub_known, NULL, NULL,
                            NULL);
        }
        lua_pop(u->L, 1);
    }
    if (key != NULL)
        lua_pop(u->L, 1);
}

int
ll__dev_unknown_fields(const char *path, const char *kind, ll_dev_report *rep)
{
    ll_lua_ctx ctx;
    lua_State *L;
    char *err = NULL, *text = NULL;
    dev_uf u;
    int rc;

    if (ll_read_file(path, &text, NULL) != LL_OK)
        return LL_OK;             /* the loader reports missing files */
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = 64u << 20;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        ll_free(text);
        return LL_ENOMEM;
    }
    /* bounded like the loader (a child with a time limit): see datafile.c */
    rc = ll_lua_load_data(L, path, DEV_LUA_BUDGET, &err);
    if (rc == LL_OK && lua_istable(L, -1)) {
        u.L = L;
        u.path = path;
        u.text = text;
        u.rep = rep;
        if (strcmp(kind, "lesson") == 0) {
            dev_uf_table(&u, "", dev_lesson_keys);
            dev_uf_list(&u, "demos", "demo", dev_demo_keys, "knobs", "knob",
                        dev_knob_keys);
        } else if (strcmp(kind, "exercise") == 0) {
            dev_uf_table(&u, "", dev_exercise_keys);
        } else {
            dev_uf_list(&u, NULL, "question", dev_question_keys, NULL, NULL,
                        NULL);
        }
    }
    ll_free(err);
    ll_free(text);
    ll_lua_close(L);
    return LL_OK;
}
