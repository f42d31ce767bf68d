/* SPDX-License-Identifier: MIT
 * engine/lua/mod_threads.c -- `threads`: Thread, ThreadPoolExecutor, futures.
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
#include "threads.h"

#include <lauxlib.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host.h"
#include "serial.h"

#define THR_SELF_KEY   "looplab.threads.self"
#define THR_OWNER_MT   "looplab.threads.Runtime"
#define THR_OWNER_KEY  "looplab.threads.runtime_owner"
#define THR_FUTURE_MT  "looplab.threads.Future"
#define THR_POOL_MT    "looplab.threads.ThreadPoolExecutor"
#define THR_THREAD_MT  "looplab.threads.Thread"
#define THR_MAX_GIL_EVENTS 20000
#define THR_CHECK_EVERY 10000   /* hook interval without the GIL */

typedef struct thr_event {
    int64_t    mono;
    ll_ev_kind kind;
    int        worker;
    char      *name;
    char      *what;
} thr_event;

struct thr_rt {
    atomic_int      refs;
    ll_gil          gil;
    pthread_mutex_t mu;          /* events, done_seq, wakeup */
    pthread_cond_t  cv;          /* owner: done_seq moved */
    uint64_t        done_seq;
    thr_event      *ev;
    size_t          nev, capev;
    size_t          ngil;        /* GIL events recorded */
    void          (*wakeup)(void *);
    void           *wakeup_ud;
    /* owner thread only */
    ll_list_node    pools;
    ll_lua_ctx     *ctx;
    lua_State      *pump_L;
    uint32_t        next_job;
    unsigned        next_thread;  /* Thread-N names */
    bool            closing;
    bool            gil_default;
};

typedef struct thr_pool {
    ll_pool      *pool;
    thr_rt       *rt;
    ll_list_node  node;          /* in rt->pools (owner) */
    bool          uses_gil;
    bool          daemon;
    bool          shut;          /* takes no more work */
    bool          joined;        /* its threads are gone */
    atomic_bool   interrupt;
    char          name[64];
    ll_buf        init;          /* initializer blob: fn, args... */
    long          max_instr;
    size_t        mem_limit;
    size_t        live_jobs;     /* owner */
} thr_pool;

typedef struct thr_worker {
    thr_self    self;
    ll_lua_ctx  ctx;
    lua_State  *L;
    int         env_ref;
    char       *broken;          /* initializer failure */
} thr_worker;

enum { F_PENDING, F_DONE, F_CANCELLED };

typedef struct thr_job {
    ll_pool_work w;
    thr_pool    *tp;
    uint32_t     id;
    char         name[96];
    ll_buf       fn, args, out;
    bool         failed;         /* out holds an error value */
    bool         loaded;         /* out was loaded (handles consumed) */
    bool         thread_job;     /* a Thread: report uncaught errors */
    bool         orphan;         /* its Future was collected (at close) */
    int          fstate;
    int          anchor;         /* registry ref to the Future userdata */
    int          callbacks;      /* registry ref to a table, or LUA_NOREF */
} thr_job;

typedef struct thr_future {
    thr_job *job;
} thr_future;

/* {==== runtime, events */

double
ll__thr_now(void)
{
    return (double)ll_mono_ns() / 1e9;
}

static void
thr_rt_unref(thr_rt *rt)
{
    size_t i;
    if (atomic_fetch_sub(&rt->refs, 1) != 1)
        return;
    for (i = 0; i < rt->nev; i++) {
        ll_free(rt->ev[i].name);
        ll_free(rt->ev[i].what);
    }
    ll_free(rt->ev);
    ll_gil_close(&rt->gil);
    pthread_cond_destroy(&rt->cv);
    pthread_mutex_destroy(&rt->mu);
    ll_free(rt);
}

