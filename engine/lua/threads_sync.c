/* SPDX-License-Identifier: MIT
 * engine/lua/threads_sync.c -- threads.Lock, RLock, Condition, Semaphore,
 * BoundedSemaphore, Event, Barrier, local, and the shared Value/Dict/List.
 *
 * Each object is a refcounted C struct; a Lua userdata holds one reference.
 * They are the only things that cross to worker states by reference (their
 * metatables carry a __ll_send class, serial.h): a Lock sent to four
 * workers is one lock. Every blocking wait releases the simulated GIL
 * (ll__thr_block_begin/end), as CPython releases it around a lock wait.
 *
 * The shared Value/Dict/List make races visible on purpose: every single
 * call is atomic, but `v:set(v:get() + 1)` is a read, a switch point, and
 * a write, so concurrent increments get lost unless a Lock is held.
 */
#include "threads.h"

#include <errno.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "host.h"
#include "serial.h"

enum sync_kind {
    K_LOCK, K_COND, K_SEM, K_EVENT, K_BARRIER, K_VALUE, K_DICT, K_LIST,
    K_LOCAL, K__COUNT
};

static const char *const sync_mt[K__COUNT] = {
    "looplab.threads.Lock", "looplab.threads.Condition",
    "looplab.threads.Semaphore", "looplab.threads.Event",
    "looplab.threads.Barrier", "looplab.threads.Value",
    "looplab.threads.Dict", "looplab.threads.List", "looplab.threads.local"
};

typedef struct sync_obj {
    atomic_int      refs;
    enum sync_kind  kind;
    uint64_t        seq;
    pthread_mutex_t mu;
    pthread_cond_t  cv;
} sync_obj;

typedef struct sync_ud {
    sync_obj *o;
} sync_ud;

typedef struct sync_lock {
    sync_obj h;
    bool     recursive;
    int      owner;       /* worker id of the holder (0 = main program) */
    long     count;
} sync_lock;

typedef struct sync_cond {
    sync_obj   h;
    sync_lock *lock;      /* its mutex guards the condition too */
} sync_cond;

typedef struct sync_sem {
    sync_obj h;
    long     value;
    long     bound;       /* -1: unbounded */
} sync_sem;

typedef struct sync_event {
    sync_obj h;
    bool     flag;
} sync_event;

typedef struct sync_barrier {
    sync_obj h;
    int      parties, count;
    uint64_t generation;
    bool     broken;
} sync_barrier;

typedef struct sync_value {
    sync_obj    h;
    bool        is_int;
    lua_Integer i;
    lua_Number  d;
} sync_value;

typedef struct sync_item {
    char   *key;          /* "s<string>" or "i<integer>" */
    ll_buf  val;          /* serialised value */
} sync_item;

typedef struct sync_coll {
    sync_obj   h;
    sync_item *items;
    size_t     n, cap;
} sync_coll;

static atomic_ullong sync_next_seq = 1;

/* {==== objects and classes */

static void
sync_release(void *p)
{
    sync_obj *o = p;
    size_t i;
    if (atomic_fetch_sub(&o->refs, 1) != 1)
        return;
    if (o->kind == K_COND)
        sync_release(((sync_cond *)o)->lock);
    if (o->kind == K_DICT || o->kind == K_LIST) {
        sync_coll *c = (sync_coll *)o;
        for (i = 0; i < c->n; i++) {
            ll_free(c->items[i].key);
            ll_buf_close(&c->items[i].val);
        }
        ll_free(c->items);
    }
    pthread_cond_destroy(&o->cv);
    pthread_mutex_destroy(&o->mu);
    ll_free(o);
}

static sync_obj *
sync_new(lua_State *L, enum sync_kind kind, size_t size)
{
    sync_obj *o = ll_calloc(1, size);
    if (o == NULL)
        luaL_error(L, "threads: out of memory");
    atomic_init(&o->refs, 1);
    o->kind = kind;
    o->seq = atomic_fetch_add(&sync_next_seq, 1);
    pthread_mutex_init(&o->mu, NULL);
    pthread_cond_init(&o->cv, NULL);
    return o;
}

static void sync_push_meta(lua_State *L, enum sync_kind kind);

/* Push a userdata holding o (takes over one reference). */
static void
sync_push(lua_State *L, sync_obj *o)
{
    sync_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->o = o;
    sync_push_meta(L, o->kind);
    lua_setmetatable(L, -2);
}

static void *
sync_retain(lua_State *L, int idx)
{
    sync_ud *u = lua_touserdata(L, idx);
    if (u == NULL || u->o == NULL)
        return NULL;
    atomic_fetch_add(&u->o->refs, 1);
    return u->o;
}

static uint64_t
sync_seq(void *h)
{
    return ((sync_obj *)h)->seq;
}

