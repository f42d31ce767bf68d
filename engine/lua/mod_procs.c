/* SPDX-License-Identifier: MIT
 * engine/lua/mod_procs.c -- `procs`: Process, Pool / ProcessPoolExecutor.
 *
 * Both start methods fork (engine/proc.c). `fork` continues in a copy of
 * the caller's own lua_State, so functions see the script's globals;
 * `spawn` builds a fresh sandboxed state in the child, so only what is
 * sent arrives (the L4.1 lesson: what works under fork breaks under spawn).
 * Pool jobs are always serialised, under both methods, as Python pickles
 * the callable even under fork: a function with an unsendable upvalue
 * fails at submit with the path of the culprit (L4.3).
 *
 * A job is a chunk: fn plus a list of argument tuples; the reply carries a
 * result or an error per item and the child's start/end times (the
 * monotonic clock is system-wide), which become job_start/job_end trace
 * events whose worker is the child's pid. Children's print() output comes
 * back through their stdout pipe and joins the owner's output when it is
 * collected (join, result, map...).
 */
#include "procs_int.h"

#include <lauxlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "proc.h"
#include "serial.h"

#define PR_POOL_MT   "looplab.procs.Pool"
#define PR_FUTURE_MT "looplab.procs.Future"
#define PR_PROC_MT   "looplab.procs.Process"
#define PR_DEFAULT_SM "looplab.procs.start_method"

enum { SM_FORK, SM_SPAWN };
enum { F_PENDING, F_DONE, F_CANCELLED };

typedef struct pr_pool {
    ll_procpool *pp;
    int          start;        /* SM_FORK / SM_SPAWN */
    lua_State   *L;            /* fork: the state the children go on in */
    int          env_ref;      /* fork: _ENV for functions loaded there */
    uint64_t     epoch;
    ll_buf       init;         /* initializer blob: fn, args... */
    bool         executor;     /* ProcessPoolExecutor flavour */
    bool         closed;       /* no more work (close/shutdown) */
    lua_State   *pump_L;
    uint32_t     next_job;
    int          nworkers;
    uint64_t     tasks;        /* items submitted */
    long         max_instr;
    size_t       mem_limit;
    char         name[32];
} pr_pool;

typedef struct pr_job {
    ll_procpool_job j;
    pr_pool        *pool;      /* NULL once the pool is gone */
    int             fstate;
    char           *broken;    /* the pool broke under it */
    int             nitems;
    int             anchor;
    int             callbacks;
    bool            orphan;
    char            name[48];
} pr_job;

typedef struct pr_future {
    pr_job *job;
} pr_future;

/* {==== helpers */

/* Child text (print output) into the owner's output and trace. */
static void
pr_emit_text(lua_State *L, ll_buf *text, int pid)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    char *p, *nl;
    if (text->len == 0)
        return;
    if (ctx->out != NULL)
        ll_buf_add(ctx->out, text->data, text->len);
    if (ctx->echo) {
        fwrite(text->data, 1, text->len, stdout);
        fflush(stdout);
    }
    if (ctx->trace != NULL)
        for (p = text->data; *p; p = nl + 1) {
            nl = strchr(p, '\n');
            if (nl == NULL)
                break;
            *nl = '\0';
            ll_trace_add(ctx->trace, (double)ll_clock_now(&ctx->clock) / 1e9,
                         LL_EV_OUTPUT, 0, pid, "process", p);
        }
    text->len = 0;
    if (text->data != NULL)
        text->data[0] = '\0';
}

static int
pr_start_method(lua_State *L, int idx)
{
    const char *sm;
    if (idx <= 0 || lua_isnoneornil(L, idx)) {
        lua_getfield(L, LUA_REGISTRYINDEX, PR_DEFAULT_SM);
        sm = lua_isstring(L, -1) ? lua_tostring(L, -1) : "fork";
        lua_pop(L, 1);
    } else {
        sm = luaL_checkstring(L, idx);
    }
    if (strcmp(sm, "fork") == 0)
        return SM_FORK;
    if (strcmp(sm, "spawn") == 0)
        return SM_SPAWN;
    return luaL_error(L, "ValueError: cannot find context for '%s' (start "
                         "methods: fork, spawn)", sm);
}

/* The _ENV of the Lua function that called us (the script's globals), or
 * a fresh sandbox env. Pushes it. */
