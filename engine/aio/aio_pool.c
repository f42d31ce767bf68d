/* SPDX-License-Identifier: MIT
 * engine/aio/aio_pool.c -- aio.to_thread and aio.run_in_executor.
 *
 * The awaiting task gets an aio Future; the work goes to a pool (the
 * default thread executor, a threads.ThreadPoolExecutor or a procs pool)
 * whose own future gets a done callback that resolves the aio Future. That
 * callback runs on the loop thread only: thread pools ring a doorbell
 * (ll_async, an eventfd) from the worker, the loop then pumps the threads
 * runtime; process pools have their result pipes watched by the loop and
 * are pumped when one is readable. Nothing busy-waits. Each job in flight
 * holds a loop ref, so aio.run does not end under it and the virtual clock
 * does not jump past it (loop.h, "When virtual time moves").
 *
 * Cancelling the awaiting task cancels the aio Future and tries to cancel
 * the pool job, which only works before it started (a running thread runs
 * to completion, as in CPython); its late result is dropped.
 */
#include "aio_internal.h"

#include <lauxlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/procs/procs_int.h"
#include "engine/threads/threads.h"

#define AIO_BRIDGE_KEY  "looplab.aio.pool_bridge"
#define AIO_DEFAULT_EX  "looplab.aio.default_executor"
#define AIO_PWATCH_KEY  "looplab.aio.pool_watchers"
#define AIO_PWATCH_MT   "looplab.aio.PoolWatch"
#define AIO_MAX_FDS     128

/* The thread-pool doorbell of one state (re-armed for each loop). */
typedef struct aio_bridge {
    ll_async   a;
    ll_loop   *loop;       /* the loop a is attached to, or NULL */
    lua_State *L;          /* the run's thread, for pumping */
    int        inflight;   /* thread jobs whose callback has not run */
} aio_bridge;

/* The watched pipes of one process pool while its jobs are in flight. */
typedef struct aio_pwatch {
    ll_loop   *loop;
    lua_State *L;
    int        pool_ref;   /* the pool userdata, while watched */
    int        n;
    int        inflight;
    ll_io      io[AIO_MAX_FDS];
} aio_pwatch;

typedef struct aio_job {
    ll_loop    *loop;
    aio_bridge *bridge;    /* thread jobs */
    aio_pwatch *watch;     /* process jobs */
    int         afut_ref;  /* the aio Future */
    int         pfut_ref;  /* the pool's future */
    lua_State  *L;
} aio_job;

/* {==== thread pools: the doorbell */

static void
aio_bridge_ring(void *ud)
{
    ll_async_send(&((aio_bridge *)ud)->a);
}

static void
aio_bridge_fired(ll_async *a)
{
    aio_bridge *b = a->data;
    ll__thr_pump(b->L, 0);
}

static int
l_aio_bridge_gc(lua_State *L)
{
    aio_bridge *b = lua_touserdata(L, 1);
    if (b->loop != NULL) {
        /* Jobs still in flight as the state closes (the bridge is
         * finalised before the threads runtime it was made after, so the
         * workers still run): silence the doorbell first, or a late
         * completion rings a closed ll_async (loop NULL). */
        ll__thr_set_wakeup(L, NULL, NULL);
        ll_async_close(&b->a);
    }
    b->loop = NULL;
    return 0;
}

static aio_bridge *
aio_bridge_get(lua_State *L, ll_loop *loop)
{
    aio_bridge *b;
    if (lua_getfield(L, LUA_REGISTRYINDEX, AIO_BRIDGE_KEY) != LUA_TUSERDATA) {
        lua_pop(L, 1);
        b = lua_newuserdatauv(L, sizeof *b, 0);
        memset(b, 0, sizeof *b);
        lua_newtable(L);
        lua_pushcfunction(L, l_aio_bridge_gc);
        lua_setfield(L, -2, "__gc");
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, AIO_BRIDGE_KEY);
    }
    b = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (b->inflight == 0 || b->loop != loop) {
        LL_ASSERT(b->inflight == 0);   /* jobs pin their run's loop */
        if (b->loop != NULL)
            ll_async_close(&b->a);
        ll_async_init(loop, &b->a, aio_bridge_fired, b);
        b->loop = loop;
        b->L = ll_aio_loop_state(L);
        ll__thr_set_wakeup(L, aio_bridge_ring, b);
    }
    return b;
}