static void
sync_push_handle(lua_State *L, void *h)
{
    sync_push(L, h);
}

static const ll_serial_class sync_classes[K__COUNT] = {
#define C(n) { n, false, sync_retain, sync_seq, sync_push_handle, sync_release }
    C("threads.Lock"), C("threads.Condition"), C("threads.Semaphore"),
    C("threads.Event"), C("threads.Barrier"), C("threads.Value"),
    C("threads.Dict"), C("threads.List"), C("threads.local")
#undef C
};

static sync_obj *
sync_check(lua_State *L, int idx, enum sync_kind kind)
{
    sync_ud *u = luaL_checkudata(L, idx, sync_mt[kind]);
    if (u->o == NULL)
        luaL_argerror(L, idx, "object is closed");
    return u->o;
}

static int
l_sync_gc(lua_State *L)
{
    sync_ud *u = lua_touserdata(L, 1);
    if (u != NULL && u->o != NULL)
        sync_release(u->o);
    if (u != NULL)
        u->o = NULL;
    return 0;
}

/* Timed wait on o->cv (o->mu held); deadline < 0 = forever. Returns false
 * on timeout. */
static bool
sync_wait(sync_obj *o, pthread_cond_t *cv, double deadline)
{
    struct timespec ts;
    double left;
    if (deadline < 0) {
        pthread_cond_wait(cv, &o->mu);
        return true;
    }
    left = deadline - ll__thr_now();
    if (left <= 0)
        return false;
    clock_gettime(CLOCK_REALTIME, &ts);
    {
        int64_t ns = ll_clock_s2ns(left);
        ts.tv_sec += (time_t)(ns / LL_NS_PER_S);
        ts.tv_nsec += (long)(ns % LL_NS_PER_S);
        if (ts.tv_nsec >= LL_NS_PER_S) {
            ts.tv_sec++;
            ts.tv_nsec -= LL_NS_PER_S;
        }
    }
    return pthread_cond_timedwait(cv, &o->mu, &ts) != ETIMEDOUT;
}

/* acquire-style arguments: (blocking=true, timeout=-1) or {timeout=} */
static double
sync_deadline(lua_State *L, int idx, bool *blocking)
{
    double timeout = -1;
    *blocking = true;
    if (lua_istable(L, idx)) {
        if (lua_getfield(L, idx, "blocking") != LUA_TNIL)
            *blocking = lua_toboolean(L, -1);
        if (lua_getfield(L, idx, "timeout") != LUA_TNIL)
            timeout = luaL_checknumber(L, -1);
        lua_pop(L, 2);
    } else if (lua_type(L, idx) == LUA_TNUMBER) {
        timeout = lua_tonumber(L, idx);
    } else {
        if (!lua_isnoneornil(L, idx))
            *blocking = lua_toboolean(L, idx);
        if (!lua_isnoneornil(L, idx + 1))
            timeout = luaL_checknumber(L, idx + 1);
    }
    if (timeout >= 0 && !*blocking)
        luaL_error(L, "ValueError: can't specify a timeout for a non-blocking "
                      "call");
    return timeout >= 0 ? ll__thr_now() + timeout : -1;
}

/* }==== */

/* {==== Lock / RLock */

static bool
lock_take(lua_State *L, sync_lock *k, bool blocking, double deadline)
{
    thr_self *s = ll__thr_self(L);
    bool ok = true;
    pthread_mutex_lock(&k->h.mu);
    if (k->count > 0 && k->recursive && k->owner == s->worker) {
        k->count++;
        pthread_mutex_unlock(&k->h.mu);
        return true;
    }
    if (k->count > 0) {
        if (!blocking) {
            pthread_mutex_unlock(&k->h.mu);
            return false;
        }
        pthread_mutex_unlock(&k->h.mu);
        ll__thr_block_begin(s);
        pthread_mutex_lock(&k->h.mu);
        while (k->count > 0 && ok)
            ok = sync_wait(&k->h, &k->h.cv, deadline);
        if (k->count > 0)
            ok = false;
    }
    if (ok) {
        k->count = 1;
        k->owner = s->worker;
    }
    pthread_mutex_unlock(&k->h.mu);
    ll__thr_block_end(s);
    return ok;
}

static void
lock_give(lua_State *L, sync_lock *k)
{
    thr_self *s = ll__thr_self(L);
    pthread_mutex_lock(&k->h.mu);
    if (k->count == 0) {
        pthread_mutex_unlock(&k->h.mu);
        luaL_error(L, "RuntimeError: release unlocked lock");
    }
    if (k->recursive && k->owner != s->worker) {
        pthread_mutex_unlock(&k->h.mu);
        luaL_error(L, "RuntimeError: cannot release un-acquired lock");
    }
    if (--k->count == 0) {
        k->owner = -1;
        pthread_cond_signal(&k->h.cv);
    }
    pthread_mutex_unlock(&k->h.mu);
}