static void
pr_push_caller_env(lua_State *L)
{
    lua_Debug ar;
    int i;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "f", &ar)) {
        for (i = 1; ; i++) {
            const char *name = lua_getupvalue(L, -1, i);
            if (name == NULL)
                break;
            if (strcmp(name, "_ENV") == 0 && lua_istable(L, -1)) {
                lua_remove(L, -2);
                return;
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    ll_lua_push_env(L);
}

static void
pr_buf_u32(ll_buf *b, uint32_t v)
{
    ll_buf_add(b, (const char *)&v, sizeof v);
}

typedef struct pr_reader {
    const char *p, *end;
} pr_reader;

static bool
pr_take(pr_reader *r, void *dst, size_t n)
{
    if ((size_t)(r->end - r->p) < n)
        return false;
    memcpy(dst, r->p, n);
    r->p += n;
    return true;
}

/* }==== */

/* {==== the child side */

/* A fresh sandboxed state for spawn children: its own context, print to
 * stdout (which the parent collects). */
static lua_State *
pr_fresh_state(long max_instr, size_t mem_limit)
{
    static ll_lua_ctx ctx;     /* the child is single-threaded and exits */
    lua_State *L;
    ll_lua_ctx_init(&ctx, LL_CLOCK_VIRTUAL, 1.0, 0);
    ctx.echo = true;
    ctx.mem_limit = mem_limit;
    L = ll_lua_new(&ctx);
    if (L != NULL)
        ll_lua_set_budget(L, max_instr);
    return L;
}

/* Fork children keep the parent's state: make print() go to stdout only. */
static void
pr_child_quiet(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    ctx->out = NULL;
    ctx->trace = NULL;
    ctx->echo = true;
}

/* Run one request (fn + items) and write the reply. */
static int
pr_child_job(lua_State *L, int env, const ll_buf *req, int out_fd)
{
    pr_reader r = { req->data, req->data + req->len };
    uint32_t fnlen, nitems, i, len;
    ll_buf reply;
    int64_t t0 = ll_mono_ns(), t1;
    int base = lua_gettop(L), nf = 0, rc;
    char *err = NULL;
    ll_serial_opts so = { .cross_process = true, .plain = true,
                          .target = "the parent process" };

    ll_buf_init(&reply);
    if (!pr_take(&r, &fnlen, 4) || (size_t)(r.end - r.p) < fnlen)
        return 2;
    if (ll_serial_load(L, r.p, fnlen, env, &nf, &err) != LL_OK || nf != 1) {
        ll_free(err);
        return 2;
    }
    r.p += fnlen;
    if (!pr_take(&r, &nitems, 4))
        return 2;
    ll_buf_add(&reply, (const char *)&t0, sizeof t0);
    ll_buf_add(&reply, (const char *)&t0, sizeof t0);   /* t1, patched */
    pr_buf_u32(&reply, nitems);
    for (i = 0; i < nitems; i++) {
        int na = 0, nres;
        unsigned char ok;
        size_t at;
        if (!pr_take(&r, &len, 4) || (size_t)(r.end - r.p) < len)
            return 2;
        lua_pushvalue(L, base + 1);
        if (ll_serial_load(L, r.p, len, env, &na, &err) != LL_OK) {
            ll_free(err);
            return 2;
        }
        r.p += len;
        ok = lua_pcall(L, na, LUA_MULTRET, 0) == LUA_OK;
        nres = lua_gettop(L) - base - 1;
        at = reply.len;
        ll_buf_add(&reply, (const char *)&ok, 1);
        pr_buf_u32(&reply, 0);
        if (ok) {
            rc = ll_serial_dump(L, base + 2, nres, "result[%d]", &so, &reply,
                                &err);
            if (rc != LL_OK) {
                reply.len = at;
                ok = 0;
                ll_buf_add(&reply, (const char *)&ok, 1);
                pr_buf_u32(&reply, 0);
                lua_settop(L, base + 1);
                lua_pushfstring(L, "cannot send the result back: %s",
                                err ? err : ll_strerror(rc));
                ll_free(err);
                err = NULL;
                ll_serial_dump_error(L, -1, &reply);
            }
        } else {
            ll_serial_dump_error(L, -1, &reply);
        }
        len = (uint32_t)(reply.len - at - 5);
        memcpy(reply.data + at + 1, &len, 4);
        lua_settop(L, base + 1);
    }
    lua_settop(L, base);
    t1 = ll_mono_ns();
    memcpy(reply.data + sizeof t0, &t1, sizeof t1);
    rc = ll_proc_write_frame(out_fd, 0, reply.data, reply.len);
    ll_buf_close(&reply);
    return rc == LL_OK ? 0 : 3;
}

static int
pr_pool_child_main(void *ud, int in_fd, int out_fd)
{
    pr_pool *pool = ud;
    lua_State *L;
    ll_buf req;
    uint32_t tag;
    int env, rc;

    if (pool->start == SM_FORK) {
        L = pool->L;
        pr_child_quiet(L);
        lua_rawgeti(L, LUA_REGISTRYINDEX, pool->env_ref);
    } else {
        L = pr_fresh_state(pool->max_instr, pool->mem_limit);
        if (L == NULL)
            return 4;
        ll_lua_push_env(L);
    }
    env = lua_gettop(L);
    if (pool->init.len > 0) {
        int nv = 0;
        char *err = NULL;
        if (ll_serial_load(L, pool->init.data, pool->init.len, env, &nv,
                           &err) != LL_OK ||
            ll_lua_pcall(L, nv - 1, 0, &err) != LL_OK) {
            /* multiprocessing reports it and the worker dies: the pool
             * breaks (BrokenProcessPool) */
            printf("Exception in initializer: %s\n", err ? err : "?");
            fflush(stdout);
            ll_free(err);
            return 1;
        }
    }
    ll_buf_init(&req);
    for (;;) {
        rc = ll_proc_read_frame(in_fd, &tag, &req);
        if (rc != LL_OK)
            break;
        rc = pr_child_job(L, env, &req, out_fd);
        fflush(stdout);
        if (rc != 0)
            return rc;
    }
    return rc == LL_ENOENT ? 0 : 5;
}

/* }==== */

/* {==== futures */

static pr_future *
pr_check_future(lua_State *L, int idx)
{
    pr_future *f = luaL_checkudata(L, idx, PR_FUTURE_MT);
    if (f->job == NULL)
        luaL_argerror(L, idx, "future is gone");
    return f;
}

static void
pr_job_free(pr_job *j)
{
    ll_buf_close(&j->j.in);
    ll_buf_close(&j->j.out);
    ll_free(j->broken);
    ll_free(j);
}

static int
l_pr_future_gc(lua_State *L)
{
    pr_future *f = luaL_checkudata(L, 1, PR_FUTURE_MT);
    if (f->job != NULL) {
        if (f->job->fstate == F_PENDING)
            f->job->orphan = true;      /* its done callback frees it */
        else
            pr_job_free(f->job);
    }
    f->job = NULL;
    return 0;
}

static void
pr_job_done(ll_procpool_job *pj, int status)
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
        j->fstate = F_CANCELLED;
    } else {
        j->fstate = F_DONE;
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
                            (int32_t)j->j.pid, j->name, pool->name);
            ll_trace_add_at(ctx->trace, now, t1, LL_EV_JOB_END, 0,
                            (int32_t)j->j.pid, j->name, "ok");
        }
    }
    if (!j->orphan && j->callbacks != LUA_NOREF) {
        lua_Integer i, n;
        int top = lua_gettop(L);
        lua_rawgeti(L, LUA_REGISTRYINDEX, j->callbacks);
        n = (lua_Integer)lua_rawlen(L, -1);
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, top + 1, i);
            lua_rawgeti(L, LUA_REGISTRYINDEX, j->anchor);
            if (lua_pcall(L, 1, 0, 0) != LUA_OK)
                lua_pop(L, 1);   /* concurrent.futures logs and goes on */
        }
        lua_settop(L, top);
    }
    luaL_unref(L, LUA_REGISTRYINDEX, j->callbacks);
    j->callbacks = LUA_NOREF;
    luaL_unref(L, LUA_REGISTRYINDEX, j->anchor);
    j->anchor = LUA_NOREF;
    if (j->orphan)
        pr_job_free(j);
}

