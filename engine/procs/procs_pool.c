/* SPDX-License-Identifier: MIT
 * engine/procs/procs_pool.c -- procs.Pool and ProcessPoolExecutor: the pool
 * objects, their jobs, their Futures, and the methods that end them.
 *
 * Both start methods fork (engine/proc.c). Pool jobs are always
 * serialised, under both methods, as Python pickles the callable even
 * under fork: a function with an unsendable upvalue fails at submit with
 * the path of the culprit (L4.3). A job is a chunk: fn plus a list of
 * argument tuples (procs_map.c packs them; procs_child.c runs them); the
 * reply carries a result or an error per item and the child's start/end
 * times (the monotonic clock is system-wide), which become job_start/
 * job_end trace events whose worker is the child's pid. Children's print()
 * output comes back through their stdout pipe and joins the owner's output
 * when it is collected (join, result, map...).
 */
#include "procs_int.h"

#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "engine/lua/host.h"
#include "engine/lua/serial.h"

#define PR_JOB(fj) ll_container_of((fj), pr_job, f)

typedef struct pr_pool_ud {
    pr_pool *pool;
} pr_pool_ud;

/* {==== jobs and Futures */

void
ll__procs_job_free(pr_job *j)
{
    ll_buf_close(&j->j.in);
    ll_buf_close(&j->j.out);
    ll_free(j->broken);
    ll_free(j);
}

void
ll__procs_job_done(ll_procpool_job *pj, int status)
{
    pr_job *j = ll_container_of(pj, pr_job, j);
    pr_pool *pool = j->pool;
    lua_State *L = pool->pump_L;
    ll_lua_ctx *ctx;

    LL_ASSERT(L != NULL);
    ctx = ll_lua_ctx_of(L);
    /* The request held retained handles for the child; ours go now. */
    ll_serial_discard(j->j.in.data, j->j.in.len);
    ll_buf_close(&j->j.in);
    if (status == LL_ECANCELED) {
        j->f.state = FUT_CANCELLED;
    } else {
        j->f.state = FUT_DONE;
        if (status != LL_OK)
            j->broken = ll_strdup(ll_procpool_broken(pool->pp)
                                  ? ll_procpool_broken(pool->pp)
                                  : "BrokenProcessPool");
        if (status == LL_OK && ctx->trace != NULL && j->j.out.len >= 16) {
            int64_t t0, t1;
            double now = (double)ll_clock_now(&ctx->clock) / 1e9;
            memcpy(&t0, j->j.out.data, 8);
            memcpy(&t1, j->j.out.data + 8, 8);
            ll_trace_add_at(ctx->trace, now, t0, LL_EV_JOB_START, 0,
                            (int32_t)j->j.pid, j->f.name, pool->name);
            ll_trace_add_at(ctx->trace, now, t1, LL_EV_JOB_END, 0,
                            (int32_t)j->j.pid, j->f.name, "ok");
        }
    }
    ll__futures_settle(L, &j->f, true);
}

int
ll__procs_pump(lua_State *L, pr_pool *pool, double timeout)
{
    ll_buf text;
    lua_State *saved = pool->pump_L;
    int n;
    ll_buf_init(&text);
    pool->pump_L = L;
    n = ll_procpool_poll(pool->pp, timeout < 0 ? -1 : ll_clock_s2ns(timeout),
                         &text);
    pool->pump_L = saved;
    ll__procs_emit_text(L, &text, 0);
    ll_buf_close(&text);
    return n;
}

/* Push the cached per-item results {ok=, n=, ...} list of a finished job. */
static void
pr_future_items(lua_State *L, int idx, pr_job *j)
{
    pr_reader r;
    uint32_t nitems, i, len;
    idx = lua_absindex(L, idx);
    if (lua_getiuservalue(L, idx, 1) == LUA_TTABLE)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    r.p = j->j.out.data + 16;
    r.end = j->j.out.data + j->j.out.len;
    if (j->broken != NULL || j->j.out.len < 20 || !pr_take(&r, &nitems, 4))
        nitems = 0;
    for (i = 0; i < (uint32_t)j->nitems; i++) {
        unsigned char ok = 0;
        int nv = 0, k, t;
        lua_newtable(L);
        t = lua_gettop(L);
        if (j->broken != NULL || i >= nitems || !pr_take(&r, &ok, 1) ||
            !pr_take(&r, &len, 4) || (size_t)(r.end - r.p) < len ||
            ll_serial_load(L, r.p, len, 0, &nv, NULL) != LL_OK) {
            lua_pushstring(L, j->broken ? j->broken : "malformed reply");
            nv = 1;
            ok = 0;
        } else {
            r.p += len;
        }
        for (k = nv; k >= 1; k--)
            lua_rawseti(L, t, k);
        lua_pushinteger(L, nv);
        lua_setfield(L, t, "n");
        lua_pushboolean(L, ok);
        lua_setfield(L, t, "ok");
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, idx, 1);
}

