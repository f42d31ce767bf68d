/* SPDX-License-Identifier: MIT
 * engine/lua/run.c -- run a Lua program (demo, `looplab run`) on the engine.
 *
 * The script gets a sandbox environment plus `knobs`; it drives the loop
 * itself through aio.run. When the program fails inside aio.run, the report
 * carries the failing task's traceback, not the aio.run call site's.
 */
#include "run.h"

#include <string.h>

#include "host.h"

void
ll_run_result_close(ll_run_result *res)
{
    ll_free(res->error);
    res->error = NULL;
}

static void
run_push_knobs(lua_State *L, const ll_run_opts *opts)
{
    size_t i;
    lua_newtable(L);
    for (i = 0; opts && i < opts->nknobs; i++) {
        lua_pushnumber(L, opts->knobs[i].value);
        lua_setfield(L, -2, opts->knobs[i].name);
    }
}

int
ll_run_file(const char *path, const ll_run_opts *opts, ll_trace *trace,
            ll_buf *out, ll_run_result *res)
{
    ll_lua_ctx ctx;
    lua_State *L;
    char *err = NULL;
    int rc, env;

    memset(res, 0, sizeof *res);
    ll_lua_ctx_init(&ctx, opts ? opts->clock : LL_CLOCK_VIRTUAL,
                    opts ? opts->speed : 1.0, opts ? opts->seed : 0);
    ctx.trace = trace;
    ctx.out = out;
    ctx.echo = opts && opts->echo;
    L = ll_lua_new(&ctx);
    if (L == NULL)
        return LL_ENOMEM;
    ll_lua_push_env(L);
    env = lua_gettop(L);
    run_push_knobs(L, opts);
    lua_setfield(L, env, "knobs");
    rc = ll_lua_load_file(L, path, env, &err);
    if (rc != LL_OK) {
        res->error = err;
        ll_lua_close(L);
        return rc;
    }
    ll_lua_set_budget(L, opts ? opts->max_instructions : 0);
    if (opts && opts->debug) {
        /* aio.set_debug(true), through aio's Lua API: the runner sits below
         * the modules and includes none of them. */
        ll_lua_push_module(L, "aio");
        lua_getfield(L, -1, "set_debug");
        lua_pushboolean(L, 1);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
    rc = ll_lua_pcall(L, 0, 0, &err);
    res->vtime = (double)ll_clock_now(&ctx.clock) / 1e9;
    res->status = rc;
    if (rc != LL_OK) {
        lua_getfield(L, LUA_REGISTRYINDEX, LL_LUA_LAST_TB);
        if (lua_isstring(L, -1)) {
            /* The task's own traceback says where the error really was. */
            res->error = ll_strdup(lua_tostring(L, -1));
            ll_free(err);
        } else {
            res->error = err;
        }
        lua_pop(L, 1);
        if (ctx.deadlock)
            res->status = LL_EDEADLK;
    }
    ll_lua_close(L);
    return LL_OK;
}