/* Pump the pool: send, collect, run done callbacks, emit child output. */
static int
pr_pump(lua_State *L, pr_pool *pool, double timeout)
{
    ll_buf text;
    lua_State *saved = pool->pump_L;
    int n;
    ll_buf_init(&text);
    pool->pump_L = L;
    n = ll_procpool_poll(pool->pp, timeout < 0 ? -1 : ll_clock_s2ns(timeout),
                         &text);
    pool->pump_L = saved;
    pr_emit_text(L, &text, 0);
    ll_buf_close(&text);
    return n;
}

static bool
pr_wait_job(lua_State *L, pr_job *j, double timeout)
{
    double deadline = timeout >= 0 ? (double)ll_mono_ns() / 1e9 + timeout : -1;
    while (j->fstate == F_PENDING) {
        double left = -1;
        if (j->pool == NULL)
            return false;
        if (deadline >= 0) {
            left = deadline - (double)ll_mono_ns() / 1e9;
            if (left <= 0) {
                pr_pump(L, j->pool, 0);
                return j->fstate != F_PENDING;
            }
        }
        pr_pump(L, j->pool, left);
    }
    return true;
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

/* Push the values of item i (1-based) or raise its error. */
static int
pr_item_results(lua_State *L, int fidx, pr_job *j, int i)
{
    int n, k;
    if (j->fstate == F_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    pr_future_items(L, fidx, j);
    lua_rawgeti(L, -1, i);
    lua_getfield(L, -1, "ok");
    if (!lua_toboolean(L, -1)) {
        lua_rawgeti(L, -2, 1);
        return lua_error(L);
    }
    lua_pop(L, 1);
    lua_getfield(L, -1, "n");
    n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, n, "results");
    for (k = 1; k <= n; k++)
        lua_rawgeti(L, -k, k);
    return n;
}

static double
pr_opt_timeout(lua_State *L, int idx)
{
    double t;
    if (lua_isnoneornil(L, idx))
        return -1;
    t = luaL_checknumber(L, idx);
    luaL_argcheck(L, t >= 0, idx, "timeout must be >= 0");
    return t;
}

static int
l_pr_future_result(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    double timeout = pr_opt_timeout(L, 2);
    if (!pr_wait_job(L, f->job, timeout))
        return luaL_error(L, "TimeoutError: the future is not done after %f s",
                          timeout);
    return pr_item_results(L, 1, f->job, 1);
}

static int
l_pr_future_exception(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    double timeout = pr_opt_timeout(L, 2);
    if (!pr_wait_job(L, f->job, timeout))
        return luaL_error(L, "TimeoutError: the future is not done after %f s",
                          timeout);
    if (f->job->fstate == F_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    pr_future_items(L, 1, f->job);
    lua_rawgeti(L, -1, 1);
    lua_getfield(L, -1, "ok");
    if (lua_toboolean(L, -1)) {
        lua_pushnil(L);
        return 1;
    }
    lua_rawgeti(L, -2, 1);
    return 1;
}

static int
l_pr_future_done(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    if (f->job->pool != NULL && f->job->fstate == F_PENDING)
        pr_pump(L, f->job->pool, 0);
    lua_pushboolean(L, f->job->fstate != F_PENDING);
    return 1;
}

static int
l_pr_future_cancel(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    pr_job *j = f->job;
    int rc;
    if (j->fstate == F_CANCELLED) {
        lua_pushboolean(L, 1);
        return 1;
    }
    if (j->fstate != F_PENDING || j->pool == NULL) {
        lua_pushboolean(L, 0);
        return 1;
    }
    j->pool->pump_L = L;
    rc = ll_procpool_cancel(j->pool->pp, &j->j);
    j->pool->pump_L = NULL;
    lua_pushboolean(L, rc == LL_OK);
    return 1;
}

static int
l_pr_future_cancelled(lua_State *L)
{
    lua_pushboolean(L, pr_check_future(L, 1)->job->fstate == F_CANCELLED);
    return 1;
}

static int
l_pr_future_add_done_callback(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    pr_job *j = f->job;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (j->fstate != F_PENDING) {
        lua_pushvalue(L, 2);
        lua_pushvalue(L, 1);
        lua_call(L, 1, 0);
        return 0;
    }
    if (j->callbacks == LUA_NOREF) {
        lua_newtable(L);
        j->callbacks = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, j->callbacks);
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    return 0;
}

/* fut:worker() -> pid, start, end (monotonic seconds) once done */
static int
l_pr_future_worker(lua_State *L)
{
    pr_future *f = pr_check_future(L, 1);
    int64_t t0, t1;
    if (f->job->fstate != F_DONE || f->job->j.out.len < 16)
        return 0;
    memcpy(&t0, f->job->j.out.data, 8);
    memcpy(&t1, f->job->j.out.data + 8, 8);
    lua_pushinteger(L, f->job->j.pid);
    lua_pushnumber(L, (double)t0 / 1e9);
    lua_pushnumber(L, (double)t1 / 1e9);
    return 3;
}

/* }==== */

/* {==== pools */

typedef struct pr_pool_ud {
    pr_pool *pool;
} pr_pool_ud;

static pr_pool *
pr_check_pool(lua_State *L, int idx)
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
        pr_emit_text(L, &text, 0);
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
        if (lua_getfield(L, 1, "initializer") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TFUNCTION);
            init = lua_gettop(L);
        }
        if (lua_getfield(L, 1, "initargs") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TTABLE);
            initargs = lua_gettop(L);
        }
    } else if (!lua_isnoneornil(L, 1)) {
        return luaL_argerror(L, 1, "expected a worker count or an options "
                                   "table");
    }
    if (smname != NULL) {
        lua_pushstring(L, smname);
        sm = pr_start_method(L, lua_gettop(L));
        lua_pop(L, 1);
    } else {
        sm = pr_start_method(L, 0);
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
        int top = lua_gettop(L), na = 0, i;
        char *err = NULL;
        ll_serial_opts so = { .cross_process = true,
                              .target = "a worker process" };
        lua_pushvalue(L, init);
        if (initargs != 0) {
            na = (int)lua_rawlen(L, initargs);
            luaL_checkstack(L, na, "initargs");
            for (i = 1; i <= na; i++)
                lua_rawgeti(L, initargs, i);
        }
        rc = ll_serial_dump(L, top + 1, na + 1, "initializer", &so,
                            &pool->init, &err);
        lua_settop(L, top);
        if (rc != LL_OK) {
            lua_pushstring(L, err ? err : ll_strerror(rc));
            ll_free(err);
            return lua_error(L);
        }
    }
    if (sm == SM_FORK) {
        pr_push_caller_env(L);
        pool->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        pool->L = L;
    }
    pool->epoch = ll__procs_current_seq();
    rc = ll_procpool_new(n, pr_pool_child_main, pool, &pool->pp);
    pool->L = NULL;
    if (rc != LL_OK)
        return luaL_error(L, "procs: cannot start %d worker process(es): %s",
                          n, ll_strerror(rc));
    return 1;
}