static bool
pr_future_pump(lua_State *L, fut_job *f, double timeout)
{
    pr_job *j = PR_JOB(f);
    if (j->pool == NULL)
        return false;
    if (j->f.state == FUT_PENDING)
        ll__procs_pump(L, j->pool, timeout);
    return true;
}

static bool
pr_future_get(lua_State *L, int fidx, fut_job *f, int item)
{
    bool ok;
    pr_future_items(L, fidx, PR_JOB(f));
    lua_rawgeti(L, -1, item);
    lua_getfield(L, -1, "ok");
    ok = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return !ok;
}

static bool
pr_future_cancel(lua_State *L, fut_job *f)
{
    pr_job *j = PR_JOB(f);
    int rc;
    if (j->pool == NULL)
        return false;
    j->pool->pump_L = L;
    rc = ll_procpool_cancel(j->pool->pp, &j->j);
    j->pool->pump_L = NULL;
    return rc == LL_OK;
}

/* The worker is the child's pid; the times are the child's own. */
static bool
pr_future_worker(fut_job *f, lua_Integer *id, int64_t *t0, int64_t *t1)
{
    pr_job *j = PR_JOB(f);
    if (j->j.out.len < 16)
        return false;
    memcpy(t0, j->j.out.data, 8);
    memcpy(t1, j->j.out.data + 8, 8);
    *id = j->j.pid;
    return true;
}

static void
pr_future_free(fut_job *f)
{
    ll__procs_job_free(PR_JOB(f));
}

const fut_class ll__procs_future_class = {
    .mt = PR_FUTURE_MT,
    .pump = pr_future_pump,
    .values = pr_future_get,
    .cancel = pr_future_cancel,
    .worker = pr_future_worker,
    .free = pr_future_free,
};

/* }==== */

/* {==== pools */

pr_pool *
ll__procs_check_pool(lua_State *L, int idx)
{
    pr_pool_ud *u = luaL_checkudata(L, idx, PR_POOL_MT);
    if (u->pool == NULL || u->pool->pp == NULL)
        luaL_argerror(L, idx, "pool is closed");
    return u->pool;
}

static void
pr_pool_destroy(lua_State *L, pr_pool *pool)
{
    if (pool->pp != NULL) {
        lua_State *saved = pool->pump_L;
        ll_buf text;
        ll_buf_init(&text);
        pool->pump_L = L;
        ll_procpool_shutdown(pool->pp, true, &text);
        pool->pump_L = saved;
        ll__procs_emit_text(L, &text, 0);
        ll_buf_close(&text);
        ll_procpool_free(pool->pp);
        pool->pp = NULL;
    }
    if (pool->env_ref != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, pool->env_ref);
    pool->env_ref = LUA_NOREF;
    ll_serial_discard(pool->init.data, pool->init.len);
    ll_buf_close(&pool->init);
}

static int
l_pr_pool_gc(lua_State *L)
{
    pr_pool_ud *u = luaL_checkudata(L, 1, PR_POOL_MT);
    if (u->pool != NULL) {
        pr_pool_destroy(L, u->pool);
        ll_free(u->pool);
    }
    u->pool = NULL;
    return 0;
}