static sync_lock *
lock_check(lua_State *L, int idx)
{
    return (sync_lock *)sync_check(L, idx, K_LOCK);
}

static int
lock_new(lua_State *L, bool recursive)
{
    sync_lock *k = (sync_lock *)sync_new(L, K_LOCK, sizeof *k);
    k->recursive = recursive;
    k->owner = -1;
    sync_push(L, &k->h);
    return 1;
}

static int l_lock_new(lua_State *L) { return lock_new(L, false); }
static int l_rlock_new(lua_State *L) { return lock_new(L, true); }

static int
l_lock_acquire(lua_State *L)
{
    sync_lock *k = lock_check(L, 1);
    bool blocking;
    double deadline = sync_deadline(L, 2, &blocking);
    lua_pushboolean(L, lock_take(L, k, blocking, deadline));
    return 1;
}

static int
l_lock_release(lua_State *L)
{
    lock_give(L, lock_check(L, 1));
    return 0;
}

static int
l_lock_locked(lua_State *L)
{
    sync_lock *k = lock_check(L, 1);
    bool v;
    pthread_mutex_lock(&k->h.mu);
    v = k->count > 0;
    pthread_mutex_unlock(&k->h.mu);
    lua_pushboolean(L, v);
    return 1;
}

/* obj:with(fn, ...): acquire, call, release even on error, re-raise. */
static int
sync_with(lua_State *L, sync_lock *k)
{
    int st, n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lock_take(L, k, true, -1);
    st = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    lock_give(L, k);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 1;
}

static int
l_lock_with(lua_State *L)
{
    return sync_with(L, lock_check(L, 1));
}

/* }==== */

/* {==== Condition */

static sync_cond *
cond_check(lua_State *L, int idx)
{
    return (sync_cond *)sync_check(L, idx, K_COND);
}

static int
l_cond_new(lua_State *L)
{
    sync_cond *c;
    sync_lock *k;
    if (lua_isnoneornil(L, 1)) {
        k = (sync_lock *)sync_new(L, K_LOCK, sizeof *k);
        k->recursive = true;          /* CPython's default is an RLock */
        k->owner = -1;
    } else {
        k = lock_check(L, 1);
        atomic_fetch_add(&k->h.refs, 1);
    }
    c = (sync_cond *)sync_new(L, K_COND, sizeof *c);
    c->lock = k;
    sync_push(L, &c->h);
    return 1;
}

static void
cond_owned(lua_State *L, sync_cond *c, const char *what)
{
    thr_self *s = ll__thr_self(L);
    bool own;
    pthread_mutex_lock(&c->lock->h.mu);
    own = c->lock->count > 0 && c->lock->owner == s->worker;
    pthread_mutex_unlock(&c->lock->h.mu);
    if (!own)
        luaL_error(L, "RuntimeError: cannot %s on un-acquired lock", what);
}

/* Release the lock fully, wait for a notify (or the deadline), take the
 * lock back with the same recursion count. */
static bool
cond_wait(lua_State *L, sync_cond *c, double deadline)
{
    thr_self *s = ll__thr_self(L);
    sync_lock *k = c->lock;
    long saved;
    bool ok;

    ll__thr_block_begin(s);
    pthread_mutex_lock(&k->h.mu);
    saved = k->count;
    k->count = 0;
    k->owner = -1;
    pthread_cond_signal(&k->h.cv);
    /* c->h.cv is paired with the lock's mutex */
    ok = sync_wait(&k->h, &c->h.cv, deadline);
    while (k->count > 0)
        sync_wait(&k->h, &k->h.cv, -1);
    k->count = saved;
    k->owner = s->worker;
    pthread_mutex_unlock(&k->h.mu);
    ll__thr_block_end(s);
    return ok;
}

static int
l_cond_wait(lua_State *L)
{
    sync_cond *c = cond_check(L, 1);
    double t = lua_isnoneornil(L, 2) ? -1 : luaL_checknumber(L, 2);
    cond_owned(L, c, "wait");
    lua_pushboolean(L, cond_wait(L, c, t >= 0 ? ll__thr_now() + t : -1));
    return 1;
}

static int
l_cond_wait_for(lua_State *L)
{
    sync_cond *c = cond_check(L, 1);
    double t = lua_isnoneornil(L, 3) ? -1 : luaL_checknumber(L, 3);
    double deadline = t >= 0 ? ll__thr_now() + t : -1;
    luaL_checktype(L, 2, LUA_TFUNCTION);
    cond_owned(L, c, "wait");
    for (;;) {
        lua_pushvalue(L, 2);
        lua_call(L, 0, 1);
        if (lua_toboolean(L, -1))
            return 1;
        lua_pop(L, 1);
        if (!cond_wait(L, c, deadline)) {
            lua_pushvalue(L, 2);
            lua_call(L, 0, 1);
            return 1;
        }
    }
}

