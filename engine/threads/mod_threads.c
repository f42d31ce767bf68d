/* SPDX-License-Identifier: MIT
 * engine/threads/mod_threads.c -- `threads`: ThreadPoolExecutor, Thread and
 * the module functions (sleep, the GIL's settings, ...).
 *
 * The Lua-facing classes only: a ThreadPoolExecutor is a thr_pool of n
 * workers, a Thread a pool of one running one job (threads_pool.c), and
 * both hand out the Futures of threads_future.c. The runtime they share
 * (events, pump, GIL) is threads_rt.c; threads_int.h lists who does what.
 */
#include "threads_int.h"

#include <lauxlib.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define THR_POOL_MT    "looplab.threads.ThreadPoolExecutor"
#define THR_THREAD_MT  "looplab.threads.Thread"

/* {==== ThreadPoolExecutor */

typedef struct thr_exec {
    thr_pool *tp;
} thr_exec;

static thr_exec *
thr_check_exec(lua_State *L, int idx)
{
    thr_exec *e = luaL_checkudata(L, idx, THR_POOL_MT);
    if (e->tp == NULL)
        luaL_argerror(L, idx, "executor is closed");
    return e;
}

static int
l_thr_exec_new(lua_State *L)
{
    thr_self *s = ll__thr_self(L);
    int nworkers = -1;
    bool gil = s->rt->gil_default;
    const char *name = "ThreadPoolExecutor";
    thr_exec *e;
    thr_pool *tp;
    int init = 0, initargs = 0;

    if (lua_isinteger(L, 1)) {
        nworkers = (int)lua_tointeger(L, 1);
    } else if (lua_istable(L, 1)) {
        if (lua_getfield(L, 1, "max_workers") != LUA_TNIL)
            nworkers = (int)luaL_checkinteger(L, -1);
        if (lua_getfield(L, 1, "gil") != LUA_TNIL)
            gil = lua_toboolean(L, -1);
        if (lua_getfield(L, 1, "name") != LUA_TNIL)
            name = luaL_checkstring(L, -1);
        ll__futures_opt_initializer(L, 1, &init, &initargs);
    } else if (!lua_isnoneornil(L, 1)) {
        return luaL_argerror(L, 1, "expected max_workers or an options table");
    }
    if (nworkers == -1) {
        long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
        nworkers = (int)(ncpu + 4 < 32 ? ncpu + 4 : 32);
    }
    if (nworkers < 1 || nworkers > 256)
        return luaL_error(L, "ThreadPoolExecutor: max_workers must be 1..256, "
                             "got %d", nworkers);
    tp = ll__thr_pool_new(L, nworkers, gil, name);
    e = lua_newuserdatauv(L, sizeof *e, 0);
    e->tp = tp;
    luaL_setmetatable(L, THR_POOL_MT);
    if (init != 0) {
        ll_serial_opts so = { .target = "a worker thread" };
        /* on error, e's __gc frees tp */
        ll__futures_dump_initializer(L, init, initargs, &so, &tp->init);
    }
    ll__thr_pool_start(L, tp, nworkers);
    return 1;
}

static int
l_thr_exec_gc(lua_State *L)
{
    thr_exec *e = luaL_checkudata(L, 1, THR_POOL_MT);
    if (e->tp != NULL)
        ll__thr_pool_free(L, e->tp);
    e->tp = NULL;
    return 0;
}

static int
l_thr_exec_submit(lua_State *L)
{
    thr_exec *e = thr_check_exec(L, 1);
    luaL_checkany(L, 2);
    ll__thr_submit(L, e->tp, 2, 3, lua_gettop(L) - 2, "fn", "args[%d]");
    return 1;
}

/* map iterator: upvalues futures table, next index */
static int
l_thr_map_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    fut_job *f;
    int n;
    lua_settop(L, 0);
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    f = ll__futures_check(L, 1, &ll__thr_future_class);
    ll__futures_wait(L, f, -1);
    n = ll__futures_push_values(L, 1, f, 1);
    lua_pushinteger(L, i);
    lua_rotate(L, -(n + 1), 1);       /* index, then the values */
    return n + 1;
}

/* ex:map(fn, items [, items2...]) -> iterator of (i, result) in input
 * order; a failed item raises when iteration reaches it. */