static int
pr_pool_new(lua_State *L, bool executor)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int n = -1, sm, rc, init = 0, initargs = 0;
    const char *smname = NULL;
    pr_pool_ud *u;
    pr_pool *pool;

    if (lua_isinteger(L, 1)) {
        n = (int)lua_tointeger(L, 1);
    } else if (lua_istable(L, 1)) {
        if (lua_getfield(L, 1, executor ? "max_workers" : "processes")
            != LUA_TNIL)
            n = (int)luaL_checkinteger(L, -1);
        if (lua_getfield(L, 1, "start_method") != LUA_TNIL)
            smname = luaL_checkstring(L, -1);
        ll__futures_opt_initializer(L, 1, &init, &initargs);
    } else if (!lua_isnoneornil(L, 1)) {
        return luaL_argerror(L, 1, "expected a worker count or an options "
                                   "table");
    }
    if (smname != NULL) {
        lua_pushstring(L, smname);
        sm = ll__procs_start_method(L, lua_gettop(L));
        lua_pop(L, 1);
    } else {
        sm = ll__procs_start_method(L, 0);
    }
    if (n == -1)
        n = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1 || n > 64)
        return luaL_error(L, "ValueError: the number of processes must be "
                             "1..64, got %d", n);
    u = lua_newuserdatauv(L, sizeof *u, 0);
    u->pool = NULL;
    luaL_setmetatable(L, PR_POOL_MT);
    pool = ll_calloc(1, sizeof *pool);
    if (pool == NULL)
        return luaL_error(L, "procs: out of memory");
    u->pool = pool;
    pool->start = sm;
    pool->executor = executor;
    pool->nworkers = n;
    pool->env_ref = LUA_NOREF;
    pool->max_instr = ctx->max_instr;
    pool->mem_limit = ctx->mem_limit;
    snprintf(pool->name, sizeof pool->name, "%s",
             executor ? "ProcessPoolExecutor" : "Pool");
    ll_buf_init(&pool->init);
    if (init != 0) {
        ll_serial_opts so = { .cross_process = true,
                              .target = "a worker process" };
        ll__futures_dump_initializer(L, init, initargs, &so, &pool->init);
    }
    if (sm == SM_FORK) {
        ll__procs_push_caller_env(L);
        pool->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        pool->L = L;
    }
    pool->epoch = ll__procs_current_seq();
    rc = ll_procpool_new(n, ll__procs_pool_child_main, pool, &pool->pp);
    pool->L = NULL;
    if (rc != LL_OK)
        return luaL_error(L, "procs: cannot start %d worker process(es): %s",
                          n, ll_strerror(rc));
    return 1;
}

static int l_pr_pool_new(lua_State *L) { return pr_pool_new(L, false); }
static int l_pr_executor_new(lua_State *L) { return pr_pool_new(L, true); }

static int
l_pr_pool_stats(lua_State *L)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    ll_procpool_stats st;
    ll_procpool_stats_get(pool->pp, &st);
    lua_newtable(L);
#define F(name, v) lua_pushinteger(L, (lua_Integer)(v)); lua_setfield(L, -2, name)
    F("messages_sent", st.messages_sent);
    F("messages_received", st.messages_received);
    F("bytes_sent", st.bytes_sent);
    F("bytes_received", st.bytes_received);
    F("tasks", pool->tasks);
    F("workers", pool->nworkers);
#undef F
    lua_pushstring(L, pool->start == SM_FORK ? "fork" : "spawn");
    lua_setfield(L, -2, "start_method");
    return 1;
}

static int
l_pr_pool_pids(lua_State *L)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    int i;
    lua_createtable(L, pool->nworkers, 0);
    for (i = 0; i < pool->nworkers; i++) {
        lua_pushinteger(L, ll_procpool_pid(pool->pp, i));
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* shutdown(wait=true, cancel_futures=false) / {wait=, cancel_futures=} */
static int
l_pr_pool_shutdown(lua_State *L)
{
    pr_pool_ud *u = luaL_checkudata(L, 1, PR_POOL_MT);
    bool cancel = false;
    if (u->pool == NULL || u->pool->pp == NULL)
        return 0;
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "cancel_futures");
        cancel = lua_toboolean(L, -1);
    } else {
        cancel = lua_toboolean(L, 3);
    }
    u->pool->closed = true;
    {
        ll_buf text;
        ll_buf_init(&text);
        u->pool->pump_L = L;
        ll_procpool_shutdown(u->pool->pp, cancel, &text);
        u->pool->pump_L = NULL;
        ll__procs_emit_text(L, &text, 0);
        ll_buf_close(&text);
    }
    return 0;
}