static int l_pr_pool_new(lua_State *L) { return pr_pool_new(L, false); }
static int l_pr_executor_new(lua_State *L) { return pr_pool_new(L, true); }

/* Item packing: how the arguments of item i are found on the stack. */
typedef enum { PACK_ARGS, PACK_ONE, PACK_STAR } pr_pack;

/* Submit a job of items [lo, hi] from the list at list_idx (or the stack
 * args at first..first+nargs-1 for PACK_ARGS). Pushes its Future. */
static pr_job *
pr_submit(lua_State *L, pr_pool *pool, int fn_idx, pr_pack pack,
          int list_idx, lua_Integer lo, lua_Integer hi, int first, int nargs)
{
    ll_serial_opts so = { .cross_process = true, .epoch = pool->epoch,
                          .target = "a worker process" };
    pr_job *j;
    pr_future *f;
    ll_buf fnb;
    char *err = NULL;
    lua_Integer i;
    int rc, nitems = pack == PACK_ARGS ? 1 : (int)(hi - lo + 1);
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);

    if (pool->closed)
        luaL_error(L, pool->executor ? "cannot schedule new futures after "
                                       "shutdown"
                                     : "ValueError: Pool not running");
    if (ll_procpool_broken(pool->pp) != NULL)
        luaL_error(L, "%s", ll_procpool_broken(pool->pp));
    fn_idx = lua_absindex(L, fn_idx);
    j = ll_calloc(1, sizeof *j);
    if (j == NULL)
        luaL_error(L, "procs: out of memory");
    ll_buf_init(&j->j.in);
    ll_buf_init(&j->j.out);
    ll_buf_init(&fnb);
    rc = ll_serial_dump(L, fn_idx, 1, "fn", &so, &fnb, &err);
    if (rc == LL_OK) {
        pr_buf_u32(&j->j.in, (uint32_t)fnb.len);
        ll_buf_add(&j->j.in, fnb.data, fnb.len);
        pr_buf_u32(&j->j.in, (uint32_t)nitems);
    }
    ll_buf_close(&fnb);
    for (i = lo; rc == LL_OK && i <= hi; i++) {
        ll_buf ib;
        char root[48];
        int top = lua_gettop(L), a = first, n = nargs;
        ll_buf_init(&ib);
        if (pack == PACK_ONE) {
            lua_rawgeti(L, list_idx, i);
            a = top + 1;
            n = 1;
            snprintf(root, sizeof root, "items[%lld]", (long long)i);
        } else if (pack == PACK_STAR) {
            lua_Integer k, m;
            if (lua_rawgeti(L, list_idx, i) != LUA_TTABLE) {
                ll_buf_close(&ib);
                lua_settop(L, top);
                err = ll_asprintf("items[%lld]: starmap needs a table of "
                                  "arguments per item", (long long)i);
                rc = LL_EINVAL;
                break;
            }
            m = (lua_Integer)lua_rawlen(L, -1);
            luaL_checkstack(L, (int)m, "starmap");
            for (k = 1; k <= m; k++)
                lua_rawgeti(L, top + 1, k);
            a = top + 2;
            n = (int)m;
            snprintf(root, sizeof root, "items[%lld][%%d]", (long long)i);
        } else {
            snprintf(root, sizeof root, "args[%%d]");
        }
        rc = ll_serial_dump(L, a, n, root, &so, &ib, &err);
        lua_settop(L, top);
        if (rc == LL_OK) {
            pr_buf_u32(&j->j.in, (uint32_t)ib.len);
            ll_buf_add(&j->j.in, ib.data, ib.len);
        }
        ll_buf_close(&ib);
    }
    if (rc != LL_OK) {
        /* handles already written stay retained in j->j.in's item blobs:
         * release them item by item */
        {
            pr_reader r = { j->j.in.data, j->j.in.data + j->j.in.len };
            uint32_t fl, ni, len, k;
            if (pr_take(&r, &fl, 4) && (size_t)(r.end - r.p) >= fl) {
                ll_serial_discard(r.p, fl);
                r.p += fl;
                if (pr_take(&r, &ni, 4))
                    for (k = 0; k < ni && pr_take(&r, &len, 4) &&
                                (size_t)(r.end - r.p) >= len; k++) {
                        ll_serial_discard(r.p, len);
                        r.p += len;
                    }
            }
        }
        pr_job_free(j);
        lua_pushstring(L, err ? err : ll_strerror(rc));
        ll_free(err);
        lua_error(L);
    }
    j->pool = pool;
    j->nitems = nitems;
    j->j.done = pr_job_done;
    j->callbacks = LUA_NOREF;
    snprintf(j->name, sizeof j->name, "%s#%u", pool->name,
             (unsigned)++pool->next_job);
    f = lua_newuserdatauv(L, sizeof *f, 1);
    f->job = j;
    luaL_setmetatable(L, PR_FUTURE_MT);
    lua_pushvalue(L, -1);
    j->anchor = luaL_ref(L, LUA_REGISTRYINDEX);
    {
        lua_State *saved = pool->pump_L;
        pool->pump_L = L;          /* a broken pool finishes jobs here */
        rc = ll_procpool_submit(pool->pp, &j->j);
        pool->pump_L = saved;
    }
    if (rc == LL_OK && ll_procpool_broken(pool->pp) != NULL)
        pr_pump(L, pool, 0);       /* the dead child's last words */
    if (rc != LL_OK) {
        luaL_unref(L, LUA_REGISTRYINDEX, j->anchor);
        j->anchor = LUA_NOREF;
        j->fstate = F_CANCELLED;
        luaL_error(L, "procs: cannot submit: %s", ll_strerror(rc));
    }
    pool->tasks += (uint64_t)nitems;
    if (ctx->trace != NULL)
        ll_trace_add(ctx->trace, (double)ll_clock_now(&ctx->clock) / 1e9,
                     LL_EV_JOB_SUBMIT, 0, -1, j->name, pool->name);
    return j;
}