static int
l_thr_exec_map(lua_State *L)
{
    thr_exec *e = thr_check_exec(L, 1);
    int nlists = lua_gettop(L) - 2, k, futs;
    lua_Integer i, n = -1;

    luaL_checkany(L, 2);
    if (nlists < 1)
        return luaL_error(L, "map: expected fn and at least one list");
    for (k = 0; k < nlists; k++) {
        lua_Integer len;
        luaL_checktype(L, 3 + k, LUA_TTABLE);
        len = (lua_Integer)lua_rawlen(L, 3 + k);
        n = n < 0 || len < n ? len : n;      /* zip: the shortest wins */
    }
    lua_newtable(L);
    futs = lua_gettop(L);
    for (i = 1; i <= n; i++) {
        char root[48];
        int base = lua_gettop(L);
        for (k = 0; k < nlists; k++)
            lua_rawgeti(L, 3 + k, i);
        snprintf(root, sizeof root, "items[%lld]", (long long)i);
        ll__thr_submit(L, e->tp, 2, base + 1, nlists, "fn", root);
        lua_rawseti(L, futs, i);
        lua_settop(L, base);
    }
    lua_pushinteger(L, 1);
    lua_pushcclosure(L, l_thr_map_next, 2);
    return 1;
}

static int
l_thr_exec_shutdown(lua_State *L)
{
    thr_exec *e = luaL_checkudata(L, 1, THR_POOL_MT);
    bool wait = true, cancel = false;
    if (e->tp == NULL)
        return 0;
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "wait") != LUA_TNIL)
            wait = lua_toboolean(L, -1);
        if (lua_getfield(L, 2, "cancel_futures") != LUA_TNIL)
            cancel = lua_toboolean(L, -1);
        lua_pop(L, 2);
    } else {
        if (!lua_isnoneornil(L, 2))
            wait = lua_toboolean(L, 2);
        cancel = lua_toboolean(L, 3);
    }
    if (cancel) {
        /* cancel what has not started; running jobs finish */
        ll__thr_pool_stop(L, e->tp, true);
    } else if (wait) {
        ll__thr_pool_stop(L, e->tp, false);
    } else {
        /* wait=false: stop taking work; the threads finish in the
         * background and are joined when the executor is collected */
        e->tp->shut = true;
        return 0;
    }
    ll__thr_pump(L, 0);
    return 0;
}

static int
l_thr_exec_with(lua_State *L)
{
    thr_check_exec(L, 1);
    return ll__futures_with(L, l_thr_exec_shutdown);
}