static void
aio_bridge_done(lua_State *L, aio_bridge *b)
{
    if (--b->inflight == 0) {
        /* the loop may go away after this: no more rings */
        ll__thr_set_wakeup(L, NULL, NULL);
        ll_async_close(&b->a);
        b->loop = NULL;
    }
}

/* }==== */

/* {==== process pools: watched pipes */

static void
aio_pwatch_ready(ll_io *w, unsigned revents)
{
    aio_pwatch *pw = w->data;
    lua_State *L = pw->L;
    (void)revents;
    lua_rawgeti(L, LUA_REGISTRYINDEX, pw->pool_ref);
    ll__procs_pool_pump(L, lua_gettop(L));
    lua_pop(L, 1);
}

static void
aio_pwatch_stop(lua_State *L, aio_pwatch *pw)
{
    int i;
    for (i = 0; i < pw->n; i++)
        ll_loop_unwatch_fd(&pw->io[i]);
    pw->n = 0;
    luaL_unref(L, LUA_REGISTRYINDEX, pw->pool_ref);
    pw->pool_ref = LUA_NOREF;
    pw->loop = NULL;
}

static int
l_aio_pwatch_gc(lua_State *L)
{
    aio_pwatch *pw = lua_touserdata(L, 1);
    int i;
    for (i = 0; i < pw->n; i++)
        ll_loop_unwatch_fd(&pw->io[i]);
    pw->n = 0;
    return 0;
}

/* The watcher block of the pool at idx, watching its pipes on loop. */
static aio_pwatch *
aio_pwatch_get(lua_State *L, int idx, ll_loop *loop)
{
    aio_pwatch *pw;
    idx = lua_absindex(L, idx);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, AIO_PWATCH_KEY);
    if (lua_getmetatable(L, -1) == 0) {
        lua_newtable(L);
        lua_pushliteral(L, "k");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
    } else {
        lua_pop(L, 1);
    }
    lua_pushvalue(L, idx);
    if (lua_rawget(L, -2) != LUA_TUSERDATA) {
        lua_pop(L, 1);
        pw = lua_newuserdatauv(L, sizeof *pw, 0);
        memset(pw, 0, sizeof *pw);
        pw->pool_ref = LUA_NOREF;
        if (luaL_newmetatable(L, AIO_PWATCH_MT)) {
            lua_pushcfunction(L, l_aio_pwatch_gc);
            lua_setfield(L, -2, "__gc");
        }
        lua_setmetatable(L, -2);
        lua_pushvalue(L, idx);
        lua_pushvalue(L, -2);
        lua_rawset(L, -4);
    }
    pw = lua_touserdata(L, -1);
    lua_pop(L, 2);
    if (pw->inflight == 0 || pw->loop != loop) {
        int fds[AIO_MAX_FDS], i, n;
        LL_ASSERT(pw->inflight == 0);
        if (pw->loop != NULL)
            aio_pwatch_stop(L, pw);
        n = ll__procs_pool_fds(L, idx, fds, AIO_MAX_FDS);
        pw->loop = loop;
        pw->L = ll_aio_loop_state(L);
        lua_pushvalue(L, idx);
        pw->pool_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        for (i = 0; i < n; i++)
            if (ll_loop_watch_fd(loop, &pw->io[pw->n], fds[i], LL_IO_READ,
                                 aio_pwatch_ready, pw) == LL_OK)
                pw->n++;
    }
    return pw;
}

/* }==== */

/* {==== the job */

static void
aio_job_free(lua_State *L, aio_job *j)
{
    luaL_unref(L, LUA_REGISTRYINDEX, j->afut_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, j->pfut_ref);
    if (j->bridge != NULL)
        aio_bridge_done(L, j->bridge);
    if (j->watch != NULL && --j->watch->inflight == 0)
        aio_pwatch_stop(L, j->watch);
    ll_loop_unref(j->loop);
    ll_free(j);
}