/* Any thread. Strings are copied. */
static void
thr_event_add(thr_rt *rt, ll_ev_kind kind, int worker, const char *name,
              const char *what, int64_t mono)
{
    thr_event *e;
    pthread_mutex_lock(&rt->mu);
    if (rt->nev == rt->capev) {
        size_t nc = rt->capev ? rt->capev * 2 : 64;
        thr_event *n = ll_realloc(rt->ev, nc * sizeof *n);
        if (n == NULL) {
            pthread_mutex_unlock(&rt->mu);
            return;
        }
        rt->ev = n;
        rt->capev = nc;
    }
    e = &rt->ev[rt->nev++];
    e->mono = mono;
    e->kind = kind;
    e->worker = worker;
    e->name = ll_strdup(name ? name : "");
    e->what = ll_strdup(what ? what : "");
    pthread_mutex_unlock(&rt->mu);
}

static void
thr_gil_event(void *ud, int worker, ll_gil_ev ev, int64_t mono)
{
    thr_rt *rt = ud;
    bool record, warn = false;
    static const ll_ev_kind kinds[] = { LL_EV_GIL_WAIT, LL_EV_GIL_HOLD,
                                        LL_EV_GIL_DROP };
    pthread_mutex_lock(&rt->mu);
    record = rt->ngil < THR_MAX_GIL_EVENTS;
    warn = rt->ngil == THR_MAX_GIL_EVENTS;
    rt->ngil++;
    pthread_mutex_unlock(&rt->mu);
    if (record)
        thr_event_add(rt, kinds[ev], worker, "gil", "", mono);
    else if (warn)
        thr_event_add(rt, LL_EV_WARN, worker, "gil",
                      "GIL events beyond 20000 are not traced", mono);
}

/* Owner: copy worker events into the trace and the output. */
static void
thr_flush_events(thr_rt *rt)
{
    thr_event *ev;
    size_t n, i;
    ll_lua_ctx *ctx = rt->ctx;
    double now;

    pthread_mutex_lock(&rt->mu);
    ev = rt->ev;
    n = rt->nev;
    rt->ev = NULL;
    rt->nev = rt->capev = 0;
    pthread_mutex_unlock(&rt->mu);
    now = ctx ? (double)ll_clock_now(&ctx->clock) / 1e9 : 0;
    for (i = 0; i < n; i++) {
        thr_event *e = &ev[i];
        if (ctx != NULL && e->kind == LL_EV_OUTPUT) {
            if (ctx->out != NULL) {
                ll_buf_adds(ctx->out, e->what);
                ll_buf_add(ctx->out, "\n", 1);
            }
            if (ctx->echo) {
                fputs(e->what, stdout);
                fputc('\n', stdout);
                fflush(stdout);
            }
        }
        if (ctx != NULL && ctx->trace != NULL)
            ll_trace_add_at(ctx->trace, now, e->mono, e->kind, 0, e->worker,
                            e->name, e->what);
        ll_free(e->name);
        ll_free(e->what);
    }
    ll_free(ev);
}

static void
thr_notify(void *ud)
{
    thr_pool *tp = ud;
    thr_rt *rt = tp->rt;
    void (*wake)(void *);
    void *wud;
    pthread_mutex_lock(&rt->mu);
    rt->done_seq++;
    wake = rt->wakeup;
    wud = rt->wakeup_ud;
    pthread_cond_broadcast(&rt->cv);
    /* Under the lock: once the owner clears the hook (its loop is about to
     * go away) no late completion may still ring it. */
    if (wake != NULL)
        wake(wud);
    pthread_mutex_unlock(&rt->mu);
}

void
ll__thr_set_wakeup(lua_State *L, void (*fn)(void *), void *ud)
{
    thr_rt *rt = ll__thr_self(L)->rt;
    pthread_mutex_lock(&rt->mu);
    rt->wakeup = fn;
    rt->wakeup_ud = ud;
    pthread_mutex_unlock(&rt->mu);
}

static int
thr_run_done_all(lua_State *L, thr_rt *rt)
{
    ll_list_node *n, *next;
    int count = 0;
    lua_State *saved = rt->pump_L;

    rt->pump_L = L;
    for (n = rt->pools.next; n != &rt->pools; n = next) {
        thr_pool *tp = ll_container_of(n, thr_pool, node);
        next = n->next;   /* a done callback may not free pools, but be safe */
        count += ll_pool_run_done(tp->pool);
    }
    rt->pump_L = saved;
    thr_flush_events(rt);
    return count;
}

