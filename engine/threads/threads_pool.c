/* SPDX-License-Identifier: MIT
 * engine/threads/threads_pool.c -- `threads` pools: worker threads and jobs.
 *
 * Every worker thread runs its own lua_State, made with the host's sandbox
 * (ll_lua_new + ll_lua_push_env), so a job is a function and arguments
 * serialised on the owner (serial.h), loaded and run on the worker, and its
 * results serialised back. The owner learns about completions through the
 * pool's done queue, which it drains in ll__thr_pump: only then do futures
 * change state and done callbacks run, always on the owner thread (STYLE:
 * work changes owner at submit and comes back on the loop thread).
 *
 * The simulated GIL: worker states carry a count hook firing every
 * `switch interval` instructions; with the GIL on, the hook offers the lock
 * to whoever waits (ll_gil_yield). Blocking calls release it around the
 * wait (ll__thr_block_begin/end). The owner (main program) never takes the
 * GIL: it only submits, waits and collects.
 */
#include "threads_int.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

typedef struct thr_worker {
    thr_self    self;
    ll_lua_ctx  ctx;
    lua_State  *L;
    int         env_ref;
    char       *broken;          /* initializer failure */
} thr_worker;

/* {==== worker threads */

static thr_self *
thr_self_fast(lua_State *L)
{
    thr_self *s;
    lua_getfield(L, LUA_REGISTRYINDEX, THR_SELF_KEY);
    s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

static void
thr_hook(lua_State *L, lua_Debug *ar)
{
    thr_self *s = thr_self_fast(L);
    long want;
    (void)ar;
    if (s == NULL || s->pool == NULL)
        return;
    if (atomic_load(&s->pool->interrupt)) {
        lua_sethook(L, thr_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "thread interrupted: the program is exiting");
    }
    s->instr += lua_gethookcount(L);
    if (s->max_instr > 0 && s->instr > s->max_instr) {
        lua_sethook(L, thr_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "instruction limit exceeded (%I instructions)",
                   (lua_Integer)s->max_instr);
    }
    if (s->uses_gil && s->holding)
        ll_gil_yield(&s->rt->gil, s->worker);
    want = s->uses_gil ? ll_gil_interval(&s->rt->gil) : THR_CHECK_EVERY;
    if (lua_gethookcount(L) != want)
        lua_sethook(L, thr_hook, LUA_MASKCOUNT, (int)want);
}

/* print() inside a worker: the line goes to the owner's output and trace
 * with the worker's id, in the order the owner collects it. */
static int
l_thr_worker_print(lua_State *L)
{
    thr_self *s = thr_self_fast(L);
    int i, n = lua_gettop(L);
    luaL_Buffer b;

    luaL_buffinit(L, &b);
    for (i = 1; i <= n; i++) {
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    ll__thr_event_add(s->rt, LL_EV_OUTPUT, s->worker, "print",
                  lua_tostring(L, -1), ll_mono_ns());
    return 0;
}

static int
thr_pcall(lua_State *L, int nargs, int nres)
{
    /* No traceback handler: the error value crosses back as it is, like
     * an exception object; its message already says file:line. */
    return lua_pcall(L, nargs, nres, 0);
}

static void
thr_gil_enter(thr_self *s)
{
    if (s->uses_gil) {
        ll_gil_acquire(&s->rt->gil, s->worker);
        s->holding = true;
    }
}

static void
thr_gil_leave(thr_self *s)
{
    if (s->holding) {
        s->holding = false;
        ll_gil_release(&s->rt->gil, s->worker);
    }
}

/* Load blob(s) and call: stack gets the results. Returns the number of
 * results, or -1 with the error value on the stack. */
static int
thr_call_blobs(lua_State *L, int env, const ll_buf *fn, const ll_buf *args)
{
    int base = lua_gettop(L), nf = 0, na = 0;
    char *err = NULL;

    if (ll_serial_load(L, fn->data, fn->len, env, &nf, &err) != LL_OK ||
        nf != 1 ||
        ll_serial_load(L, args->data, args->len, env, &na, &err) != LL_OK) {
        lua_settop(L, base);
        lua_pushstring(L, err ? err : "malformed job");
        ll_free(err);
        return -1;
    }
    if (thr_pcall(L, na, LUA_MULTRET) != LUA_OK)
        return -1;
    return lua_gettop(L) - base;
}

static int
thr_worker_init(void *ud, int id, void **out)
{
    thr_pool *tp = ud;
    thr_worker *wk = ll_calloc(1, sizeof *wk);
    lua_State *L;
    int env;

    *out = wk;
    if (wk == NULL)
        return 0;       /* jobs on this worker fail with ENOMEM */
    wk->self.rt = tp->rt;
    wk->self.worker = id;
    wk->self.uses_gil = tp->uses_gil;
    wk->self.pool = tp;
    wk->self.max_instr = tp->max_instr;
    ll_lua_ctx_init(&wk->ctx, LL_CLOCK_VIRTUAL, 1.0, 0);
    wk->ctx.mem_limit = tp->mem_limit;
    wk->L = L = ll_lua_new(&wk->ctx);
    if (L == NULL)
        return 0;
    lua_pushlightuserdata(L, &wk->self);
    lua_setfield(L, LUA_REGISTRYINDEX, THR_SELF_KEY);
    ll_lua_push_env(L);
    env = lua_gettop(L);
    lua_pushcfunction(L, l_thr_worker_print);
    lua_setfield(L, env, "print");
    lua_pushvalue(L, env);
    wk->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    /* A count hook makes Lua take its slow path on every instruction
     * (about 2.5x slower), so free-threaded workers only get one when
     * something needs it: an instruction budget, or a daemon thread that
     * must be interruptible at exit. */
    if (tp->uses_gil)
        lua_sethook(L, thr_hook, LUA_MASKCOUNT,
                    (int)ll_gil_interval(&tp->rt->gil));
    else if (tp->max_instr > 0 || tp->daemon)
        lua_sethook(L, thr_hook, LUA_MASKCOUNT, THR_CHECK_EVERY);
    if (tp->init.len > 0) {
        /* The initializer blob holds fn and its args in one sequence. */
        char *err = NULL;
        int nv = 0;
        thr_gil_enter(&wk->self);
        if (ll_serial_load(L, tp->init.data, tp->init.len, env, &nv, &err)
            != LL_OK)
            wk->broken = err;
        else if (thr_pcall(L, nv - 1, 0) != LUA_OK)
            wk->broken = ll_lua_tostring(L, -1);
        thr_gil_leave(&wk->self);
    }
    lua_settop(L, 0);
    return 0;
}

static void
thr_worker_done(void *ud, int id, void *wstate)
{
    thr_worker *wk = wstate;
    (void)ud;
    (void)id;
    if (wk == NULL)
        return;
    ll_lua_close(wk->L);
    ll_free(wk->broken);
    ll_free(wk);
}

static void
thr_on_job(void *ud, ll_pool_work *w, bool started)
{
    thr_pool *tp = ud;
    thr_job *j = ll_container_of(w, thr_job, w);
    if (started)
        ll__thr_event_add(tp->rt, LL_EV_JOB_START, w->worker, j->f.name, "",
                      w->t_start);
    else
        ll__thr_event_add(tp->rt, LL_EV_JOB_END, w->worker, j->f.name,
                      j->failed ? "error" : "ok", w->t_end);
}

static void
thr_work(ll_pool_work *w, void *wstate)
{
    thr_job *j = ll_container_of(w, thr_job, w);
    thr_worker *wk = wstate;
    lua_State *L;
    int n;

    if (wk == NULL || wk->L == NULL) {
        j->failed = true;       /* empty out: the owner reports ENOMEM */
        return;
    }
    L = wk->L;
    thr_gil_enter(&wk->self);
    wk->self.instr = 0;
    if (wk->broken != NULL) {
        lua_pushfstring(L, "BrokenThreadPool: the initializer failed: %s",
                        wk->broken);
        n = -1;
    } else {
        lua_rawgeti(L, LUA_REGISTRYINDEX, wk->env_ref);
        n = thr_call_blobs(L, lua_gettop(L), &j->fn, &j->args);
    }
    if (n < 0) {
        j->failed = true;
        ll_serial_dump_error(L, -1, &j->out);
    } else {
        char *err = NULL;
        int rc = ll_serial_dump(L, lua_gettop(L) - n + 1, n, "result[%d]",
                                NULL, &j->out, &err);
        if (rc != LL_OK) {
            j->failed = true;
            lua_pushfstring(L, "cannot send the result back: %s",
                            err ? err : ll_strerror(rc));
            ll_free(err);
            ll_serial_dump_error(L, -1, &j->out);
        }
    }
    lua_settop(L, 0);
    thr_gil_leave(&wk->self);
}

/* }==== */

/* {==== pools and jobs (owner thread) */

thr_pool *
ll__thr_pool_new(lua_State *L, int nworkers, bool gil, const char *name)
{
    thr_self *s = ll__thr_self(L);
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    thr_pool *tp;

    if (s->worker != 0)
        luaL_error(L, "threads: start threads from the main program, not "
                      "from inside a worker thread");
    tp = ll_calloc(1, sizeof *tp);
    if (tp == NULL)
        luaL_error(L, "threads: out of memory");
    tp->rt = s->rt;
    atomic_fetch_add(&s->rt->refs, 1);
    tp->uses_gil = gil && ll_gil_enabled(&s->rt->gil);
    atomic_init(&tp->interrupt, false);
    snprintf(tp->name, sizeof tp->name, "%s", name ? name : "pool");
    ll_buf_init(&tp->init);
    tp->max_instr = ctx->max_instr;
    tp->mem_limit = ctx->mem_limit;
    ll_list_init(&tp->node);
    (void)nworkers;
    return tp;
}

void
ll__thr_pool_start(lua_State *L, thr_pool *tp, int nworkers)
{
    ll_pool_opts o;
    int rc;
    memset(&o, 0, sizeof o);
    o.nworkers = nworkers;
    o.worker_init = thr_worker_init;
    o.worker_done = thr_worker_done;
    o.notify = ll__thr_notify;
    o.on_job = thr_on_job;
    o.ud = tp;
    rc = ll_pool_new(&o, &tp->pool);
    if (rc != LL_OK)
        luaL_error(L, "threads: cannot start %d worker thread(s): %s",
                   nworkers, ll_strerror(rc));
    ll_list_push_back(&tp->rt->pools, &tp->node);
}

void
ll__thr_pool_stop(lua_State *L, thr_pool *tp, bool cancel)
{
    if (tp->pool == NULL || tp->shut)
        return;
    tp->shut = true;
    ll_pool_shutdown(tp->pool, cancel);
    tp->joined = true;
    (void)L;
}

void
ll__thr_pool_free(lua_State *L, thr_pool *tp)
{
    thr_rt *rt = tp->rt;
    if (tp->pool != NULL) {
        lua_State *saved = rt->pump_L;
        ll__thr_pool_stop(L, tp, true);
        rt->pump_L = L;
        ll_pool_run_done(tp->pool);
        rt->pump_L = saved;
        ll_list_remove(&tp->node);
        ll_pool_free(tp->pool);
        tp->pool = NULL;
    }
    ll__thr_flush_events(rt);
    ll_buf_close(&tp->init);
    ll_free(tp);
    ll__thr_rt_unref(rt);
}

void
ll__thr_job_free(thr_job *j)
{
    if (!j->loaded)
        ll_serial_discard(j->out.data, j->out.len);
    ll_buf_close(&j->fn);
    ll_buf_close(&j->args);
    ll_buf_close(&j->out);
    ll_free(j);
}

static void
thr_job_done(ll_pool_work *w, int status)
{
    thr_job *j = ll_container_of(w, thr_job, w);
    thr_rt *rt = j->tp->rt;
    lua_State *L = rt->pump_L;

    j->tp->live_jobs--;
    if (status == LL_ECANCELED) {
        j->f.state = FUT_CANCELLED;
        /* never started: its arguments never reached a worker */
        ll_serial_discard(j->fn.data, j->fn.len);
        ll_serial_discard(j->args.data, j->args.len);
        ll__thr_event_add(rt, LL_EV_JOB_END, -1, j->f.name, "cancelled",
                          w->t_end);
    } else {
        j->f.state = FUT_DONE;
    }
    LL_ASSERT(L != NULL);
    ll__thr_future_fire(L, j);
}

thr_job *
ll__thr_submit(lua_State *L, thr_pool *tp, int fn_idx, int first, int nargs,
               const char *fn_name, const char *args_name)
{
    thr_job *j;
    char *err = NULL;
    int rc;
    ll_serial_opts so = { .target = "a worker thread" };

    if (tp->shut || tp->pool == NULL)
        luaL_error(L, "cannot schedule new futures after shutdown");
    fn_idx = lua_absindex(L, fn_idx);
    first = lua_absindex(L, first);
    j = ll_calloc(1, sizeof *j);
    if (j == NULL)
        luaL_error(L, "threads: out of memory");
    ll_buf_init(&j->fn);
    ll_buf_init(&j->args);
    ll_buf_init(&j->out);
    rc = ll_serial_dump(L, fn_idx, 1, fn_name, &so, &j->fn, &err);
    if (rc == LL_OK)
        rc = ll_serial_dump(L, first, nargs, args_name, &so, &j->args, &err);
    if (rc != LL_OK) {
        lua_pushstring(L, err ? err : ll_strerror(rc));
        ll_free(err);
        ll__thr_job_free(j);
        lua_error(L);
    }
    j->tp = tp;
    j->id = ++tp->rt->next_job;
    snprintf(j->f.name, sizeof j->f.name, "%s#%u", tp->name,
             (unsigned)j->id);
    j->w.work = thr_work;
    j->w.done = thr_job_done;
    ll__futures_push(L, &ll__thr_future_class, &j->f);
    rc = ll_pool_submit(tp->pool, &j->w);
    if (rc != LL_OK) {
        ll__futures_unsubmit(L, &j->f);
        luaL_error(L, "cannot submit: %s", ll_strerror(rc));
    }
    tp->live_jobs++;
    if (tp->rt->ctx && tp->rt->ctx->trace)
        ll_trace_add(tp->rt->ctx->trace,
                     (double)ll_clock_now(&tp->rt->ctx->clock) / 1e9,
                     LL_EV_JOB_SUBMIT, 0, -1, j->f.name, tp->name);
    return j;
}

/* }==== */