static int
l_thr_exec_workers(lua_State *L)
{
    thr_exec *e = thr_check_exec(L, 1);
    int i, n = ll_pool_nworkers(e->tp->pool);
    lua_createtable(L, n, 0);
    for (i = 0; i < n; i++) {
        lua_pushinteger(L, ll_pool_worker_id(e->tp->pool, i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* }==== */

/* {==== Thread */

typedef struct thr_thread {
    thr_pool *tp;        /* NULL until start */
    thr_job  *job;       /* borrowed: the future userdata owns it */
    bool      daemon;
    bool      gil;
    bool      started;
} thr_thread;

/* uservalues: 1 = target fn, 2 = args table, 3 = name, 4 = the Future */

static thr_thread *
thr_check_thread(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, THR_THREAD_MT);
}

static int
l_thr_thread_new(lua_State *L)
{
    thr_self *s = ll__thr_self(L);
    thr_thread *t;
    int top = lua_gettop(L);

    t = lua_newuserdatauv(L, sizeof *t, 4);
    memset(t, 0, sizeof *t);
    t->gil = s->rt->gil_default;
    luaL_setmetatable(L, THR_THREAD_MT);
    if (ll_lua_target_args(L, top + 1, "Thread")) {
        lua_getfield(L, 1, "daemon");
        t->daemon = lua_toboolean(L, -1);
        if (lua_getfield(L, 1, "gil") != LUA_TNIL)
            t->gil = lua_toboolean(L, -1);
        lua_pop(L, 2);
    }
    if (lua_getiuservalue(L, top + 1, 3) == LUA_TNIL) {
        lua_pushfstring(L, "Thread-%d", (int)++s->rt->next_thread);
        lua_setiuservalue(L, top + 1, 3);
    }
    lua_settop(L, top + 1);
    return 1;
}

static int
l_thr_thread_start(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    int n, i;
    const char *name;

    if (t->started)
        return luaL_error(L, "RuntimeError: threads can only be started once");
    lua_getiuservalue(L, 1, 3);
    name = lua_tostring(L, -1);
    t->tp = ll__thr_pool_new(L, 1, t->gil, name);
    t->tp->daemon = t->daemon;
    t->started = true;
    lua_getiuservalue(L, 1, 1);                  /* stack: t, name, fn */
    lua_getiuservalue(L, 1, 2);
    n = (int)lua_rawlen(L, -1);
    luaL_checkstack(L, n + 4, "Thread args");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, 4, i);
    lua_remove(L, 4);                            /* stack: t, name, fn, args... */
    ll__thr_pool_start(L, t->tp, 1);
    t->job = ll__thr_submit(L, t->tp, 3, 4, n, "target", "args[%d]");
    t->job->thread_job = true;
    lua_setiuservalue(L, 1, 4);
    return 0;
}

static int
l_thr_thread_join(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    double timeout = ll__futures_opt_timeout(L, 2);
    bool done;
    if (!t->started)
        return luaL_error(L, "RuntimeError: cannot join thread before it is "
                             "started");
    done = ll__futures_wait(L, &t->job->f, timeout);
    if (done && t->tp != NULL) {
        /* finished: join the pthread now rather than at collection */
        ll__thr_pool_free(L, t->tp);
        t->tp = NULL;
    }
    lua_pushboolean(L, done);
    return 1;
}

static int
l_thr_thread_is_alive(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    if (t->started && t->job != NULL && t->tp != NULL)
        ll__thr_pump(L, 0);
    lua_pushboolean(L, t->started && t->tp != NULL &&
                       t->job->f.state == FUT_PENDING);
    return 1;
}

static int
l_thr_thread_gc(lua_State *L)
{
    thr_thread *t = luaL_checkudata(L, 1, THR_THREAD_MT);
    if (t->tp != NULL) {
        /* A started thread runs its target even when its object is
         * collected (at the latest at interpreter exit, where Lua may run
         * this finaliser before the runtime's): only a daemon's job may be
         * dropped. Freeing the pool alone would cancel a job its worker
         * has not picked up yet. */
        if (t->daemon)
            atomic_store(&t->tp->interrupt, true);
        else
            ll__thr_pool_stop(L, t->tp, false);
        ll__thr_pool_free(L, t->tp);
    }
    t->tp = NULL;
    t->job = NULL;
    return 0;
}

static int
l_thr_thread_index(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "name") == 0) {
        lua_getiuservalue(L, 1, 3);
        return 1;
    }
    if (strcmp(k, "daemon") == 0) {
        lua_pushboolean(L, t->daemon);
        return 1;
    }
    if (strcmp(k, "ident") == 0) {
        if (t->job == NULL || t->job->w.worker < 0) {
            /* the worker id is known once the pool made its thread */
            if (t->tp != NULL && t->tp->pool != NULL)
                lua_pushinteger(L, ll_pool_worker_id(t->tp->pool, 0));
            else if (t->job != NULL && t->job->f.state == FUT_DONE)
                lua_pushinteger(L, t->job->w.worker);
            else
                lua_pushnil(L);
        } else {
            lua_pushinteger(L, t->job->w.worker);
        }
        return 1;
    }
    return ll_lua_method(L, 1, k);
}

static int
l_thr_thread_newindex(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "daemon") == 0) {
        if (t->started)
            return luaL_error(L, "RuntimeError: cannot set daemon status of "
                                 "active thread");
        t->daemon = lua_toboolean(L, 3);
        return 0;
    }
    if (strcmp(k, "name") == 0) {
        luaL_checkstring(L, 3);
        lua_pushvalue(L, 3);
        lua_setiuservalue(L, 1, 3);
        return 0;
    }
    return luaL_error(L, "Thread has no settable field '%s'", k);
}

/* }==== */

/* {==== module functions */

static int
l_thr_sleep(lua_State *L)
{
    double s = luaL_checknumber(L, 1);
    thr_self *self = ll__thr_self(L);
    struct timespec ts;
    luaL_argcheck(L, s >= 0, 1, "sleep length must be >= 0");
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    ll__thr_block_begin(self);
    while (nanosleep(&ts, &ts) != 0)
        ;
    ll__thr_block_end(self);
    return 0;
}

/* A switch point: with the GIL, let a waiting thread run now. */
static int
l_thr_yield(lua_State *L)
{
    thr_self *s = ll__thr_self(L);
    if (!(s->holding && ll_gil_yield(&s->rt->gil, s->worker)))
        sched_yield();
    return 0;
}

static int
l_thr_get_ident(lua_State *L)
{
    lua_pushinteger(L, ll__thr_self(L)->worker);
    return 1;
}