bool
ll__thr_pump(lua_State *L, double timeout_s)
{
    thr_self *s = ll__thr_self(L);
    thr_rt *rt = s->rt;
    uint64_t seq;

    if (s->worker != 0)
        luaL_error(L, "threads: futures can only be waited on by the main "
                      "program, not inside a worker");
    pthread_mutex_lock(&rt->mu);
    seq = rt->done_seq;
    pthread_mutex_unlock(&rt->mu);
    if (thr_run_done_all(L, rt) > 0)
        return true;
    if (timeout_s == 0)
        return false;
    pthread_mutex_lock(&rt->mu);
    if (timeout_s < 0) {
        while (rt->done_seq == seq)
            pthread_cond_wait(&rt->cv, &rt->mu);
    } else {
        struct timespec ts;
        int64_t ns = ll_clock_s2ns(timeout_s);
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += (time_t)(ns / LL_NS_PER_S);
        ts.tv_nsec += (long)(ns % LL_NS_PER_S);
        if (ts.tv_nsec >= LL_NS_PER_S) {
            ts.tv_sec++;
            ts.tv_nsec -= LL_NS_PER_S;
        }
        while (rt->done_seq == seq)
            if (pthread_cond_timedwait(&rt->cv, &rt->mu, &ts) != 0)
                break;
    }
    pthread_mutex_unlock(&rt->mu);
    return thr_run_done_all(L, rt) > 0;
}

/* }==== */

/* {==== self, GIL, hook */

typedef struct thr_owner {
    thr_self self;
} thr_owner;

static void thr_pool_stop(lua_State *L, thr_pool *tp, bool wait);

static int
l_thr_owner_gc(lua_State *L)
{
    thr_owner *o = luaL_checkudata(L, 1, THR_OWNER_MT);
    thr_rt *rt = o->self.rt;
    ll_list_node *n;

    if (rt == NULL)
        return 0;
    /* Interpreter exit: daemon threads are interrupted, the others (and
     * executors) are waited for, as CPython's threading._shutdown does. */
    rt->closing = true;
    for (n = rt->pools.next; n != &rt->pools; n = n->next) {
        thr_pool *tp = ll_container_of(n, thr_pool, node);
        if (tp->daemon)
            atomic_store(&tp->interrupt, true);
    }
    for (n = rt->pools.next; n != &rt->pools; n = n->next)
        thr_pool_stop(L, ll_container_of(n, thr_pool, node), false);
    thr_run_done_all(L, rt);
    rt->ctx = NULL;
    o->self.rt = NULL;
    thr_rt_unref(rt);
    return 0;
}