static int
l_cond_notify(lua_State *L)
{
    sync_cond *c = cond_check(L, 1);
    lua_Integer n = luaL_optinteger(L, 2, 1), i;
    cond_owned(L, c, "notify");
    pthread_mutex_lock(&c->lock->h.mu);
    for (i = 0; i < n; i++)
        pthread_cond_signal(&c->h.cv);
    pthread_mutex_unlock(&c->lock->h.mu);
    return 0;
}

static int
l_cond_notify_all(lua_State *L)
{
    sync_cond *c = cond_check(L, 1);
    cond_owned(L, c, "notify");
    pthread_mutex_lock(&c->lock->h.mu);
    pthread_cond_broadcast(&c->h.cv);
    pthread_mutex_unlock(&c->lock->h.mu);
    return 0;
}

static int
l_cond_acquire(lua_State *L)
{
    sync_cond *c = cond_check(L, 1);
    bool blocking;
    double deadline = sync_deadline(L, 2, &blocking);
    lua_pushboolean(L, lock_take(L, c->lock, blocking, deadline));
    return 1;
}

static int
l_cond_release(lua_State *L)
{
    lock_give(L, cond_check(L, 1)->lock);
    return 0;
}

static int
l_cond_with(lua_State *L)
{
    return sync_with(L, cond_check(L, 1)->lock);
}

/* }==== */

/* {==== Semaphore / BoundedSemaphore */

static int
sem_new(lua_State *L, bool bounded)
{
    lua_Integer v = luaL_optinteger(L, 1, 1);
    sync_sem *m;
    if (v < 0)
        return luaL_error(L, "ValueError: semaphore initial value must be "
                             ">= 0, got %d", (int)v);
    m = (sync_sem *)sync_new(L, K_SEM, sizeof *m);
    m->value = (long)v;
    m->bound = bounded ? (long)v : -1;
    sync_push(L, &m->h);
    return 1;
}

static int l_sem_new(lua_State *L) { return sem_new(L, false); }
static int l_bsem_new(lua_State *L) { return sem_new(L, true); }

static bool
sem_take(lua_State *L, sync_sem *m, bool blocking, double deadline)
{
    thr_self *s = ll__thr_self(L);
    bool ok = true;

    pthread_mutex_lock(&m->h.mu);
    if (m->value == 0 && !blocking) {
        pthread_mutex_unlock(&m->h.mu);
        return false;
    }
    if (m->value == 0) {
        pthread_mutex_unlock(&m->h.mu);
        ll__thr_block_begin(s);
        pthread_mutex_lock(&m->h.mu);
        while (m->value == 0 && ok)
            ok = sync_wait(&m->h, &m->h.cv, deadline);
        ok = m->value > 0;
    }
    if (ok)
        m->value--;
    pthread_mutex_unlock(&m->h.mu);
    ll__thr_block_end(s);
    return ok;
}

static void
sem_give(lua_State *L, sync_sem *m, lua_Integer n)
{
    lua_Integer i;
    pthread_mutex_lock(&m->h.mu);
    if (m->bound >= 0 && m->value + n > m->bound) {
        pthread_mutex_unlock(&m->h.mu);
        luaL_error(L, "ValueError: Semaphore released too many times");
    }
    m->value += (long)n;
    for (i = 0; i < n; i++)
        pthread_cond_signal(&m->h.cv);
    pthread_mutex_unlock(&m->h.mu);
}

static int
l_sem_acquire(lua_State *L)
{
    sync_sem *m = (sync_sem *)sync_check(L, 1, K_SEM);
    bool blocking;
    double deadline = sync_deadline(L, 2, &blocking);
    lua_pushboolean(L, sem_take(L, m, blocking, deadline));
    return 1;
}

static int
l_sem_release(lua_State *L)
{
    sync_sem *m = (sync_sem *)sync_check(L, 1, K_SEM);
    lua_Integer n = luaL_optinteger(L, 2, 1);
    luaL_argcheck(L, n >= 1, 2, "n must be >= 1");
    sem_give(L, m, n);
    return 0;
}

static int
l_sem_with(lua_State *L)
{
    sync_sem *m = (sync_sem *)sync_check(L, 1, K_SEM);
    int st, n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    sem_take(L, m, true, -1);
    st = lua_pcall(L, n - 2, LUA_MULTRET, 0);
    sem_give(L, m, 1);
    if (st != LUA_OK)
        return lua_error(L);
    return lua_gettop(L) - 1;
}

