/* SPDX-License-Identifier: MIT
 * engine/lua/futures.c -- one Future for both pools (see futures.h).
 *
 * threads and procs Futures behave the same from Lua (the API of
 * concurrent.futures), so the methods are written once here and reach
 * their pool only through its fut_class. Each method is registered with
 * the class as its upvalue: `luaL_checkudata` then names the right type in
 * argument errors, and a threads Future is never taken for a procs one.
 */
#include "futures.h"

#include <string.h>

#define FUT_CLASS(L) \
    ((const fut_class *)lua_touserdata(L, lua_upvalueindex(1)))

fut_job *
ll__futures_check(lua_State *L, int idx, const fut_class *cls)
{
    fut_ud *u = luaL_checkudata(L, idx, cls->mt);
    if (u->job == NULL)
        luaL_argerror(L, idx, "future is gone");
    return u->job;
}

void
ll__futures_push(lua_State *L, const fut_class *cls, fut_job *f)
{
    fut_ud *u;
    f->cls = cls;
    f->state = FUT_PENDING;
    f->callbacks = LUA_NOREF;
    u = lua_newuserdatauv(L, sizeof *u, 1);
    u->job = f;
    luaL_setmetatable(L, cls->mt);
    lua_pushvalue(L, -1);
    f->anchor = luaL_ref(L, LUA_REGISTRYINDEX);
}

void
ll__futures_unsubmit(lua_State *L, fut_job *f)
{
    luaL_unref(L, LUA_REGISTRYINDEX, f->anchor);
    f->anchor = LUA_NOREF;
    f->state = FUT_CANCELLED;
}

void
ll__futures_settle(lua_State *L, fut_job *f, bool run_callbacks)
{
    if (!f->orphan && run_callbacks && f->callbacks != LUA_NOREF) {
        lua_Integer i, n;
        int top = lua_gettop(L);
        lua_rawgeti(L, LUA_REGISTRYINDEX, f->callbacks);
        n = (lua_Integer)lua_rawlen(L, -1);
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, top + 1, i);
            lua_rawgeti(L, LUA_REGISTRYINDEX, f->anchor);
            if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
                /* concurrent.futures logs and carries on */
                if (f->cls->callback_error != NULL)
                    f->cls->callback_error(L, f);
                lua_pop(L, 1);
            }
        }
        lua_settop(L, top);
    }
    luaL_unref(L, LUA_REGISTRYINDEX, f->callbacks);
    f->callbacks = LUA_NOREF;
    luaL_unref(L, LUA_REGISTRYINDEX, f->anchor);
    f->anchor = LUA_NOREF;
    if (f->orphan)
        f->cls->free(f);
}

bool
ll__futures_wait(lua_State *L, fut_job *f, double timeout)
{
    double deadline = timeout >= 0 ? (double)ll_mono_ns() / 1e9 + timeout : -1;
    while (f->state == FUT_PENDING) {
        double left = -1;
        if (deadline >= 0) {
            left = deadline - (double)ll_mono_ns() / 1e9;
            if (left <= 0) {
                f->cls->pump(L, f, 0);
                return f->state != FUT_PENDING;
            }
        }
        if (!f->cls->pump(L, f, left))
            return false;
    }
    return true;
}

int
ll__futures_push_values(lua_State *L, int fidx, fut_job *f, int item)
{
    int n, i;
    if (f->state == FUT_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    if (f->cls->values(L, fidx, f, item)) {
        lua_rawgeti(L, -1, 1);
        return lua_error(L);
    }
    lua_getfield(L, -1, "n");
    n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, n, "results");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);
    return n;
}

double
ll__futures_opt_timeout(lua_State *L, int idx)
{
    double t;
    if (lua_isnoneornil(L, idx))
        return -1;
    t = luaL_checknumber(L, idx);
    luaL_argcheck(L, t >= 0, idx, "timeout must be >= 0");
    return t;
}

/* {==== executors */

void
ll__futures_opt_initializer(lua_State *L, int opts, int *init, int *initargs)
{
    *init = *initargs = 0;
    if (lua_getfield(L, opts, "initializer") != LUA_TNIL) {
        luaL_checktype(L, -1, LUA_TFUNCTION);
        *init = lua_gettop(L);
    }
    if (lua_getfield(L, opts, "initargs") != LUA_TNIL) {
        luaL_checktype(L, -1, LUA_TTABLE);
        *initargs = lua_gettop(L);
    }
}

