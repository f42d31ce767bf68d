/* SPDX-License-Identifier: MIT
 * course/assess_rules.c -- read competencies.lua into ll_assess_rules.
 *
 * The file runs in the manifest sandbox (no io, no os) under an instruction
 * budget and returns a list of competencies. Field errors name the file
 * and the competency / requirement by position, like the manifest loader.
 */
#include <string.h>

#include "assess.h"
#include "engine/lua/datafile.h"
#include "engine/lua/host.h"

#define RULES_BUDGET 2000000L

typedef struct rl {
    lua_State  *L;
    const char *path;
    char      **err;
} rl;

static int
rl_fail(rl *r, const char *where, const char *what)
{
    *r->err = ll_asprintf("%s: %s%s", r->path, where, what);
    return LL_ESYNTAX;
}

static int
rl_str(rl *r, const char *where, const char *key, bool required, char **out)
{
    int t = lua_getfield(r->L, -1, key);
    *out = NULL;
    if (t == LUA_TSTRING)
        *out = ll_strdup(lua_tostring(r->L, -1));
    lua_pop(r->L, 1);
    if (t == LUA_TNIL && !required)
        return LL_OK;
    if (t != LUA_TSTRING) {
        char *m = ll_asprintf("field '%s' must be a string", key);
        int rc = rl_fail(r, where, m ? m : "bad field");
        ll_free(m);
        return rc;
    }
    return *out ? LL_OK : LL_ENOMEM;
}

/* A string or a list of strings. */
static int
rl_strv(rl *r, const char *where, const char *key, char ***out, size_t *n)
{
    lua_Integer i, len;
    int t = lua_getfield(r->L, -1, key);
    *out = NULL;
    *n = 0;
    if (t == LUA_TNIL) {
        lua_pop(r->L, 1);
        return LL_OK;
    }
    if (t == LUA_TSTRING) {
        *out = ll_calloc(2, sizeof **out);
        if (*out == NULL)
            return LL_ENOMEM;
        (*out)[(*n)++] = ll_strdup(lua_tostring(r->L, -1));
        lua_pop(r->L, 1);
        return LL_OK;
    }
    if (t != LUA_TTABLE) {
        char *m = ll_asprintf("field '%s' must be a string or a list", key);
        lua_pop(r->L, 1);
        t = rl_fail(r, where, m ? m : "bad field");
        ll_free(m);
        return t;
    }
    len = luaL_len(r->L, -1);
    *out = ll_calloc((size_t)len + 1, sizeof **out);
    if (*out == NULL)
        return LL_ENOMEM;
    for (i = 1; i <= len; i++) {
        if (lua_rawgeti(r->L, -1, i) != LUA_TSTRING) {
            char *m = ll_asprintf("'%s' must list strings", key);
            lua_pop(r->L, 2);
            t = rl_fail(r, where, m ? m : "bad field");
            ll_free(m);
            return t;
        }
        (*out)[(*n)++] = ll_strdup(lua_tostring(r->L, -1));
        lua_pop(r->L, 1);
    }
    lua_pop(r->L, 1);
    return LL_OK;
}

static int
rl_req(rl *r, const char *where, ll_req_rule *q)
{
    char *kind = NULL;
    int rc = rl_str(r, where, "kind", true, &kind);
    if (rc == LL_OK) {
        if (strcmp(kind, "checks") == 0) q->kind = LL_REQ_CHECKS;
        else if (strcmp(kind, "pass") == 0) q->kind = LL_REQ_PASS;
        else if (strcmp(kind, "quiz") == 0) q->kind = LL_REQ_QUIZ;
        else if (strcmp(kind, "check") == 0) q->kind = LL_REQ_CHECK;
        else rc = rl_fail(r, where, "kind must be checks, pass, quiz or "
                          "check");
    }
    ll_free(kind);
    if (rc == LL_OK) rc = rl_str(r, where, "label", true, &q->label);
    if (rc == LL_OK) rc = rl_strv(r, where, "items", &q->items, &q->nitems);
    if (rc == LL_OK) rc = rl_strv(r, where, "kinds", &q->kinds, &q->nkinds);
    if (rc == LL_OK) rc = rl_strv(r, where, "names", &q->names, &q->nnames);
    if (rc == LL_OK && q->nitems == 0)
        rc = rl_fail(r, where, "field 'items' must name at least one item");
    if (rc == LL_OK && q->kind == LL_REQ_CHECK && q->nnames == 0)
        rc = rl_fail(r, where, "a check requirement needs 'names'");
    if (rc == LL_OK) {
        lua_getfield(r->L, -1, "first_try");
        q->first_try = lua_toboolean(r->L, -1);
        lua_pop(r->L, 1);
        lua_getfield(r->L, -1, "min");
        q->min = lua_isnumber(r->L, -1) ? lua_tonumber(r->L, -1) : 1.0;
        lua_pop(r->L, 1);
        lua_getfield(r->L, -1, "count");
        q->count = lua_isinteger(r->L, -1) ? (int)lua_tointeger(r->L, -1) : 0;
        lua_pop(r->L, 1);
        if (q->min < 0 || q->min > 1)
            rc = rl_fail(r, where, "field 'min' is a fraction from 0 to 1");
    }
    return rc;
}