/* }==== */

/* {==== Event, Barrier */

static int
l_event_new(lua_State *L)
{
    sync_event *e = (sync_event *)sync_new(L, K_EVENT, sizeof *e);
    sync_push(L, &e->h);
    return 1;
}

static int
l_event_set(lua_State *L)
{
    sync_event *e = (sync_event *)sync_check(L, 1, K_EVENT);
    pthread_mutex_lock(&e->h.mu);
    e->flag = true;
    pthread_cond_broadcast(&e->h.cv);
    pthread_mutex_unlock(&e->h.mu);
    return 0;
}

static int
l_event_clear(lua_State *L)
{
    sync_event *e = (sync_event *)sync_check(L, 1, K_EVENT);
    pthread_mutex_lock(&e->h.mu);
    e->flag = false;
    pthread_mutex_unlock(&e->h.mu);
    return 0;
}

static int
l_event_is_set(lua_State *L)
{
    sync_event *e = (sync_event *)sync_check(L, 1, K_EVENT);
    bool v;
    pthread_mutex_lock(&e->h.mu);
    v = e->flag;
    pthread_mutex_unlock(&e->h.mu);
    lua_pushboolean(L, v);
    return 1;
}

static int
l_event_wait(lua_State *L)
{
    sync_event *e = (sync_event *)sync_check(L, 1, K_EVENT);
    thr_self *s = ll__thr_self(L);
    double t = lua_isnoneornil(L, 2) ? -1 : luaL_checknumber(L, 2);
    double deadline = t >= 0 ? ll__thr_now() + t : -1;
    bool v;
    ll__thr_block_begin(s);
    pthread_mutex_lock(&e->h.mu);
    while (!e->flag)
        if (!sync_wait(&e->h, &e->h.cv, deadline))
            break;
    v = e->flag;
    pthread_mutex_unlock(&e->h.mu);
    ll__thr_block_end(s);
    lua_pushboolean(L, v);
    return 1;
}

static int
l_barrier_new(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    sync_barrier *b;
    luaL_argcheck(L, n >= 1, 1, "parties must be >= 1");
    b = (sync_barrier *)sync_new(L, K_BARRIER, sizeof *b);
    b->parties = (int)n;
    sync_push(L, &b->h);
    return 1;
}

/* Returns the arrival index 0..parties-1 (the last to arrive gets
 * parties-1 and releases the rest). */
static int
l_barrier_wait(lua_State *L)
{
    sync_barrier *b = (sync_barrier *)sync_check(L, 1, K_BARRIER);
    thr_self *s = ll__thr_self(L);
    double t = lua_isnoneornil(L, 2) ? -1 : luaL_checknumber(L, 2);
    double deadline = t >= 0 ? ll__thr_now() + t : -1;
    int index;
    bool broken;

    ll__thr_block_begin(s);
    pthread_mutex_lock(&b->h.mu);
    index = b->count++;
    if (b->count == b->parties) {
        b->count = 0;
        b->generation++;
        pthread_cond_broadcast(&b->h.cv);
    } else {
        uint64_t gen = b->generation;
        while (gen == b->generation && !b->broken)
            if (!sync_wait(&b->h, &b->h.cv, deadline)) {
                b->broken = true;      /* a timeout breaks the barrier */
                pthread_cond_broadcast(&b->h.cv);
            }
    }
    broken = b->broken;
    pthread_mutex_unlock(&b->h.mu);
    ll__thr_block_end(s);
    if (broken)
        return luaL_error(L, "BrokenBarrierError: the barrier is broken");
    lua_pushinteger(L, index);
    return 1;
}

/* }==== */

/* {==== shared Value, Dict, List */

static int
l_value_new(lua_State *L)
{
    sync_value *v;
    if (!lua_isnoneornil(L, 1))
        luaL_checknumber(L, 1);
    v = (sync_value *)sync_new(L, K_VALUE, sizeof *v);
    v->is_int = lua_isnoneornil(L, 1) || lua_isinteger(L, 1);
    v->i = lua_isinteger(L, 1) ? lua_tointeger(L, 1) : 0;
    v->d = lua_isnoneornil(L, 1) ? 0 : lua_tonumber(L, 1);
    sync_push(L, &v->h);
    return 1;
}

static void
value_push_locked(lua_State *L, sync_value *v)
{
    if (v->is_int)
        lua_pushinteger(L, v->i);
    else
        lua_pushnumber(L, v->d);
}

static int
l_value_get(lua_State *L)
{
    sync_value *v = (sync_value *)sync_check(L, 1, K_VALUE);
    pthread_mutex_lock(&v->h.mu);
    value_push_locked(L, v);
    pthread_mutex_unlock(&v->h.mu);
    return 1;
}