static int
l_pr_pool_close(lua_State *L)
{
    ll__procs_check_pool(L, 1)->closed = true;
    return 0;
}

/* terminate(): stop now, cancelling queued work; running work is lost. */
static int
l_pr_pool_terminate(lua_State *L)
{
    pr_pool_ud *u = luaL_checkudata(L, 1, PR_POOL_MT);
    int i;
    if (u->pool == NULL || u->pool->pp == NULL)
        return 0;
    u->pool->closed = true;
    for (i = 0; i < u->pool->nworkers; i++)
        kill(ll_procpool_pid(u->pool->pp, i), SIGTERM);
    u->pool->pump_L = L;
    ll_procpool_shutdown(u->pool->pp, true, NULL);
    u->pool->pump_L = NULL;
    return 0;
}

static int
l_pr_pool_with(lua_State *L)
{
    ll__procs_check_pool(L, 1);
    return ll__futures_with(L, l_pr_pool_shutdown);
}

/* pool:kill_worker(i [, signal]) -- for demos/tests of BrokenProcessPool */
static int
l_pr_pool_kill_worker(lua_State *L)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    int sig = (int)luaL_optinteger(L, 3, SIGKILL);
    luaL_argcheck(L, i >= 1 && i <= pool->nworkers, 2, "no such worker");
    kill(ll_procpool_pid(pool->pp, (int)i - 1), sig);
    return 0;
}

static int
l_pr_pool_broken(lua_State *L)
{
    pr_pool *pool = ll__procs_check_pool(L, 1);
    ll__procs_pump(L, pool, 0);
    if (ll_procpool_broken(pool->pp) == NULL)
        return 0;
    lua_pushstring(L, ll_procpool_broken(pool->pp));
    return 1;
}

bool
ll__procs_is_pool(lua_State *L, int idx)
{
    pr_pool_ud *u = luaL_testudata(L, idx, PR_POOL_MT);
    return u != NULL && u->pool != NULL && u->pool->pp != NULL;
}

int
ll__procs_pool_fds(lua_State *L, int idx, int *fds, int max)
{
    pr_pool *pool = ll__procs_check_pool(L, idx);
    int i, n = 0;
    for (i = 0; i < pool->nworkers && n + 2 <= max; i++) {
        int a, b;
        ll__procpool_worker_fds(pool->pp, i, &a, &b);
        if (a >= 0)
            fds[n++] = a;
        if (b >= 0)
            fds[n++] = b;
    }
    return n;
}

void
ll__procs_pool_pump(lua_State *L, int idx)
{
    ll__procs_pump(L, ll__procs_check_pool(L, idx), 0);
}


/* }==== */

void
ll__procs_pool_open(lua_State *L)
{
    static const luaL_Reg pool_m[] = {
        {"submit", ll__procs_pool_submit},
        {"apply_async", ll__procs_pool_submit},
        {"map", ll__procs_pool_map}, {"starmap", ll__procs_pool_starmap},
        {"imap", ll__procs_pool_imap},
        {"imap_unordered", ll__procs_pool_imap_unordered},
        {"shutdown", l_pr_pool_shutdown}, {"close", l_pr_pool_close},
        {"join", l_pr_pool_shutdown}, {"terminate", l_pr_pool_terminate},
        {"with", l_pr_pool_with}, {"stats", l_pr_pool_stats},
        {"pids", l_pr_pool_pids}, {"kill_worker", l_pr_pool_kill_worker},
        {"broken", l_pr_pool_broken}, {NULL, NULL}
    };
    static const luaL_Reg pool_mm[] = {
        {"__gc", l_pr_pool_gc}, {"__close", l_pr_pool_gc}, {NULL, NULL}
    };
    static const luaL_Reg funcs[] = {
        {"Pool", l_pr_pool_new}, {"ProcessPoolExecutor", l_pr_executor_new},
        {NULL, NULL}
    };
    ll__futures_newclass(L, &ll__procs_future_class, NULL, NULL);
    ll_lua_newclass(L, PR_POOL_MT, pool_m, pool_mm);
    luaL_setfuncs(L, funcs, 0);
}