thr_self *
ll__thr_self(lua_State *L)
{
    thr_self *s;
    thr_owner *o;
    thr_rt *rt;

    if (lua_getfield(L, LUA_REGISTRYINDEX, THR_SELF_KEY) == LUA_TLIGHTUSERDATA) {
        s = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return s;
    }
    lua_pop(L, 1);
    rt = ll_calloc(1, sizeof *rt);
    if (rt == NULL)
        luaL_error(L, "threads: out of memory");
    atomic_init(&rt->refs, 1);
    ll_gil_init(&rt->gil, true, 0);
    rt->gil.on_event = thr_gil_event;
    rt->gil.ud = rt;
    rt->gil_default = true;
    pthread_mutex_init(&rt->mu, NULL);
    pthread_cond_init(&rt->cv, NULL);
    ll_list_init(&rt->pools);
    rt->ctx = ll_lua_ctx_of(L);
    o = lua_newuserdatauv(L, sizeof *o, 0);
    memset(o, 0, sizeof *o);
    o->self.rt = rt;
    if (luaL_newmetatable(L, THR_OWNER_MT)) {
        lua_pushcfunction(L, l_thr_owner_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    /* not THR_OWNER_MT: that registry slot holds the metatable */
    lua_setfield(L, LUA_REGISTRYINDEX, THR_OWNER_KEY);
    lua_pushlightuserdata(L, &o->self);
    lua_setfield(L, LUA_REGISTRYINDEX, THR_SELF_KEY);
    return &o->self;
}

void
ll__thr_block_begin(thr_self *s)
{
    if (s->holding) {
        s->holding = false;
        ll_gil_release(&s->rt->gil, s->worker);
    }
}

void
ll__thr_block_end(thr_self *s)
{
    if (s->uses_gil && !s->holding) {
        ll_gil_acquire(&s->rt->gil, s->worker);
        s->holding = true;
    }
}

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

/* }==== */

/* {==== worker threads */

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
    thr_event_add(s->rt, LL_EV_OUTPUT, s->worker, "print",
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
        thr_event_add(tp->rt, LL_EV_JOB_START, w->worker, j->name, "",
                      w->t_start);
    else
        thr_event_add(tp->rt, LL_EV_JOB_END, w->worker, j->name,
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

static thr_pool *
thr_pool_new(lua_State *L, int nworkers, bool gil, const char *name)
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

static void
thr_pool_start(lua_State *L, thr_pool *tp, int nworkers)
{
    ll_pool_opts o;
    int rc;
    memset(&o, 0, sizeof o);
    o.nworkers = nworkers;
    o.worker_init = thr_worker_init;
    o.worker_done = thr_worker_done;
    o.notify = thr_notify;
    o.on_job = thr_on_job;
    o.ud = tp;
    rc = ll_pool_new(&o, &tp->pool);
    if (rc != LL_OK)
        luaL_error(L, "threads: cannot start %d worker thread(s): %s",
                   nworkers, ll_strerror(rc));
    ll_list_push_back(&tp->rt->pools, &tp->node);
}

static void
thr_pool_stop(lua_State *L, thr_pool *tp, bool cancel)
{
    if (tp->pool == NULL || tp->shut)
        return;
    tp->shut = true;
    ll_pool_shutdown(tp->pool, cancel);
    tp->joined = true;
    (void)L;
}

/* Free a pool: stop and join it, run what is left, unlink. */
static void
thr_pool_free(lua_State *L, thr_pool *tp)
{
    thr_rt *rt = tp->rt;
    if (tp->pool != NULL) {
        lua_State *saved = rt->pump_L;
        thr_pool_stop(L, tp, true);
        rt->pump_L = L;
        ll_pool_run_done(tp->pool);
        rt->pump_L = saved;
        ll_list_remove(&tp->node);
        ll_pool_free(tp->pool);
        tp->pool = NULL;
    }
    thr_flush_events(rt);
    ll_buf_close(&tp->init);
    ll_free(tp);
    thr_rt_unref(rt);
}

static void
thr_job_free(thr_job *j)
{
    if (!j->loaded)
        ll_serial_discard(j->out.data, j->out.len);
    ll_buf_close(&j->fn);
    ll_buf_close(&j->args);
    ll_buf_close(&j->out);
    ll_free(j);
}

static void thr_future_fire(lua_State *L, thr_job *j);

static void
thr_job_done(ll_pool_work *w, int status)
{
    thr_job *j = ll_container_of(w, thr_job, w);
    thr_rt *rt = j->tp->rt;
    lua_State *L = rt->pump_L;

    j->tp->live_jobs--;
    if (status == LL_ECANCELED) {
        j->fstate = F_CANCELLED;
        /* never started: its arguments never reached a worker */
        ll_serial_discard(j->fn.data, j->fn.len);
        ll_serial_discard(j->args.data, j->args.len);
        thr_event_add(rt, LL_EV_JOB_END, -1, j->name, "cancelled", w->t_end);
    } else {
        j->fstate = F_DONE;
    }
    LL_ASSERT(L != NULL);
    if (j->orphan) {
        luaL_unref(L, LUA_REGISTRYINDEX, j->callbacks);
        luaL_unref(L, LUA_REGISTRYINDEX, j->anchor);
        thr_job_free(j);
        return;
    }
    thr_future_fire(L, j);
}

/* Serialise fn + args (stack [fn_idx], [first, first+nargs)) into a new
 * job and submit it; push its Future. Raises with the serialiser's
 * message when something cannot be sent. */
static thr_job *
thr_submit(lua_State *L, thr_pool *tp, int fn_idx, int first, int nargs,
           const char *fn_name, const char *args_name)
{
    thr_job *j;
    thr_future *f;
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
        thr_job_free(j);
        lua_error(L);
    }
    j->tp = tp;
    j->id = ++tp->rt->next_job;
    snprintf(j->name, sizeof j->name, "%s#%u", tp->name, (unsigned)j->id);
    j->w.work = thr_work;
    j->w.done = thr_job_done;
    j->callbacks = LUA_NOREF;
    f = lua_newuserdatauv(L, sizeof *f, 1);
    f->job = j;
    luaL_setmetatable(L, THR_FUTURE_MT);
    lua_pushvalue(L, -1);
    j->anchor = luaL_ref(L, LUA_REGISTRYINDEX);
    rc = ll_pool_submit(tp->pool, &j->w);
    if (rc != LL_OK) {
        luaL_unref(L, LUA_REGISTRYINDEX, j->anchor);
        j->anchor = LUA_NOREF;
        j->fstate = F_CANCELLED;
        luaL_error(L, "cannot submit: %s", ll_strerror(rc));
    }
    tp->live_jobs++;
    if (tp->rt->ctx && tp->rt->ctx->trace)
        ll_trace_add(tp->rt->ctx->trace,
                     (double)ll_clock_now(&tp->rt->ctx->clock) / 1e9,
                     LL_EV_JOB_SUBMIT, 0, -1, j->name, tp->name);
    return j;
}

/* }==== */

/* {==== Future */

static thr_future *
thr_check_future(lua_State *L, int idx)
{
    thr_future *f = luaL_checkudata(L, idx, THR_FUTURE_MT);
    if (f->job == NULL)
        luaL_argerror(L, idx, "future is gone");
    return f;
}

static int
l_thr_future_gc(lua_State *L)
{
    thr_future *f = luaL_checkudata(L, 1, THR_FUTURE_MT);
    /* Pending futures are anchored in the registry, so by now the job is
     * out of the pool. */
    if (f->job != NULL) {
        /* At lua_close every finaliser runs, anchored or not: a job still
         * in its pool is freed by its done callback instead. */
        if (f->job->fstate == F_PENDING)
            f->job->orphan = true;
        else
            thr_job_free(f->job);
    }
    f->job = NULL;
    return 0;
}

/* Run the done callbacks and drop the anchor (owner thread). */
static void
thr_future_fire(lua_State *L, thr_job *j)
{
    thr_rt *rt = j->tp->rt;
    int top = lua_gettop(L);
    if (j->callbacks != LUA_NOREF && !rt->closing) {
        lua_Integer i, n;
        lua_rawgeti(L, LUA_REGISTRYINDEX, j->callbacks);
        n = (lua_Integer)lua_rawlen(L, -1);
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, top + 1, i);
            lua_rawgeti(L, LUA_REGISTRYINDEX, j->anchor);
            if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
                /* concurrent.futures logs and carries on */
                char *m = ll_lua_tostring(L, -1);
                lua_pop(L, 1);
                thr_event_add(rt, LL_EV_OUTPUT, -1, "callback", m, ll_mono_ns());
                ll_free(m);
                (void)0;
            }
        }
    }
    if (j->thread_job && j->fstate == F_DONE && j->failed && !rt->closing) {
        char *err = NULL;
        int nv;
        if (ll_serial_load(L, j->out.data, j->out.len, 0, &nv, &err) == LL_OK
            && nv == 1) {
            char *m = ll_lua_tostring(L, -1);
            char *line = ll_asprintf("Exception in thread %s: %s",
                                     j->tp->name, m ? m : "?");
            thr_event_add(rt, LL_EV_OUTPUT, j->w.worker, j->tp->name, line,
                          ll_mono_ns());
            ll_free(line);
            ll_free(m);
            /* keep the value for join()/result() callers */
            lua_rawgeti(L, LUA_REGISTRYINDEX, j->anchor);
            lua_newtable(L);
            lua_pushvalue(L, -3);
            lua_rawseti(L, -2, 1);
            lua_pushinteger(L, 1);
            lua_setfield(L, -2, "n");
            lua_setiuservalue(L, -2, 1);
            j->loaded = true;
        }
        ll_free(err);
    }
    lua_settop(L, top);
    luaL_unref(L, LUA_REGISTRYINDEX, j->callbacks);
    j->callbacks = LUA_NOREF;
    luaL_unref(L, LUA_REGISTRYINDEX, j->anchor);
    j->anchor = LUA_NOREF;
}

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