static int
l_value_set(lua_State *L)
{
    sync_value *v = (sync_value *)sync_check(L, 1, K_VALUE);
    luaL_checknumber(L, 2);
    pthread_mutex_lock(&v->h.mu);
    v->is_int = lua_isinteger(L, 2);
    v->i = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 0;
    v->d = lua_tonumber(L, 2);
    pthread_mutex_unlock(&v->h.mu);
    return 0;
}

/* Atomic add: never loses an update. Returns the new value. */
static int
l_value_add(lua_State *L)
{
    sync_value *v = (sync_value *)sync_check(L, 1, K_VALUE);
    luaL_checknumber(L, 2);
    pthread_mutex_lock(&v->h.mu);
    if (v->is_int && lua_isinteger(L, 2)) {
        v->i = (lua_Integer)((lua_Unsigned)v->i + (lua_Unsigned)lua_tointeger(L, 2));
        v->d = (lua_Number)v->i;
    } else {
        v->d = (v->is_int ? (lua_Number)v->i : v->d) + lua_tonumber(L, 2);
        v->is_int = false;
    }
    value_push_locked(L, v);
    pthread_mutex_unlock(&v->h.mu);
    return 1;
}

static int
l_value_index(lua_State *L)
{
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") == 0) {
        lua_settop(L, 1);
        return l_value_get(L);
    }
    return ll_lua_method(L, 1, k);
}

static int
l_value_newindex(lua_State *L)
{
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "value") != 0)
        return luaL_error(L, "Value has no field '%s' (use .value)", k);
    lua_remove(L, 2);
    return l_value_set(L);
}

static char *
coll_key(lua_State *L, int idx)
{
    char *k = NULL;
    if (lua_isinteger(L, idx))
        k = ll_asprintf("i%lld", (long long)lua_tointeger(L, idx));
    else if (lua_type(L, idx) == LUA_TSTRING)
        k = ll_asprintf("s%s", lua_tostring(L, idx));
    else
        luaL_argerror(L, idx, "shared Dict keys are strings or integers");
    if (k == NULL)
        luaL_error(L, "threads: out of memory");
    return k;
}

static void
coll_push_key(lua_State *L, const char *k)
{
    if (k[0] == 'i')
        lua_pushinteger(L, strtoll(k + 1, NULL, 10));
    else
        lua_pushstring(L, k + 1);
}

static void
coll_dump(lua_State *L, int idx, ll_buf *b, const char *root)
{
    ll_serial_opts so = { .target = "a shared collection", .plain = true };
    char *err = NULL;
    ll_buf_init(b);
    if (ll_serial_dump(L, idx, 1, root, &so, b, &err) != LL_OK) {
        lua_pushstring(L, err ? err : "out of memory");
        ll_free(err);
        ll_buf_close(b);
        lua_error(L);
    }
}

static void
coll_load(lua_State *L, const ll_buf *b)
{
    int nv;
    if (ll_serial_load(L, b->data, b->len, 0, &nv, NULL) != LL_OK || nv != 1)
        lua_pushnil(L);
}

static long
coll_find(sync_coll *c, const char *key)
{
    size_t i;
    for (i = 0; i < c->n; i++)
        if (strcmp(c->items[i].key, key) == 0)
            return (long)i;
    return -1;
}

/* Append (key may be NULL for lists); mu held. */
static bool
coll_append(sync_coll *c, char *key, ll_buf *val)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 16;
        sync_item *n = ll_realloc(c->items, nc * sizeof *n);
        if (n == NULL)
            return false;
        c->items = n;
        c->cap = nc;
    }
    c->items[c->n].key = key;
    c->items[c->n].val = *val;
    c->n++;
    return true;
}

static int
l_dict_new(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_new(L, K_DICT, sizeof *c);
    sync_push(L, &c->h);
    return 1;
}

static int
l_dict_get(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_check(L, 1, K_DICT);
    char *key = coll_key(L, 2);
    long i;
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (i >= 0)
        coll_load(L, &c->items[i].val);
    pthread_mutex_unlock(&c->h.mu);
    ll_free(key);
    if (i < 0)
        lua_pushvalue(L, 3);   /* default (nil when absent) */
    return 1;
}

static int
l_dict_set(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_check(L, 1, K_DICT);
    ll_buf b;
    char *key;
    long i;
    luaL_checkany(L, 3);
    coll_dump(L, 3, &b, "value");
    key = coll_key(L, 2);
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (lua_isnil(L, 3)) {
        if (i >= 0) {
            ll_free(c->items[i].key);
            ll_buf_close(&c->items[i].val);
            c->items[i] = c->items[--c->n];
        }
        ll_free(key);
        ll_buf_close(&b);
    } else if (i >= 0) {
        ll_buf_close(&c->items[i].val);
        c->items[i].val = b;
        ll_free(key);
    } else if (!coll_append(c, key, &b)) {
        pthread_mutex_unlock(&c->h.mu);
        ll_free(key);
        ll_buf_close(&b);
        return luaL_error(L, "threads: out of memory");
    }
    pthread_mutex_unlock(&c->h.mu);
    return 0;
}