static int
l_pr_pool_submit(lua_State *L)
{
    pr_pool *pool = pr_check_pool(L, 1);
    luaL_checkany(L, 2);
    pr_submit(L, pool, 2, PACK_ARGS, 0, 1, 1, 3, lua_gettop(L) - 2);
    return 1;
}

static lua_Integer
pr_chunksize(lua_State *L, int idx, pr_pool *pool, lua_Integer n)
{
    lua_Integer cs;
    if (!lua_isnoneornil(L, idx)) {
        cs = luaL_checkinteger(L, idx);
        luaL_argcheck(L, cs >= 1, idx, "chunksize must be >= 1");
        return cs;
    }
    if (pool->executor)
        return 1;                         /* ProcessPoolExecutor.map */
    /* multiprocessing.Pool.map: divmod(len, workers * 4), rounded up */
    cs = n / (pool->nworkers * 4);
    if (n % (pool->nworkers * 4))
        cs++;
    return cs < 1 ? 1 : cs;
}

/* Submit chunk jobs for list at idx; leaves a table of futures on top. */
static void
pr_submit_chunks(lua_State *L, pr_pool *pool, int fn, int list, pr_pack pack,
                 lua_Integer cs)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, list), lo;
    int futs;
    lua_newtable(L);
    futs = lua_gettop(L);
    for (lo = 1; lo <= n; lo += cs) {
        lua_Integer hi = lo + cs - 1 > n ? n : lo + cs - 1;
        pr_submit(L, pool, fn, pack, list, lo, hi, 0, 0);
        lua_rawseti(L, futs, (lua_Integer)lua_rawlen(L, futs) + 1);
    }
}

/* pool:map(fn, items [, chunksize]) -> results list (Pool) or an
 * iterator of (i, result) (ProcessPoolExecutor), in input order. */
static int
pr_map(lua_State *L, pr_pack pack, int mode /* 0 list, 1 iter, 2 unordered */)
{
    pr_pool *pool = pr_check_pool(L, 1);
    lua_Integer cs, n;
    luaL_checkany(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    n = (lua_Integer)lua_rawlen(L, 3);
    cs = pr_chunksize(L, 4, pool, n);
    lua_settop(L, 3);
    pr_submit_chunks(L, pool, 2, 3, pack, cs);      /* stack: pool fn list futs */
    if (mode == 0) {
        lua_Integer c, nf = (lua_Integer)lua_rawlen(L, 4), out = 0;
        lua_createtable(L, (int)n, 0);                /* 5: results */
        for (c = 1; c <= nf; c++) {
            pr_future *f;
            int k, top;
            lua_rawgeti(L, 4, c);
            f = lua_touserdata(L, -1);
            pr_wait_job(L, f->job, -1);
            top = lua_gettop(L);
            for (k = 1; k <= f->job->nitems; k++) {
                pr_item_results(L, top, f->job, k);
                lua_settop(L, top + 3);   /* items, item, first value */
                lua_rawseti(L, 5, ++out);
                lua_settop(L, top);
            }
            lua_pop(L, 1);
        }
        return 1;
    }
    lua_pushvalue(L, 4);
    return -1;   /* caller wraps the futures in an iterator */
}

/* Unordered iteration: bring a finished chunk (from position c on) to
 * position c, waiting for one if none is. */
static void
pr_pick_finished(lua_State *L, int futs, lua_Integer c, lua_Integer nf)
{
    for (;;) {
        lua_Integer i;
        pr_future *f = NULL;
        for (i = c; i <= nf; i++) {
            lua_rawgeti(L, futs, i);
            f = lua_touserdata(L, -1);
            lua_pop(L, 1);
            if (f->job->fstate != F_PENDING)
                break;
        }
        if (i <= nf) {
            lua_rawgeti(L, futs, c);
            lua_rawgeti(L, futs, i);
            lua_rawseti(L, futs, c);
            lua_rawseti(L, futs, i);
            return;
        }
        if (f == NULL || f->job->pool == NULL)
            return;
        pr_pump(L, f->job->pool, -1);
    }
}

/* iterator upvalues: 1 futures, 2 chunk position, 3 item in chunk,
 * 4 {[future] = first input index}, 5 unordered */
static int
l_pr_iter_next(lua_State *L)
{
    int futs = lua_upvalueindex(1);
    lua_Integer c = lua_tointeger(L, lua_upvalueindex(2));
    lua_Integer k = lua_tointeger(L, lua_upvalueindex(3));
    bool unordered = lua_toboolean(L, lua_upvalueindex(5));
    lua_Integer nf = (lua_Integer)lua_rawlen(L, futs), first;
    pr_future *f;
    int n;

    lua_settop(L, 0);
    for (;;) {
        if (c > nf)
            return 0;
        if (k == 1 && unordered)
            pr_pick_finished(L, futs, c, nf);
        lua_rawgeti(L, futs, c);
        f = lua_touserdata(L, -1);
        if (k <= f->job->nitems)
            break;
        lua_pop(L, 1);
        c++;
        k = 1;
    }
    /* stack: future */
    pr_wait_job(L, f->job, -1);
    lua_pushinteger(L, c);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushinteger(L, k + 1);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, 1);
    lua_rawget(L, lua_upvalueindex(4));
    first = lua_tointeger(L, -1);
    lua_pop(L, 1);
    n = pr_item_results(L, 1, f->job, (int)k);
    lua_pushinteger(L, first + k - 1);
    lua_rotate(L, -(n + 1), 1);       /* index, then the values */
    return n + 1;
}