/* The pool future's done callback: move its outcome into the aio Future.
 * upvalue 1: the job (light userdata). */
static int
l_aio_job_done(lua_State *L)
{
    aio_job *j = lua_touserdata(L, lua_upvalueindex(1));
    int afut, n;

    if (j == NULL)
        return 0;
    lua_pushnil(L);
    lua_replace(L, lua_upvalueindex(1));   /* runs once */
    lua_settop(L, 1);                      /* the pool future */
    lua_rawgeti(L, LUA_REGISTRYINDEX, j->afut_ref);
    afut = lua_gettop(L);
    if (!ll_aio_future_done(L, afut)) {
        lua_getfield(L, 1, "result");
        lua_pushvalue(L, 1);
        if (lua_pcall(L, 1, LUA_MULTRET, 0) == LUA_OK) {
            n = lua_gettop(L) - afut;
            ll_aio_future_resolve(L, afut, n);
        } else {
            ll_aio_future_reject(L, afut);
        }
    }
    lua_settop(L, 1);
    aio_job_free(L, j);
    return 0;
}

/* The awaiting task was cancelled: withdraw the job if it has not begun. */
static void
aio_job_cancel(void *ud)
{
    aio_job *j = ud;
    lua_State *L = j->L;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, j->pfut_ref);
    if (lua_getfield(L, -1, "cancel") == LUA_TFUNCTION) {
        lua_pushvalue(L, -2);
        if (lua_pcall(L, 1, 0, 0) != LUA_OK)
            lua_pop(L, 1);
    }
    lua_settop(L, top);
}

/* Push (or make) the default executor: a ThreadPoolExecutor sized like
 * CPython's, kept for the life of the state. */
static void
aio_push_default_executor(lua_State *L)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, AIO_DEFAULT_EX) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    ll_lua_push_module(L, "threads");
    lua_getfield(L, -1, "ThreadPoolExecutor");
    lua_newtable(L);
    lua_pushliteral(L, "asyncio");
    lua_setfield(L, -2, "name");
    lua_call(L, 1, 1);
    lua_remove(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, AIO_DEFAULT_EX);
}

/* Submit fn(args) (stack [first, top]) to the executor at ex and await. */
static int
aio_run_job(lua_State *L, int ex, int first)
{
    ll_loop *loop = ll_aio_loop(L);
    int nargs = lua_gettop(L) - first + 1, pfut, afut;
    bool procs;
    aio_job *j;

    if (loop == NULL)
        return luaL_error(L, "run_in_executor: no running event loop (call "
                             "it from a task inside aio.run)");
    ex = lua_absindex(L, ex);
    procs = ll__procs_is_pool(L, ex);
    /* ex:submit(fn, args...): serialisation errors raise here */
    lua_getfield(L, ex, "submit");
    if (lua_type(L, -1) != LUA_TFUNCTION)
        return luaL_error(L, "run_in_executor: expected an executor (a "
                             "threads or procs pool), got %s",
                          luaL_typename(L, ex));
    lua_pushvalue(L, ex);
    luaL_checkstack(L, nargs + 2, "run_in_executor");
    {
        int i;
        for (i = 0; i < nargs; i++)
            lua_pushvalue(L, first + i);
    }
    lua_call(L, nargs + 1, 1);
    pfut = lua_gettop(L);
    j = ll_calloc(1, sizeof *j);
    if (j == NULL)
        return luaL_error(L, "run_in_executor: out of memory");
    j->loop = loop;
    j->L = ll_aio_loop_state(L);
    lua_pushvalue(L, pfut);
    j->pfut_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_aio_future_new(L);
    afut = lua_gettop(L);
    lua_pushvalue(L, afut);
    j->afut_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_loop_ref(loop);
    if (procs) {
        j->watch = aio_pwatch_get(L, ex, loop);
        j->watch->inflight++;
    } else {
        j->bridge = aio_bridge_get(L, loop);
        j->bridge->inflight++;
    }
    ll_aio_future_on_cancel(L, afut, aio_job_cancel, j);
    /* pfut:add_done_callback(done): runs at once if it already finished */
    lua_getfield(L, pfut, "add_done_callback");
    lua_pushvalue(L, pfut);
    lua_pushlightuserdata(L, j);
    lua_pushcclosure(L, l_aio_job_done, 1);
    lua_call(L, 2, 0);
    /* A job that finished before the doorbell was armed rang nothing:
     * collect it now (a thread pool's futures only change state here). */
    if (!procs)
        ll__thr_pump(L, 0);
    return ll_aio_await(L, afut);
}

