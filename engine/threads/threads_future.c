/* SPDX-License-Identifier: MIT
 * engine/threads/threads_future.c -- the threads Future, threads.wait and
 * threads.as_completed.
 *
 * The Future itself is futures.c's; this file is what is particular to
 * thread jobs: results come back as one serialised blob (loaded once and
 * cached in the Future's uservalue), waiting means pumping the runtime,
 * cancelling means taking the job off the pool's queue, and a Thread's
 * uncaught error is printed as CPython's "Exception in thread" line.
 */
#include "threads_int.h"

#include <lauxlib.h>
#include <string.h>

#define THR_JOB(fj) ll_container_of((fj), thr_job, f)

/* {==== Future */

/* Push the cached result table {n=, ...} of a finished future at idx,
 * loading it on first use. */
static void
thr_future_values(lua_State *L, int idx, thr_job *j)
{
    idx = lua_absindex(L, idx);
    if (lua_getiuservalue(L, idx, 1) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    if (j->out.len > 0) {
        int nv = 0, i, t = lua_gettop(L);
        char *err = NULL;
        if (ll_serial_load(L, j->out.data, j->out.len, 0, &nv, &err) != LL_OK) {
            lua_pushstring(L, err ? err : "malformed result");
            ll_free(err);
            nv = 1;
            j->failed = true;
        }
        for (i = nv; i >= 1; i--)
            lua_rawseti(L, t, i);
        lua_pushinteger(L, nv);
        lua_setfield(L, t, "n");
    } else {
        if (j->failed) {
            lua_pushstring(L, "worker could not start: out of memory");
            lua_rawseti(L, -2, 1);
        }
        lua_pushinteger(L, j->failed ? 1 : 0);
        lua_setfield(L, -2, "n");
    }
    j->loaded = true;
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, idx, 1);
}

static bool
thr_future_pump(lua_State *L, fut_job *f, double timeout)
{
    (void)f;
    ll__thr_pump(L, timeout);
    return true;
}

static bool
thr_future_get(lua_State *L, int fidx, fut_job *f, int item)
{
    (void)item;
    thr_future_values(L, fidx, THR_JOB(f));
    return THR_JOB(f)->failed;
}

static bool
thr_future_cancel(lua_State *L, fut_job *f)
{
    thr_job *j = THR_JOB(f);
    if (j->tp->pool == NULL || ll_pool_cancel(j->tp->pool, &j->w) != LL_OK)
        return false;
    ll__thr_pump(L, 0);      /* runs its done: state, callbacks */
    return true;
}

static bool
thr_future_worker(fut_job *f, lua_Integer *id, int64_t *t0, int64_t *t1)
{
    thr_job *j = THR_JOB(f);
    *id = j->w.worker;
    *t0 = j->w.t_start;
    *t1 = j->w.t_end;
    return true;
}

static void
thr_future_callback_error(lua_State *L, fut_job *f)
{
    char *m = ll_lua_tostring(L, -1);
    ll__thr_event_add(THR_JOB(f)->tp->rt, LL_EV_OUTPUT, -1, "callback", m,
                      ll_mono_ns());
    ll_free(m);
}

static void
thr_future_free(fut_job *f)
{
    ll__thr_job_free(THR_JOB(f));
}

const fut_class ll__thr_future_class = {
    .mt = THR_FUTURE_MT,
    .pump = thr_future_pump,
    .values = thr_future_get,
    .cancel = thr_future_cancel,
    .worker = thr_future_worker,
    .callback_error = thr_future_callback_error,
    .free = thr_future_free,
};