/* Wait (pumping) until j is done or the timeout passes. */
static bool
thr_wait_job(lua_State *L, thr_job *j, double timeout)
{
    double deadline = timeout >= 0 ? ll__thr_now() + timeout : -1;
    while (j->fstate == F_PENDING) {
        double left = -1;
        if (deadline >= 0) {
            left = deadline - ll__thr_now();
            if (left <= 0)
                return ll__thr_pump(L, 0) || j->fstate != F_PENDING;
        }
        ll__thr_pump(L, left);
    }
    return true;
}

static double
thr_opt_timeout(lua_State *L, int idx)
{
    double t;
    if (lua_isnoneornil(L, idx))
        return -1;
    t = luaL_checknumber(L, idx);
    luaL_argcheck(L, t >= 0, idx, "timeout must be >= 0");
    return t;
}

static int
l_thr_future_result(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    double timeout = thr_opt_timeout(L, 2);
    int n, i;

    if (!thr_wait_job(L, f->job, timeout))
        return luaL_error(L, "TimeoutError: the future is not done after %f s",
                          timeout);
    if (f->job->fstate == F_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    thr_future_values(L, 1, f->job);
    lua_getfield(L, -1, "n");
    n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (f->job->failed) {
        lua_rawgeti(L, -1, 1);
        return lua_error(L);
    }
    luaL_checkstack(L, n, "result");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);
    return n;
}