/* aio.to_thread(fn, ...) */
static int
l_aio_to_thread(lua_State *L)
{
    luaL_checkany(L, 1);
    aio_push_default_executor(L);
    lua_insert(L, 1);
    return aio_run_job(L, 1, 2);
}

/* aio.run_in_executor(executor_or_nil, fn, ...) */
static int
l_aio_run_in_executor(lua_State *L)
{
    luaL_checkany(L, 2);
    if (lua_isnil(L, 1)) {
        aio_push_default_executor(L);
        lua_replace(L, 1);
    }
    return aio_run_job(L, 1, 2);
}

/* aio.wrap_future(pool_future): await a threads/procs future. */
static int
l_aio_wrap_future(lua_State *L)
{
    ll_loop *loop = ll_aio_loop(L);
    aio_job *j;
    int afut;
    bool procs;
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (loop == NULL)
        return luaL_error(L, "wrap_future: no running event loop");
    if (lua_getfield(L, 1, "add_done_callback") != LUA_TFUNCTION)
        return luaL_argerror(L, 1, "expected a threads or procs future");
    lua_pop(L, 1);
    j = ll_calloc(1, sizeof *j);
    if (j == NULL)
        return luaL_error(L, "wrap_future: out of memory");
    j->loop = loop;
    j->L = ll_aio_loop_state(L);
    lua_pushvalue(L, 1);
    j->pfut_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_aio_future_new(L);
    afut = lua_gettop(L);
    lua_pushvalue(L, afut);
    j->afut_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_loop_ref(loop);
    /* Which pool? Only thread futures have `running`; a procs future is
     * pumped by polling its pool's pipes, which we cannot find from the
     * future, so wrap_future supports thread futures only. */
    if (lua_getfield(L, 1, "running") != LUA_TFUNCTION) {
        lua_pop(L, 1);
        luaL_unref(L, LUA_REGISTRYINDEX, j->pfut_ref);
        luaL_unref(L, LUA_REGISTRYINDEX, j->afut_ref);
        ll_loop_unref(loop);
        ll_free(j);
        return luaL_error(L, "wrap_future: only threads futures can be "
                             "wrapped; use aio.run_in_executor(pool, ...) "
                             "for process pools");
    }
    lua_pop(L, 1);
    procs = false;
    j->bridge = aio_bridge_get(L, loop);
    j->bridge->inflight++;
    ll_aio_future_on_cancel(L, afut, aio_job_cancel, j);
    lua_getfield(L, 1, "add_done_callback");
    lua_pushvalue(L, 1);
    lua_pushlightuserdata(L, j);
    lua_pushcclosure(L, l_aio_job_done, 1);
    lua_call(L, 2, 0);
    /* A job that finished before the doorbell was armed rang nothing:
     * collect it now (a thread pool's futures only change state here). */
    if (!procs)
        ll__thr_pump(L, 0);
    return ll_aio_await(L, afut);
}

/* }==== */

void
ll__aio_pool_open(lua_State *L, int aio)
{
    static const luaL_Reg funcs[] = {
        {"to_thread", l_aio_to_thread},
        {"run_in_executor", l_aio_run_in_executor},
        {"wrap_future", l_aio_wrap_future},
        {NULL, NULL}
    };
    lua_pushvalue(L, aio);
    luaL_setfuncs(L, funcs, 0);
    lua_pop(L, 1);
}