void
ll__thr_future_fire(lua_State *L, thr_job *j)
{
    thr_rt *rt = j->tp->rt;
    int top = lua_gettop(L);
    if (j->thread_job && !j->f.orphan && j->f.state == FUT_DONE &&
        j->failed && !rt->closing) {
        char *err = NULL;
        int nv;
        if (ll_serial_load(L, j->out.data, j->out.len, 0, &nv, &err) == LL_OK
            && nv == 1) {
            char *m = ll_lua_tostring(L, -1);
            char *line = ll_asprintf("Exception in thread %s: %s",
                                     j->tp->name, m ? m : "?");
            ll__thr_event_add(rt, LL_EV_OUTPUT, j->w.worker, j->tp->name,
                              line, ll_mono_ns());
            ll_free(line);
            ll_free(m);
            /* keep the value for join()/result() callers */
            lua_rawgeti(L, LUA_REGISTRYINDEX, j->f.anchor);
            lua_newtable(L);
            lua_pushvalue(L, -3);
            lua_rawseti(L, -2, 1);
            lua_pushinteger(L, 1);
            lua_setfield(L, -2, "n");
            lua_setiuservalue(L, -2, 1);
            j->loaded = true;
        }
        ll_free(err);
        lua_settop(L, top);
    }
    ll__futures_settle(L, &j->f, !rt->closing);
}

/* Only thread futures have running(): aio.wrap_future tells them apart by
 * it. */
static int
l_thr_future_running(lua_State *L)
{
    thr_job *j = THR_JOB(ll__futures_check(L, 1, &ll__thr_future_class));
    ll__thr_pump(L, 0);
    lua_pushboolean(L, j->f.state == FUT_PENDING && j->tp->pool != NULL &&
                       ll_pool_work_state(j->tp->pool, &j->w) != LL_POOL_QUEUED);
    return 1;
}

static int
l_thr_future_tostring(lua_State *L)
{
    fut_ud *u = luaL_checkudata(L, 1, THR_FUTURE_MT);
    const char *st = "gone";
    if (u->job != NULL)
        st = u->job->state == FUT_CANCELLED ? "cancelled"
           : u->job->state == FUT_DONE ? (THR_JOB(u->job)->failed ? "raised"
                                                                 : "finished")
           : "pending";
    lua_pushfstring(L, "Future(%s %s)", u->job ? u->job->name : "?", st);
    return 1;
}

/* }==== */

/* {==== waiting on many futures */

static thr_job *
thr_job_at(lua_State *L, int t, lua_Integer i)
{
    fut_ud *u;
    lua_rawgeti(L, t, i);
    u = luaL_testudata(L, -1, THR_FUTURE_MT);
    lua_pop(L, 1);
    if (u == NULL || u->job == NULL)
        luaL_error(L, "futures[%d] is not a threads future", (int)i);
    return ll_container_of(u->job, thr_job, f);
}

/* threads.wait(futures, {timeout=, return_when=}) -> done, not_done */
static int
l_thr_wait(lua_State *L)
{
    lua_Integer i, n;
    double timeout = -1, deadline;
    const char *when = "ALL_COMPLETED";

    luaL_checktype(L, 1, LUA_TTABLE);
    n = (lua_Integer)lua_rawlen(L, 1);
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "timeout") != LUA_TNIL)
            timeout = luaL_checknumber(L, -1);
        if (lua_getfield(L, 2, "return_when") != LUA_TNIL)
            when = luaL_checkstring(L, -1);
        lua_pop(L, 2);
    }
    if (strcmp(when, "ALL_COMPLETED") && strcmp(when, "FIRST_COMPLETED") &&
        strcmp(when, "FIRST_EXCEPTION"))
        return luaL_error(L, "wait: return_when must be ALL_COMPLETED, "
                             "FIRST_COMPLETED or FIRST_EXCEPTION, not '%s'", when);
    for (i = 1; i <= n; i++)
        thr_job_at(L, 1, i);
    deadline = timeout >= 0 ? ll__thr_now() + timeout : -1;
    for (;;) {
        lua_Integer ndone = 0;
        bool failed = false;
        double left = -1;
        ll__thr_pump(L, 0);
        for (i = 1; i <= n; i++) {
            thr_job *j = thr_job_at(L, 1, i);
            if (j->f.state != FUT_PENDING) {
                ndone++;
                failed |= j->f.state == FUT_DONE && j->failed;
            }
        }
        if (ndone == n || (ndone > 0 && when[0] == 'F' && when[6] == 'C') ||
            (failed && when[6] == 'E'))
            break;
        if (deadline >= 0) {
            left = deadline - ll__thr_now();
            if (left <= 0)
                break;
        }
        ll__thr_pump(L, left);
    }
    lua_newtable(L);
    lua_newtable(L);
    for (i = 1; i <= n; i++) {
        thr_job *j = thr_job_at(L, 1, i);
        int t = j->f.state != FUT_PENDING ? -2 : -1;
        lua_rawgeti(L, 1, i);
        lua_rawseti(L, t - 1, (lua_Integer)lua_rawlen(L, t - 1) + 1);
    }
    return 2;
}