/* d:incr(key, n=1): atomic add on a numeric entry (absent = 0). */
static int
l_dict_incr(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_check(L, 1, K_DICT);
    char *key;
    long i;
    ll_buf b;
    int top;

    luaL_optnumber(L, 3, 1);
    lua_settop(L, 3);
    top = lua_gettop(L);
    key = coll_key(L, 2);
    pthread_mutex_lock(&c->h.mu);
    i = coll_find(c, key);
    if (i >= 0) {
        coll_load(L, &c->items[i].val);
        if (!lua_isnumber(L, -1)) {
            pthread_mutex_unlock(&c->h.mu);
            ll_free(key);
            return luaL_error(L, "Dict:incr: the value is not a number");
        }
    } else {
        lua_pushinteger(L, 0);
    }
    lua_pushvalue(L, 3);
    if (lua_isnoneornil(L, -1)) {
        lua_pop(L, 1);
        lua_pushinteger(L, 1);
    }
    lua_arith(L, LUA_OPADD);
    {
        ll_serial_opts so = { .target = "a shared collection", .plain = true };
        ll_buf_init(&b);
        ll_serial_dump(L, -1, 1, "value", &so, &b, NULL);
    }
    if (i >= 0) {
        ll_buf_close(&c->items[i].val);
        c->items[i].val = b;
        ll_free(key);
    } else if (!coll_append(c, key, &b)) {
        ll_free(key);
        ll_buf_close(&b);
    }
    pthread_mutex_unlock(&c->h.mu);
    lua_replace(L, top + 1);
    lua_settop(L, top + 1);
    return 1;
}

static int
l_coll_len(lua_State *L)
{
    sync_ud *u = lua_touserdata(L, 1);
    sync_coll *c;
    size_t n;
    if (u == NULL || u->o == NULL ||
        (u->o->kind != K_DICT && u->o->kind != K_LIST))
        return luaL_argerror(L, 1, "expected a shared Dict or List");
    c = (sync_coll *)u->o;
    pthread_mutex_lock(&c->h.mu);
    n = c->n;
    pthread_mutex_unlock(&c->h.mu);
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
}

/* A snapshot copy as a plain table. */
static int
l_coll_items(lua_State *L)
{
    sync_ud *u = lua_touserdata(L, 1);
    sync_coll *c;
    size_t i;
    if (u == NULL || u->o == NULL ||
        (u->o->kind != K_DICT && u->o->kind != K_LIST))
        return luaL_argerror(L, 1, "expected a shared Dict or List");
    c = (sync_coll *)u->o;
    lua_newtable(L);
    pthread_mutex_lock(&c->h.mu);
    for (i = 0; i < c->n; i++) {
        if (c->items[i].key != NULL)
            coll_push_key(L, c->items[i].key);
        else
            lua_pushinteger(L, (lua_Integer)i + 1);
        coll_load(L, &c->items[i].val);
        lua_rawset(L, -3);
    }
    pthread_mutex_unlock(&c->h.mu);
    return 1;
}

static int
l_list_new(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_new(L, K_LIST, sizeof *c);
    sync_push(L, &c->h);
    return 1;
}

static int
l_list_append(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_check(L, 1, K_LIST);
    ll_buf b;
    bool ok;
    luaL_checkany(L, 2);
    coll_dump(L, 2, &b, "value");
    pthread_mutex_lock(&c->h.mu);
    ok = coll_append(c, NULL, &b);
    pthread_mutex_unlock(&c->h.mu);
    if (!ok) {
        ll_buf_close(&b);
        return luaL_error(L, "threads: out of memory");
    }
    return 0;
}

static int
l_list_get(lua_State *L)
{
    sync_coll *c = (sync_coll *)sync_check(L, 1, K_LIST);
    lua_Integer i = luaL_checkinteger(L, 2);
    pthread_mutex_lock(&c->h.mu);
    if (i >= 1 && (size_t)i <= c->n)
        coll_load(L, &c->items[i - 1].val);
    else
        lua_pushnil(L);
    pthread_mutex_unlock(&c->h.mu);
    return 1;
}

/* }==== */

/* {==== local: one table per state */

#define SYNC_LOCALS "looplab.threads.locals"

static void
local_table(lua_State *L, int idx)
{
    sync_obj *o = sync_check(L, idx, K_LOCAL);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, SYNC_LOCALS);
    if (lua_rawgeti(L, -1, (lua_Integer)o->seq) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)o->seq);
    }
    lua_remove(L, -2);
}