static int
l_thr_future_exception(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    double timeout = thr_opt_timeout(L, 2);
    if (!thr_wait_job(L, f->job, timeout))
        return luaL_error(L, "TimeoutError: the future is not done after %f s",
                          timeout);
    if (f->job->fstate == F_CANCELLED)
        return luaL_error(L, "CancelledError: the future was cancelled");
    if (!f->job->failed) {
        lua_pushnil(L);
        return 1;
    }
    thr_future_values(L, 1, f->job);
    lua_rawgeti(L, -1, 1);
    return 1;
}

static int
l_thr_future_done(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    ll__thr_pump(L, 0);
    lua_pushboolean(L, f->job->fstate != F_PENDING);
    return 1;
}

static int
l_thr_future_running(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    thr_job *j = f->job;
    ll__thr_pump(L, 0);
    lua_pushboolean(L, j->fstate == F_PENDING && j->tp->pool != NULL &&
                       ll_pool_work_state(j->tp->pool, &j->w) != LL_POOL_QUEUED);
    return 1;
}

static int
l_thr_future_cancelled(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    lua_pushboolean(L, f->job->fstate == F_CANCELLED);
    return 1;
}

static int
l_thr_future_cancel(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    thr_job *j = f->job;
    if (j->fstate == F_CANCELLED) {
        lua_pushboolean(L, 1);
        return 1;
    }
    if (j->fstate != F_PENDING || j->tp->pool == NULL ||
        ll_pool_cancel(j->tp->pool, &j->w) != LL_OK) {
        lua_pushboolean(L, 0);
        return 1;
    }
    ll__thr_pump(L, 0);      /* runs its done: state, callbacks */
    lua_pushboolean(L, 1);
    return 1;
}