static int
pr_iter(lua_State *L, pr_pack pack, bool unordered)
{
    lua_Integer i, nf, cs;
    pr_pool *pool = pr_check_pool(L, 1);
    luaL_checkany(L, 2);
    luaL_checktype(L, 3, LUA_TTABLE);
    cs = pr_chunksize(L, 4, pool, (lua_Integer)lua_rawlen(L, 3));
    lua_settop(L, 3);
    pr_submit_chunks(L, pool, 2, 3, pack, cs);       /* 4: futures */
    nf = (lua_Integer)lua_rawlen(L, 4);
    lua_newtable(L);                                 /* 5: first index */
    for (i = 1; i <= nf; i++) {
        lua_rawgeti(L, 4, i);
        lua_pushinteger(L, (i - 1) * cs + 1);
        lua_rawset(L, 5);
    }
    lua_pushvalue(L, 4);
    lua_pushinteger(L, 1);
    lua_pushinteger(L, 1);
    lua_pushvalue(L, 5);
    lua_pushboolean(L, unordered);
    lua_pushcclosure(L, l_pr_iter_next, 5);
    return 1;
}

static int
l_pr_pool_map(lua_State *L)
{
    if (pr_check_pool(L, 1)->executor)
        return pr_iter(L, PACK_ONE, false);
    return pr_map(L, PACK_ONE, 0);
}

static int l_pr_pool_starmap(lua_State *L) { return pr_map(L, PACK_STAR, 0); }
static int l_pr_pool_imap(lua_State *L) { return pr_iter(L, PACK_ONE, false); }
static int
l_pr_pool_imap_unordered(lua_State *L)
{
    return pr_iter(L, PACK_ONE, true);
}

static int
l_pr_pool_stats(lua_State *L)
{
    pr_pool *pool = pr_check_pool(L, 1);
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
    pr_pool *pool = pr_check_pool(L, 1);
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
        pr_emit_text(L, &text, 0);
        ll_buf_close(&text);
    }
    return 0;
}