static int
l_local_new(lua_State *L)
{
    sync_obj *o = sync_new(L, K_LOCAL, sizeof *o);
    sync_push(L, o);
    return 1;
}

static int
l_local_index(lua_State *L)
{
    local_table(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

static int
l_local_newindex(lua_State *L)
{
    local_table(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_rawset(L, -3);
    return 0;
}

/* }==== */

static int
l_sync_tostring(lua_State *L)
{
    sync_ud *u = lua_touserdata(L, 1);
    const char *name = "threads object";
    if (lua_getmetatable(L, 1)) {
        if (lua_getfield(L, -1, "__name") == LUA_TSTRING)
            name = lua_tostring(L, -1) + strlen("looplab.");
    }
    lua_pushfstring(L, "%s (%p)", name, u ? (void *)u->o : NULL);
    return 1;
}

static void
sync_push_meta(lua_State *L, enum sync_kind kind)
{
    static const luaL_Reg lock_m[] = {
        {"acquire", l_lock_acquire}, {"release", l_lock_release},
        {"locked", l_lock_locked}, {"with", l_lock_with}, {NULL, NULL}
    };
    static const luaL_Reg cond_m[] = {
        {"acquire", l_cond_acquire}, {"release", l_cond_release},
        {"with", l_cond_with}, {"wait", l_cond_wait},
        {"wait_for", l_cond_wait_for}, {"notify", l_cond_notify},
        {"notify_all", l_cond_notify_all}, {NULL, NULL}
    };
    static const luaL_Reg sem_m[] = {
        {"acquire", l_sem_acquire}, {"release", l_sem_release},
        {"with", l_sem_with}, {NULL, NULL}
    };
    static const luaL_Reg event_m[] = {
        {"set", l_event_set}, {"clear", l_event_clear},
        {"is_set", l_event_is_set}, {"wait", l_event_wait}, {NULL, NULL}
    };
    static const luaL_Reg barrier_m[] = {
        {"wait", l_barrier_wait}, {NULL, NULL}
    };
    static const luaL_Reg value_m[] = {
        {"get", l_value_get}, {"set", l_value_set}, {"add", l_value_add},
        {NULL, NULL}
    };
    static const luaL_Reg dict_m[] = {
        {"get", l_dict_get}, {"set", l_dict_set}, {"incr", l_dict_incr},
        {"len", l_coll_len}, {"items", l_coll_items}, {NULL, NULL}
    };
    static const luaL_Reg list_m[] = {
        {"append", l_list_append}, {"get", l_list_get}, {"len", l_coll_len},
        {"items", l_coll_items}, {NULL, NULL}
    };
    static const luaL_Reg *const methods[K__COUNT] = {
        lock_m, cond_m, sem_m, event_m, barrier_m, value_m, dict_m, list_m,
        NULL
    };

    if (!luaL_newmetatable(L, sync_mt[kind]))
        return;
    lua_pushcfunction(L, l_sync_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_sync_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushlightuserdata(L, (void *)&sync_classes[kind]);
    lua_setfield(L, -2, "__ll_send");
    lua_newtable(L);
    if (methods[kind] != NULL)
        luaL_setfuncs(L, methods[kind], 0);
    lua_setfield(L, -2, "methods");
    if (kind == K_VALUE) {
        lua_pushcfunction(L, l_value_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_value_newindex);
        lua_setfield(L, -2, "__newindex");
    } else if (kind == K_LOCAL) {
        lua_pushcfunction(L, l_local_index);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_local_newindex);
        lua_setfield(L, -2, "__newindex");
    } else {
        lua_getfield(L, -1, "methods");
        lua_setfield(L, -2, "__index");
        if (kind == K_DICT || kind == K_LIST) {
            lua_pushcfunction(L, l_coll_len);
            lua_setfield(L, -2, "__len");
        }
    }
}

void
ll__thr_sync_open(lua_State *L)
{
    static const luaL_Reg ctors[] = {
        {"Lock", l_lock_new}, {"RLock", l_rlock_new},
        {"Condition", l_cond_new}, {"Semaphore", l_sem_new},
        {"BoundedSemaphore", l_bsem_new}, {"Event", l_event_new},
        {"Barrier", l_barrier_new}, {"Value", l_value_new},
        {"Dict", l_dict_new}, {"List", l_list_new}, {"Local", l_local_new},
        {"local", l_local_new},   /* threading.local's name; threads["local"] */
        {NULL, NULL}
    };
    int k;
    for (k = 0; k < K__COUNT; k++) {
        sync_push_meta(L, (enum sync_kind)k);
        lua_pop(L, 1);
    }
    luaL_setfuncs(L, ctors, 0);
}