static int
l_thr_future_add_done_callback(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    thr_job *j = f->job;
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

static int
l_thr_future_tostring(lua_State *L)
{
    thr_future *f = luaL_checkudata(L, 1, THR_FUTURE_MT);
    const char *st = "gone";
    if (f->job != NULL)
        st = f->job->fstate == F_CANCELLED ? "cancelled"
           : f->job->fstate == F_DONE ? (f->job->failed ? "raised" : "finished")
           : "pending";
    lua_pushfstring(L, "Future(%s %s)", f->job ? f->job->name : "?", st);
    return 1;
}

static int
l_thr_future_worker(lua_State *L)
{
    thr_future *f = thr_check_future(L, 1);
    if (f->job->fstate != F_DONE)
        return 0;
    lua_pushinteger(L, f->job->w.worker);
    lua_pushnumber(L, (double)f->job->w.t_start / 1e9);
    lua_pushnumber(L, (double)f->job->w.t_end / 1e9);
    return 3;
}

/* }==== */

/* {==== waiting on many futures */

static thr_job *
thr_job_at(lua_State *L, int t, lua_Integer i)
{
    thr_future *f;
    lua_rawgeti(L, t, i);
    f = luaL_testudata(L, -1, THR_FUTURE_MT);
    lua_pop(L, 1);
    if (f == NULL || f->job == NULL)
        luaL_error(L, "futures[%d] is not a threads future", (int)i);
    return f->job;
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
            if (j->fstate != F_PENDING) {
                ndone++;
                failed |= j->fstate == F_DONE && j->failed;
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
        int t = j->fstate != F_PENDING ? -2 : -1;
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
            if (j->fstate == F_PENDING) {
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
    double timeout = thr_opt_timeout(L, 2);
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
        if (lua_getfield(L, 1, "initializer") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TFUNCTION);
            init = lua_gettop(L);
        }
        if (lua_getfield(L, 1, "initargs") != LUA_TNIL) {
            luaL_checktype(L, -1, LUA_TTABLE);
            initargs = lua_gettop(L);
        }
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
    tp = thr_pool_new(L, nworkers, gil, name);
    e = lua_newuserdatauv(L, sizeof *e, 0);
    e->tp = tp;
    luaL_setmetatable(L, THR_POOL_MT);
    if (init != 0) {
        int top = lua_gettop(L), n = 0, i, rc;
        char *err = NULL;
        ll_serial_opts so = { .target = "a worker thread" };
        lua_pushvalue(L, init);
        if (initargs != 0) {
            n = (int)lua_rawlen(L, initargs);
            luaL_checkstack(L, n, "initargs");
            for (i = 1; i <= n; i++)
                lua_rawgeti(L, initargs, i);
        }
        rc = ll_serial_dump(L, top + 1, n + 1, "initializer", &so, &tp->init,
                            &err);
        lua_settop(L, top);
        if (rc != LL_OK) {
            lua_pushstring(L, err ? err : ll_strerror(rc));
            ll_free(err);
            return lua_error(L);   /* e's __gc frees tp */
        }
    }
    thr_pool_start(L, tp, nworkers);
    return 1;
}

static int
l_thr_exec_gc(lua_State *L)
{
    thr_exec *e = luaL_checkudata(L, 1, THR_POOL_MT);
    if (e->tp != NULL)
        thr_pool_free(L, e->tp);
    e->tp = NULL;
    return 0;
}

static int
l_thr_exec_submit(lua_State *L)
{
    thr_exec *e = thr_check_exec(L, 1);
    luaL_checkany(L, 2);
    thr_submit(L, e->tp, 2, 3, lua_gettop(L) - 2, "fn", "args[%d]");
    return 1;
}

/* map iterator: upvalues futures table, next index */
static int
l_thr_map_next(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(2));
    int n;
    lua_settop(L, 0);
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
        return 0;
    lua_pushinteger(L, i + 1);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushcfunction(L, l_thr_future_result);
    lua_insert(L, -2);
    lua_call(L, 1, LUA_MULTRET);
    n = lua_gettop(L);
    lua_pushinteger(L, i);
    lua_insert(L, 1);
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
        thr_submit(L, e->tp, 2, base + 1, nlists, "fn", root);
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
        thr_pool_stop(L, e->tp, true);
    } else if (wait) {
        thr_pool_stop(L, e->tp, false);
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
    int st;
    thr_check_exec(L, 1);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 1);
    st = lua_pcall(L, 1, LUA_MULTRET, 0);
    lua_pushcfunction(L, l_thr_exec_shutdown);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 0);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 2;
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
    int top = lua_gettop(L), i;

    t = lua_newuserdatauv(L, sizeof *t, 4);
    memset(t, 0, sizeof *t);
    t->gil = s->rt->gil_default;
    luaL_setmetatable(L, THR_THREAD_MT);
    if (lua_istable(L, 1)) {
        if (lua_getfield(L, 1, "target") != LUA_TFUNCTION)
            return luaL_error(L, "Thread: 'target' must be a function");
        lua_setiuservalue(L, top + 1, 1);
        if (lua_getfield(L, 1, "args") == LUA_TNIL) {
            lua_pop(L, 1);
            lua_newtable(L);
        } else {
            luaL_checktype(L, -1, LUA_TTABLE);
        }
        lua_setiuservalue(L, top + 1, 2);
        if (lua_getfield(L, 1, "name") == LUA_TNIL)
            lua_pop(L, 1);
        else
            lua_setiuservalue(L, top + 1, 3);
        lua_getfield(L, 1, "daemon");
        t->daemon = lua_toboolean(L, -1);
        if (lua_getfield(L, 1, "gil") != LUA_TNIL)
            t->gil = lua_toboolean(L, -1);
        lua_pop(L, 2);
    } else {
        luaL_checktype(L, 1, LUA_TFUNCTION);
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
    thr_future *f;
    int n, i;
    const char *name;

    if (t->started)
        return luaL_error(L, "RuntimeError: threads can only be started once");
    lua_getiuservalue(L, 1, 3);
    name = lua_tostring(L, -1);
    t->tp = thr_pool_new(L, 1, t->gil, name);
    t->tp->daemon = t->daemon;
    t->started = true;
    lua_getiuservalue(L, 1, 1);                  /* stack: t, name, fn */
    lua_getiuservalue(L, 1, 2);
    n = (int)lua_rawlen(L, -1);
    luaL_checkstack(L, n + 4, "Thread args");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, 4, i);
    lua_remove(L, 4);                            /* stack: t, name, fn, args... */
    thr_pool_start(L, t->tp, 1);
    t->job = thr_submit(L, t->tp, 3, 4, n, "target", "args[%d]");
    t->job->thread_job = true;
    f = lua_touserdata(L, -1);
    (void)f;
    lua_setiuservalue(L, 1, 4);
    return 0;
}