static int
rl_comp(rl *r, const char *where, ll_comp_rule *c)
{
    lua_Integer i, len;
    int rc = rl_str(r, where, "id", true, &c->id);
    if (rc == LL_OK) rc = rl_str(r, where, "title", true, &c->title);
    if (rc == LL_OK) rc = rl_str(r, where, "evidence", false, &c->evidence);
    if (rc != LL_OK)
        return rc;
    if (lua_getfield(r->L, -1, "requires") != LUA_TTABLE) {
        lua_pop(r->L, 1);
        return rl_fail(r, where, "field 'requires' must be a list of "
                       "requirements");
    }
    len = luaL_len(r->L, -1);
    c->reqs = ll_calloc((size_t)len + 1, sizeof *c->reqs);
    if (c->reqs == NULL)
        return LL_ENOMEM;
    for (i = 1; rc == LL_OK && i <= len; i++) {
        char w[128];
        snprintf(w, sizeof w, "%srequires[%lld]: ", where, (long long)i);
        if (lua_rawgeti(r->L, -1, i) != LUA_TTABLE)
            rc = rl_fail(r, w, "must be a table");
        else {
            c->nreqs++;
            rc = rl_req(r, w, &c->reqs[i - 1]);
        }
        lua_pop(r->L, 1);
    }
    lua_pop(r->L, 1);
    return rc;
}

int
ll_assess_rules_load(const char *path, ll_assess_rules **out, char **err)
{
    ll_lua_ctx ctx;
    lua_State *L;
    ll_assess_rules *rs;
    lua_Integer i, len;
    int rc;
    rl r;

    *out = NULL;
    *err = NULL;
    rs = ll_calloc(1, sizeof *rs);
    if (rs == NULL || (rs->path = ll_strdup(path)) == NULL) {
        ll_free(rs);
        return LL_ENOMEM;
    }
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1, 0);
    ctx.mem_limit = 64u << 20;
    L = ll_lua_new(&ctx);
    if (L == NULL) {
        ll_assess_rules_free(rs);
        return LL_ENOMEM;
    }
    /* data only, run with a time limit in a child (datafile.c) */
    rc = ll_lua_load_data(L, path, RULES_BUDGET, err);
    if (rc == LL_ERUNTIME || rc == LL_ELIMIT)
        rc = LL_ESYNTAX;
    if (rc == LL_OK && !lua_istable(L, -1)) {
        *err = ll_asprintf("%s: must return a list of competencies", path);
        rc = LL_ESYNTAX;
    }
    r.L = L;
    r.path = path;
    r.err = err;
    if (rc == LL_OK) {
        len = luaL_len(L, -1);
        rs->comps = ll_calloc((size_t)len + 1, sizeof *rs->comps);
        if (rs->comps == NULL)
            rc = LL_ENOMEM;
        for (i = 1; rc == LL_OK && i <= len; i++) {
            char w[64];
            snprintf(w, sizeof w, "competency %lld: ", (long long)i);
            if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
                rc = rl_fail(&r, w, "must be a table");
            else {
                rs->ncomps++;
                rc = rl_comp(&r, w, &rs->comps[i - 1]);
            }
            lua_pop(L, 1);
        }
    }
    ll_lua_close(L);
    if (rc != LL_OK) {
        ll_assess_rules_free(rs);
        return rc;
    }
    *out = rs;
    return LL_OK;
}
