/* SPDX-License-Identifier: MIT
 * engine/threads/threads_rt.c -- the `threads` runtime: one per interpreter.
 *
 * The main state that required `threads` owns it (threads.h); worker
 * states point back at it. Workers report job starts and ends, GIL hand-
 * overs and print() lines as events queued under rt->mu; the owner copies
 * them into its trace and output when it pumps (ll__thr_pump), which is
 * also where finished jobs settle. Kept apart from the pools so the one
 * piece of cross-thread bookkeeping (the lock, the condition the owner
 * sleeps on, the aio doorbell) reads in one place.
 */
#include "threads_int.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define THR_OWNER_MT   "looplab.threads.Runtime"
#define THR_OWNER_KEY  "looplab.threads.runtime_owner"
#define THR_MAX_GIL_EVENTS 20000

/* {==== runtime, events */

double
ll__thr_now(void)
{
    return (double)ll_mono_ns() / 1e9;
}

void
ll__thr_rt_unref(thr_rt *rt)
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

void
ll__thr_event_add(thr_rt *rt, ll_ev_kind kind, int worker,
                  const char *name, const char *what, int64_t mono)
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
        ll__thr_event_add(rt, kinds[ev], worker, "gil", "", mono);
    else if (warn)
        ll__thr_event_add(rt, LL_EV_WARN, worker, "gil",
                      "GIL events beyond 20000 are not traced", mono);
}

void
ll__thr_flush_events(thr_rt *rt)
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

void
ll__thr_notify(void *ud)
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
    ll__thr_flush_events(rt);
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
        ll_clock_realtime_in(&ts, ll_clock_s2ns(timeout_s));
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
        ll__thr_pool_stop(L, ll_container_of(n, thr_pool, node), false);
    thr_run_done_all(L, rt);
    rt->ctx = NULL;
    o->self.rt = NULL;
    ll__thr_rt_unref(rt);
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

/* }==== */