static int
l_thr_thread_join(lua_State *L)
{
    thr_thread *t = thr_check_thread(L, 1);
    double timeout = thr_opt_timeout(L, 2);
    bool done;
    if (!t->started)
        return luaL_error(L, "RuntimeError: cannot join thread before it is "
                             "started");
    done = thr_wait_job(L, t->job, timeout);
    if (done && t->tp != NULL) {
        /* finished: join the pthread now rather than at collection */
        thr_pool_free(L, t->tp);
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
                       t->job->fstate == F_PENDING);
    return 1;
}

static int
l_thr_thread_gc(lua_State *L)
{
    thr_thread *t = luaL_checkudata(L, 1, THR_THREAD_MT);
    if (t->tp != NULL) {
        if (t->daemon)
            atomic_store(&t->tp->interrupt, true);
        thr_pool_free(L, t->tp);
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
            else if (t->job != NULL && t->job->fstate == F_DONE)
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
    static const luaL_Reg future_m[] = {
        {"result", l_thr_future_result}, {"exception", l_thr_future_exception},
        {"done", l_thr_future_done}, {"running", l_thr_future_running},
        {"cancelled", l_thr_future_cancelled}, {"cancel", l_thr_future_cancel},
        {"add_done_callback", l_thr_future_add_done_callback},
        {"worker", l_thr_future_worker}, {NULL, NULL}
    };
    static const luaL_Reg future_mm[] = {
        {"__gc", l_thr_future_gc}, {"__tostring", l_thr_future_tostring},
        {NULL, NULL}
    };
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
        {"wait", l_thr_wait}, {"as_completed", l_thr_as_completed},
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
    ll_lua_newclass(L, THR_FUTURE_MT, future_m, future_mm);
    ll_lua_newclass(L, THR_POOL_MT, exec_m, exec_mm);
    ll_lua_newclass(L, THR_THREAD_MT, thread_m, thread_mm);
    luaL_newlib(L, funcs);
    ll__thr_sync_open(L);
    lua_pushliteral(L, "ALL_COMPLETED");
    lua_setfield(L, -2, "ALL_COMPLETED");
    lua_pushliteral(L, "FIRST_COMPLETED");
    lua_setfield(L, -2, "FIRST_COMPLETED");
    lua_pushliteral(L, "FIRST_EXCEPTION");
    lua_setfield(L, -2, "FIRST_EXCEPTION");
    return 1;
}