static int
l_thr_setswitchinterval(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 1 && n <= 100000000, 1,
                  "switch interval is a count of instructions, 1..1e8");
    ll_gil_set_interval(&ll__thr_self(L)->rt->gil, (long)n);
    return 0;
}

static int
l_thr_getswitchinterval(lua_State *L)
{
    lua_pushinteger(L, ll_gil_interval(&ll__thr_self(L)->rt->gil));
    return 1;
}

/* threads.set_gil(on): the default for threads and pools made from now. */
static int
l_thr_set_gil(lua_State *L)
{
    thr_rt *rt = ll__thr_self(L)->rt;
    bool on = lua_toboolean(L, 1), busy = false;
    ll_list_node *n;
    for (n = rt->pools.next; n != &rt->pools; n = n->next)
        busy |= !ll_container_of(n, thr_pool, node)->joined;
    if (busy && on != rt->gil.enabled)
        return luaL_error(L, "threads.set_gil: stop every thread and pool "
                             "before switching the GIL %s", on ? "on" : "off");
    rt->gil.enabled = on;
    rt->gil_default = on;
    return 0;
}

static int
l_thr_gil_stats(lua_State *L)
{
    thr_rt *rt = ll__thr_self(L)->rt;
    lua_newtable(L);
    lua_pushboolean(L, rt->gil.enabled);
    lua_setfield(L, -2, "enabled");
    lua_pushinteger(L, (lua_Integer)ll_gil_switches(&rt->gil));
    lua_setfield(L, -2, "switches");
    lua_pushinteger(L, ll_gil_interval(&rt->gil));
    lua_setfield(L, -2, "interval");
    return 1;
}

static int
l_thr_cpu_count(lua_State *L)
{
    lua_pushinteger(L, sysconf(_SC_NPROCESSORS_ONLN));
    return 1;
}

static int
l_thr_monotonic(lua_State *L)
{
    lua_pushnumber(L, ll__thr_now());
    return 1;
}

static int
l_thr_active_count(lua_State *L)
{
    thr_rt *rt = ll__thr_self(L)->rt;
    ll_list_node *n;
    int count = 1;  /* the main program */
    ll__thr_pump(L, 0);
    for (n = rt->pools.next; n != &rt->pools; n = n->next) {
        thr_pool *tp = ll_container_of(n, thr_pool, node);
        if (tp->live_jobs > 0)
            count += ll_pool_nworkers(tp->pool);
    }
    lua_pushinteger(L, count);
    return 1;
}

/* }==== */

int
luaopen_looplab_threads(lua_State *L)
{
    static const luaL_Reg exec_m[] = {
        {"submit", l_thr_exec_submit}, {"map", l_thr_exec_map},
        {"shutdown", l_thr_exec_shutdown}, {"with", l_thr_exec_with},
        {"workers", l_thr_exec_workers}, {NULL, NULL}
    };
    static const luaL_Reg exec_mm[] = {
        {"__gc", l_thr_exec_gc}, {"__close", l_thr_exec_gc}, {NULL, NULL}
    };
    static const luaL_Reg thread_m[] = {
        {"start", l_thr_thread_start}, {"join", l_thr_thread_join},
        {"is_alive", l_thr_thread_is_alive}, {NULL, NULL}
    };
    static const luaL_Reg thread_mm[] = {
        {"__gc", l_thr_thread_gc}, {"__index", l_thr_thread_index},
        {"__newindex", l_thr_thread_newindex}, {NULL, NULL}
    };
    static const luaL_Reg funcs[] = {
        {"Thread", l_thr_thread_new}, {"ThreadPoolExecutor", l_thr_exec_new},
        {"sleep", l_thr_sleep}, {"yield", l_thr_yield},
        {"get_ident", l_thr_get_ident},
        {"setswitchinterval", l_thr_setswitchinterval},
        {"getswitchinterval", l_thr_getswitchinterval},
        {"set_gil", l_thr_set_gil}, {"gil_stats", l_thr_gil_stats},
        {"cpu_count", l_thr_cpu_count}, {"monotonic", l_thr_monotonic},
        {"active_count", l_thr_active_count},
        {NULL, NULL}
    };

    ll__thr_self(L);
    ll_lua_newclass(L, THR_POOL_MT, exec_m, exec_mm);
    ll_lua_newclass(L, THR_THREAD_MT, thread_m, thread_mm);
    luaL_newlib(L, funcs);
    ll__thr_future_open(L);
    ll__thr_sync_open(L);
    return 1;
}