void
ll__futures_dump_initializer(lua_State *L, int init, int initargs,
                             const ll_serial_opts *so, ll_buf *out)
{
    int top = lua_gettop(L), n = 0, i, rc;
    char *err = NULL;
    lua_pushvalue(L, init);
    if (initargs != 0) {
        n = (int)lua_rawlen(L, initargs);
        luaL_checkstack(L, n, "initargs");
        for (i = 1; i <= n; i++)
            lua_rawgeti(L, initargs, i);
    }
    rc = ll_serial_dump(L, top + 1, n + 1, "initializer", so, out, &err);
    lua_settop(L, top);
    if (rc != LL_OK) {
        lua_pushstring(L, err ? err : ll_strerror(rc));
        ll_free(err);
        lua_error(L);
    }
}

int
ll__futures_with(lua_State *L, lua_CFunction shutdown)
{
    int st;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    st = lua_pcall(L, 1, LUA_MULTRET, 0);
    lua_pushcfunction(L, shutdown);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 2;
}

/* }==== */

/* {==== methods */

/* Wait for result()/exception() or raise TimeoutError. */
static fut_job *
futures_wait_arg(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    double timeout = ll__futures_opt_timeout(L, 2);
    if (!ll__futures_wait(L, f, timeout))
        luaL_error(L, "TimeoutError: the future is not done after %f s",
                   timeout);
    return f;
}

static int
l_futures_result(lua_State *L)
{
    fut_job *f = futures_wait_arg(L);
    return ll__futures_push_values(L, 1, f, 1);
}

static int
l_futures_exception(lua_State *L)
{
    fut_job *f = futures_wait_arg(L);
    if (f->state == FUT_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    if (!f->cls->values(L, 1, f, 1)) {
        lua_pushnil(L);
        return 1;
    }
    lua_rawgeti(L, -1, 1);
    return 1;
}

static int
l_futures_done(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    f->cls->pump(L, f, 0);
    lua_pushboolean(L, f->state != FUT_PENDING);
    return 1;
}

static int
l_futures_cancelled(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    lua_pushboolean(L, f->state == FUT_CANCELLED);
    return 1;
}

/* Only a job still queued can be cancelled, as in concurrent.futures. */
static int
l_futures_cancel(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    if (f->state == FUT_CANCELLED)
        lua_pushboolean(L, 1);
    else if (f->state != FUT_PENDING)
        lua_pushboolean(L, 0);
    else
        lua_pushboolean(L, f->cls->cancel(L, f));
    return 1;
}

/* Callbacks run on the owner when the job settles, or at once if it has. */
static int
l_futures_add_done_callback(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (f->state != FUT_PENDING) {
        lua_pushvalue(L, 2);
        lua_pushvalue(L, 1);
        lua_call(L, 1, 0);
        return 0;
    }
    if (f->callbacks == LUA_NOREF) {
        lua_newtable(L);
        f->callbacks = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, f->callbacks);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* fut:worker() -> id, start, end (monotonic seconds) once done */
static int
l_futures_worker(lua_State *L)
{
    fut_job *f = ll__futures_check(L, 1, FUT_CLASS(L));
    lua_Integer id;
    int64_t t0, t1;
    if (f->state != FUT_DONE || !f->cls->worker(f, &id, &t0, &t1))
        return 0;
    lua_pushinteger(L, id);
    lua_pushnumber(L, (double)t0 / 1e9);
    lua_pushnumber(L, (double)t1 / 1e9);
    return 3;
}

static int
l_futures_gc(lua_State *L)
{
    fut_ud *u = luaL_checkudata(L, 1, FUT_CLASS(L)->mt);
    /* Pending Futures are anchored, so this is lua_close, where every
     * finaliser runs: a job still in its pool is freed when it settles. */
    if (u->job != NULL) {
        if (u->job->state == FUT_PENDING)
            u->job->orphan = true;
        else
            u->job->cls->free(u->job);
    }
    u->job = NULL;
    return 0;
}

/* }==== */

void
ll__futures_newclass(lua_State *L, const fut_class *cls,
                     const luaL_Reg *meth, const luaL_Reg *metameth)
{
    static const luaL_Reg shared_m[] = {
        {"result", l_futures_result}, {"exception", l_futures_exception},
        {"done", l_futures_done}, {"cancelled", l_futures_cancelled},
        {"cancel", l_futures_cancel},
        {"add_done_callback", l_futures_add_done_callback},
        {"worker", l_futures_worker}, {NULL, NULL}
    };
    if (!luaL_newmetatable(L, cls->mt)) {
        lua_pop(L, 1);
        return;
    }
    lua_pushlightuserdata(L, (void *)cls);
    lua_pushcclosure(L, l_futures_gc, 1);
    lua_setfield(L, -2, "__gc");
    if (metameth != NULL)
        luaL_setfuncs(L, metameth, 0);
    lua_newtable(L);
    lua_pushlightuserdata(L, (void *)cls);
    luaL_setfuncs(L, shared_m, 1);
    if (meth != NULL)
        luaL_setfuncs(L, meth, 0);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "methods");
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
}