/* as_completed iterator: upvalues futures, yielded-set, deadline */
static int
l_thr_as_completed_next(lua_State *L)
{
    lua_Integer i, n = (lua_Integer)lua_rawlen(L, lua_upvalueindex(1));
    double deadline = lua_tonumber(L, lua_upvalueindex(3));
    for (;;) {
        bool pending = false;
        double left = -1;
        ll__thr_pump(L, 0);
        for (i = 1; i <= n; i++) {
            thr_job *j = thr_job_at(L, lua_upvalueindex(1), i);
            lua_rawgeti(L, lua_upvalueindex(2), i);
            if (lua_toboolean(L, -1)) {
                lua_pop(L, 1);
                continue;
            }
            lua_pop(L, 1);
            if (j->f.state == FUT_PENDING) {
                pending = true;
                continue;
            }
            lua_pushboolean(L, 1);
            lua_rawseti(L, lua_upvalueindex(2), i);
            lua_rawgeti(L, lua_upvalueindex(1), i);
            return 1;
        }
        if (!pending)
            return 0;
        if (deadline >= 0) {
            left = deadline - ll__thr_now();
            if (left <= 0)
                return luaL_error(L, "TimeoutError: futures unfinished "
                                     "after the as_completed timeout");
        }
        ll__thr_pump(L, left);
    }
}

static int
l_thr_as_completed(lua_State *L)
{
    lua_Integer i, n;
    double timeout = ll__futures_opt_timeout(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    n = (lua_Integer)lua_rawlen(L, 1);
    lua_newtable(L);               /* a copy: the caller may edit theirs */
    for (i = 1; i <= n; i++) {
        thr_job_at(L, 1, i);
        lua_rawgeti(L, 1, i);
        lua_rawseti(L, -2, i);
    }
    lua_newtable(L);
    lua_pushnumber(L, timeout >= 0 ? ll__thr_now() + timeout : -1);
    lua_pushcclosure(L, l_thr_as_completed_next, 3);
    return 1;
}

/* }==== */

void
ll__thr_future_open(lua_State *L)
{
    static const luaL_Reg future_m[] = {
        {"running", l_thr_future_running}, {NULL, NULL}
    };
    static const luaL_Reg future_mm[] = {
        {"__tostring", l_thr_future_tostring}, {NULL, NULL}
    };
    static const luaL_Reg funcs[] = {
        {"wait", l_thr_wait}, {"as_completed", l_thr_as_completed},
        {NULL, NULL}
    };
    ll__futures_newclass(L, &ll__thr_future_class, future_m, future_mm);
    luaL_setfuncs(L, funcs, 0);
    lua_pushliteral(L, "ALL_COMPLETED");
    lua_setfield(L, -2, "ALL_COMPLETED");
    lua_pushliteral(L, "FIRST_COMPLETED");
    lua_setfield(L, -2, "FIRST_COMPLETED");
    lua_pushliteral(L, "FIRST_EXCEPTION");
    lua_setfield(L, -2, "FIRST_EXCEPTION");
}