static int
l_pr_pool_close(lua_State *L)
{
    pr_check_pool(L, 1)->closed = true;
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
    int st;
    pr_check_pool(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    st = lua_pcall(L, 1, LUA_MULTRET, 0);
    lua_pushcfunction(L, l_pr_pool_shutdown);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 2;
}

/* pool:kill_worker(i [, signal]) -- for demos/tests of BrokenProcessPool */
static int
l_pr_pool_kill_worker(lua_State *L)
{
    pr_pool *pool = pr_check_pool(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    int sig = (int)luaL_optinteger(L, 3, SIGKILL);
    luaL_argcheck(L, i >= 1 && i <= pool->nworkers, 2, "no such worker");
    kill(ll_procpool_pid(pool->pp, (int)i - 1), sig);
    return 0;
}

static int
l_pr_pool_broken(lua_State *L)
{
    pr_pool *pool = pr_check_pool(L, 1);
    pr_pump(L, pool, 0);
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
    pr_pool *pool = pr_check_pool(L, idx);
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
    pr_pump(L, pr_check_pool(L, idx), 0);
}

/* }==== */

/* {==== Process */

typedef struct pr_proc {
    ll_proc *p;
    int      start;
    bool     daemon;
    bool     started;
    long     max_instr;
    size_t   mem_limit;
    ll_buf   blob;            /* spawn: target and args */
    lua_State *L;             /* fork: the state the child goes on in */
} pr_proc;

/* uservalues: 1 target, 2 args table, 3 name */

static pr_proc *
pr_check_proc(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, PR_PROC_MT);
}

static int
pr_process_main(void *ud, int in_fd, int out_fd)
{
    pr_proc *pr = ud;
    lua_State *L;
    char *err = NULL;
    int rc, n = 0;
    (void)in_fd;
    (void)out_fd;
    if (pr->start == SM_FORK) {
        int i;
        L = pr->L;
        pr_child_quiet(L);
        lua_getiuservalue(L, 1, 1);
        lua_getiuservalue(L, 1, 2);
        n = (int)lua_rawlen(L, -1);
        luaL_checkstack(L, n, "args");
        for (i = 1; i <= n; i++)
            lua_rawgeti(L, -1 - (i - 1), i);
        lua_remove(L, -1 - n);
    } else {
        int nv = 0;
        L = pr_fresh_state(pr->max_instr, pr->mem_limit);
        if (L == NULL)
            return 1;
        ll_lua_push_env(L);
        if (ll_serial_load(L, pr->blob.data, pr->blob.len, lua_gettop(L), &nv,
                           &err) != LL_OK)
            return 1;
        n = nv - 1;
    }
    rc = ll_lua_pcall(L, n, 0, &err);
    if (rc != LL_OK) {
        printf("Process failed: %s\n", err ? err : "?");
        fflush(stdout);
        return 1;
    }
    return 0;
}

static int
l_pr_proc_new(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    int top = lua_gettop(L), i;
    pr_proc *pr = lua_newuserdatauv(L, sizeof *pr, 3);
    static unsigned counter;

    memset(pr, 0, sizeof *pr);
    ll_buf_init(&pr->blob);
    pr->max_instr = ctx->max_instr;
    pr->mem_limit = ctx->mem_limit;
    luaL_setmetatable(L, PR_PROC_MT);
    pr->start = SM_FORK;
    if (lua_istable(L, 1)) {
        if (lua_getfield(L, 1, "target") != LUA_TFUNCTION)
            return luaL_error(L, "Process: 'target' must be a function");
        lua_setiuservalue(L, top + 1, 1);
        if (lua_getfield(L, 1, "args") == LUA_TNIL) {
            lua_pop(L, 1);
            lua_newtable(L);
        } else {
            luaL_checktype(L, -1, LUA_TTABLE);
        }
        lua_setiuservalue(L, top + 1, 2);
        if (lua_getfield(L, 1, "name") != LUA_TNIL)
            lua_setiuservalue(L, top + 1, 3);
        else
            lua_pop(L, 1);
        lua_getfield(L, 1, "daemon");
        pr->daemon = lua_toboolean(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, 1, "start_method");
        pr->start = pr_start_method(L, lua_isnil(L, -1) ? 0 : lua_gettop(L));
        lua_pop(L, 1);
    } else {
        luaL_checktype(L, 1, LUA_TFUNCTION);
        pr->start = pr_start_method(L, 0);
        lua_pushvalue(L, 1);
        lua_setiuservalue(L, top + 1, 1);
        lua_createtable(L, top - 1, 0);
        for (i = 2; i <= top; i++) {
            lua_pushvalue(L, i);
            lua_rawseti(L, -2, i - 1);
        }
        lua_setiuservalue(L, top + 1, 2);
    }
    if (lua_getiuservalue(L, top + 1, 3) == LUA_TNIL) {
        lua_pushfstring(L, "Process-%d", (int)++counter);
        lua_setiuservalue(L, top + 1, 3);
    }
    lua_settop(L, top + 1);
    return 1;
}

static int
l_pr_proc_start(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    int rc;
    lua_settop(L, 1);
    if (pr->started)
        return luaL_error(L, "AssertionError: cannot start a process twice");
    if (pr->start == SM_SPAWN) {
        /* spawn pickles the target and its arguments: fail here, in the
         * parent, with the path of what cannot go */
        ll_serial_opts so = { .cross_process = true, .target = "a spawned "
                              "process" };
        char *err = NULL;
        int n, i;
        lua_getiuservalue(L, 1, 1);
        lua_getiuservalue(L, 1, 2);
        n = (int)lua_rawlen(L, 3);
        luaL_checkstack(L, n, "args");
        for (i = 1; i <= n; i++)
            lua_rawgeti(L, 3, i);
        lua_remove(L, 3);
        /* trial dumps name the culprit ("target: ..." / "args[2]: ..."),
         * then one blob carries both */
        {
            ll_buf t1, t2;
            ll_buf_init(&t1);
            ll_buf_init(&t2);
            rc = ll_serial_dump(L, 2, 1, "target", &so, &t1, &err);
            if (rc == LL_OK)
                rc = ll_serial_dump(L, 3, n, "args[%d]", &so, &t2, &err);
            ll_serial_discard(t1.data, t1.len);
            ll_serial_discard(t2.data, t2.len);
            ll_buf_close(&t1);
            ll_buf_close(&t2);
            if (rc == LL_OK)
                rc = ll_serial_dump(L, 2, n + 1, "target", &so, &pr->blob,
                                    &err);
        }
        lua_settop(L, 1);
        if (rc != LL_OK) {
            lua_pushstring(L, err ? err : ll_strerror(rc));
            ll_free(err);
            return lua_error(L);
        }
    }
    pr->L = L;
    rc = ll_proc_start(pr_process_main, pr, &pr->p);
    pr->L = NULL;
    /* the child has its own copy of the blob; release our handle refs */
    ll_serial_discard(pr->blob.data, pr->blob.len);
    ll_buf_close(&pr->blob);
    if (rc != LL_OK)
        return luaL_error(L, "procs: cannot start a process: %s",
                          ll_strerror(rc));
    pr->started = true;
    return 0;
}

static void
pr_proc_collect(lua_State *L, pr_proc *pr, double timeout, bool *exited)
{
    ll_buf text;
    int code;
    ll_buf_init(&text);
    *exited = ll_proc_wait(pr->p, timeout < 0 ? -1 : ll_clock_s2ns(timeout),
                           &text, &code) == LL_OK;
    pr_emit_text(L, &text, (int)ll_proc_pid(pr->p));
    ll_buf_close(&text);
}

static int
l_pr_proc_join(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    double timeout = pr_opt_timeout(L, 2);
    bool exited;
    if (!pr->started)
        return luaL_error(L, "AssertionError: can only join a started "
                             "process");
    pr_proc_collect(L, pr, timeout, &exited);
    lua_pushboolean(L, exited);
    return 1;
}

static int
l_pr_proc_is_alive(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    bool exited = true;
    if (pr->started)
        pr_proc_collect(L, pr, 0, &exited);
    lua_pushboolean(L, pr->started && !exited);
    return 1;
}

static int
pr_proc_signal(lua_State *L, int sig)
{
    pr_proc *pr = pr_check_proc(L, 1);
    if (pr->started)
        ll_proc_signal(pr->p, sig);
    return 0;
}

static int l_pr_proc_terminate(lua_State *L) { return pr_proc_signal(L, SIGTERM); }
static int l_pr_proc_kill(lua_State *L) { return pr_proc_signal(L, SIGKILL); }

static int
l_pr_proc_gc(lua_State *L)
{
    pr_proc *pr = luaL_checkudata(L, 1, PR_PROC_MT);
    if (pr->p != NULL) {
        ll_buf text;
        ll_buf_init(&text);
        /* interpreter exit: daemons are terminated, the rest joined (with
         * a bound, so a stuck child cannot hang looplab) */
        if (pr->daemon)
            ll_proc_signal(pr->p, SIGTERM);
        if (ll_proc_wait(pr->p, 30 * 1000000000LL, &text, NULL) != LL_OK)
            ll_proc_signal(pr->p, SIGKILL);
        pr_emit_text(L, &text, (int)ll_proc_pid(pr->p));
        ll_buf_close(&text);
        ll_proc_free(pr->p);
        pr->p = NULL;
    }
    ll_buf_close(&pr->blob);
    return 0;
}

static int
l_pr_proc_index(lua_State *L)
{
    pr_proc *pr = pr_check_proc(L, 1);
    const char *k = luaL_checkstring(L, 2);
    int code;
    if (strcmp(k, "pid") == 0) {
        if (pr->started)
            lua_pushinteger(L, ll_proc_pid(pr->p));
        else
            lua_pushnil(L);
        return 1;
    }
    if (strcmp(k, "exitcode") == 0) {
        bool exited = false;
        if (pr->started)
            pr_proc_collect(L, pr, 0, &exited);
        if (exited && ll_proc_exited(pr->p, &code))
            lua_pushinteger(L, code);
        else
            lua_pushnil(L);
        return 1;
    }
    if (strcmp(k, "name") == 0) {
        lua_getiuservalue(L, 1, 3);
        return 1;
    }
    if (strcmp(k, "daemon") == 0) {
        lua_pushboolean(L, pr->daemon);
        return 1;
    }
    if (strcmp(k, "start_method") == 0) {
        lua_pushstring(L, pr->start == SM_FORK ? "fork" : "spawn");
        return 1;
    }
    return ll_lua_method(L, 1, k);
}

/* }==== */

/* {==== module functions */

static int
l_pr_set_start_method(lua_State *L)
{
    lua_settop(L, 1);
    pr_start_method(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, PR_DEFAULT_SM);
    return 0;
}

static int
l_pr_get_start_method(lua_State *L)
{
    lua_pushstring(L, pr_start_method(L, 0) == SM_FORK ? "fork" : "spawn");
    return 1;
}

static int
l_pr_cpu_count(lua_State *L)
{
    lua_pushinteger(L, sysconf(_SC_NPROCESSORS_ONLN));
    return 1;
}

static int
l_pr_getpid(lua_State *L)
{
    lua_pushinteger(L, getpid());
    return 1;
}

/* }==== */

int
luaopen_looplab_procs(lua_State *L)
{
    static const luaL_Reg future_m[] = {
        {"result", l_pr_future_result}, {"exception", l_pr_future_exception},
        {"done", l_pr_future_done}, {"cancel", l_pr_future_cancel},
        {"cancelled", l_pr_future_cancelled},
        {"add_done_callback", l_pr_future_add_done_callback},
        {"worker", l_pr_future_worker}, {NULL, NULL}
    };
    static const luaL_Reg future_mm[] = {
        {"__gc", l_pr_future_gc}, {NULL, NULL}
    };
    static const luaL_Reg pool_m[] = {
        {"submit", l_pr_pool_submit}, {"apply_async", l_pr_pool_submit},
        {"map", l_pr_pool_map}, {"starmap", l_pr_pool_starmap},
        {"imap", l_pr_pool_imap}, {"imap_unordered", l_pr_pool_imap_unordered},
        {"shutdown", l_pr_pool_shutdown}, {"close", l_pr_pool_close},
        {"join", l_pr_pool_shutdown}, {"terminate", l_pr_pool_terminate},
        {"with", l_pr_pool_with}, {"stats", l_pr_pool_stats},
        {"pids", l_pr_pool_pids}, {"kill_worker", l_pr_pool_kill_worker},
        {"broken", l_pr_pool_broken}, {NULL, NULL}
    };
    static const luaL_Reg pool_mm[] = {
        {"__gc", l_pr_pool_gc}, {"__close", l_pr_pool_gc}, {NULL, NULL}
    };
    static const luaL_Reg proc_m[] = {
        {"start", l_pr_proc_start}, {"join", l_pr_proc_join},
        {"is_alive", l_pr_proc_is_alive}, {"terminate", l_pr_proc_terminate},
        {"kill", l_pr_proc_kill}, {NULL, NULL}
    };
    static const luaL_Reg proc_mm[] = {
        {"__gc", l_pr_proc_gc}, {"__index", l_pr_proc_index}, {NULL, NULL}
    };
    static const luaL_Reg funcs[] = {
        {"Process", l_pr_proc_new}, {"Pool", l_pr_pool_new},
        {"ProcessPoolExecutor", l_pr_executor_new},
        {"set_start_method", l_pr_set_start_method},
        {"get_start_method", l_pr_get_start_method},
        {"cpu_count", l_pr_cpu_count}, {"getpid", l_pr_getpid},
        {NULL, NULL}
    };

    ll_lua_newclass(L, PR_FUTURE_MT, future_m, future_mm);
    ll_lua_newclass(L, PR_POOL_MT, pool_m, pool_mm);
    ll_lua_newclass(L, PR_PROC_MT, proc_m, proc_mm);
    luaL_newlib(L, funcs);
    ll__procs_shm_open(L);
    return 1;
}
