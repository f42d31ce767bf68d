/* SPDX-License-Identifier: MIT
 * engine/threads/threads_sync.c -- threads.Lock, RLock, Condition, Semaphore,
 * BoundedSemaphore, Event, Barrier, and the core every shared object uses.
 *
 * Each object is a refcounted C struct; a Lua userdata holds one reference.
 * They are the only things that cross to worker states by reference (their
 * metatables carry a __ll_send class, serial.h): a Lock sent to four
 * workers is one lock. Every blocking wait releases the simulated GIL
 * (ll__thr_block_begin/end), as CPython releases it around a lock wait.
 * The shared data objects (Value, Dict, List, local) are threads_shared.c;
 * they use the core here through threads_sync.h.
 */
#include "threads_sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/clock.h"
#include "engine/lua/host.h"
#include "engine/lua/serial.h"

static const char *const sync_mt[K__COUNT] = {
    "looplab.threads.Lock", "looplab.threads.Condition",
    "looplab.threads.Semaphore", "looplab.threads.Event",
    "looplab.threads.Barrier", "looplab.threads.Value",
    "looplab.threads.Dict", "looplab.threads.List", "looplab.threads.local"
};

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

static atomic_ullong sync_next_seq = 1;

/* {==== objects and classes */

static const sync_class *sync_class_of(enum sync_kind kind);

static void
sync_release(void *p)
{
    sync_obj *o = p;
    const sync_class *c;
    if (atomic_fetch_sub(&o->refs, 1) != 1)
        return;
    c = sync_class_of(o->kind);
    if (c->fini != NULL)
        c->fini(o);
    pthread_cond_destroy(&o->cv);
    pthread_mutex_destroy(&o->mu);
    ll_free(o);
}

sync_obj *
ll__thr_sync_new(lua_State *L, enum sync_kind kind, size_t size)
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

void
ll__thr_sync_push(lua_State *L, sync_obj *o)
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
    ll__thr_sync_push(L, h);
}

static const ll_serial_class sync_classes[K__COUNT] = {
#define C(n) { n, false, sync_retain, sync_seq, sync_push_handle, sync_release }
    C("threads.Lock"), C("threads.Condition"), C("threads.Semaphore"),
    C("threads.Event"), C("threads.Barrier"), C("threads.Value"),
    C("threads.Dict"), C("threads.List"), C("threads.local")
#undef C
};

sync_obj *
ll__thr_sync_check(lua_State *L, int idx, enum sync_kind kind)
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
    ll_clock_realtime_in(&ts, ll_clock_s2ns(left));
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
    return (sync_lock *)ll__thr_sync_check(L, idx, K_LOCK);
}

static int
lock_new(lua_State *L, bool recursive)
{
    sync_lock *k = (sync_lock *)ll__thr_sync_new(L, K_LOCK, sizeof *k);
    k->recursive = recursive;
    k->owner = -1;
    ll__thr_sync_push(L, &k->h);
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
    return (sync_cond *)ll__thr_sync_check(L, idx, K_COND);
}

static int
l_cond_new(lua_State *L)
{
    sync_cond *c;
    sync_lock *k;
    if (lua_isnoneornil(L, 1)) {
        k = (sync_lock *)ll__thr_sync_new(L, K_LOCK, sizeof *k);
        k->recursive = true;          /* CPython's default is an RLock */
        k->owner = -1;
    } else {
        k = lock_check(L, 1);
        atomic_fetch_add(&k->h.refs, 1);
    }
    c = (sync_cond *)ll__thr_sync_new(L, K_COND, sizeof *c);
    c->lock = k;
    ll__thr_sync_push(L, &c->h);
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
    m = (sync_sem *)ll__thr_sync_new(L, K_SEM, sizeof *m);
    m->value = (long)v;
    m->bound = bounded ? (long)v : -1;
    ll__thr_sync_push(L, &m->h);
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
    sync_sem *m = (sync_sem *)ll__thr_sync_check(L, 1, K_SEM);
    bool blocking;
    double deadline = sync_deadline(L, 2, &blocking);
    lua_pushboolean(L, sem_take(L, m, blocking, deadline));
    return 1;
}

static int
l_sem_release(lua_State *L)
{
    sync_sem *m = (sync_sem *)ll__thr_sync_check(L, 1, K_SEM);
    lua_Integer n = luaL_optinteger(L, 2, 1);
    luaL_argcheck(L, n >= 1, 2, "n must be >= 1");
    sem_give(L, m, n);
    return 0;
}

static int
l_sem_with(lua_State *L)
{
    sync_sem *m = (sync_sem *)ll__thr_sync_check(L, 1, K_SEM);
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
    sync_event *e = (sync_event *)ll__thr_sync_new(L, K_EVENT, sizeof *e);
    ll__thr_sync_push(L, &e->h);
    return 1;
}

static int
l_event_set(lua_State *L)
{
    sync_event *e = (sync_event *)ll__thr_sync_check(L, 1, K_EVENT);
    pthread_mutex_lock(&e->h.mu);
    e->flag = true;
    pthread_cond_broadcast(&e->h.cv);
    pthread_mutex_unlock(&e->h.mu);
    return 0;
}

static int
l_event_clear(lua_State *L)
{
    sync_event *e = (sync_event *)ll__thr_sync_check(L, 1, K_EVENT);
    pthread_mutex_lock(&e->h.mu);
    e->flag = false;
    pthread_mutex_unlock(&e->h.mu);
    return 0;
}

static int
l_event_is_set(lua_State *L)
{
    sync_event *e = (sync_event *)ll__thr_sync_check(L, 1, K_EVENT);
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
    sync_event *e = (sync_event *)ll__thr_sync_check(L, 1, K_EVENT);
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
    b = (sync_barrier *)ll__thr_sync_new(L, K_BARRIER, sizeof *b);
    b->parties = (int)n;
    ll__thr_sync_push(L, &b->h);
    return 1;
}

/* Returns the arrival index 0..parties-1 (the last to arrive gets
 * parties-1 and releases the rest). */
static int
l_barrier_wait(lua_State *L)
{
    sync_barrier *b = (sync_barrier *)ll__thr_sync_check(L, 1, K_BARRIER);
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
sync_fini_cond(sync_obj *o)
{
    sync_release(((sync_cond *)o)->lock);
}

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

static const sync_class sync_lock_class = { .methods = lock_m };
static const sync_class sync_cond_class = { .methods = cond_m,
                                            .fini = sync_fini_cond };
static const sync_class sync_sem_class = { .methods = sem_m };
static const sync_class sync_event_class = { .methods = event_m };
static const sync_class sync_barrier_class = { .methods = barrier_m };

static const sync_class *
sync_class_of(enum sync_kind kind)
{
    static const sync_class *const classes[K__COUNT] = {
        &sync_lock_class, &sync_cond_class, &sync_sem_class,
        &sync_event_class, &sync_barrier_class, &ll__thr_shared_value,
        &ll__thr_shared_dict, &ll__thr_shared_list, &ll__thr_shared_local
    };
    return classes[kind];
}

static void
sync_push_meta(lua_State *L, enum sync_kind kind)
{
    const sync_class *c = sync_class_of(kind);

    if (!luaL_newmetatable(L, sync_mt[kind]))
        return;
    lua_pushcfunction(L, l_sync_gc);
    lua_setfield(L, -2, "__gc");
    lua_pushcfunction(L, l_sync_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushlightuserdata(L, (void *)&sync_classes[kind]);
    lua_setfield(L, -2, "__ll_send");
    lua_newtable(L);
    if (c->methods != NULL)
        luaL_setfuncs(L, c->methods, 0);
    lua_setfield(L, -2, "methods");
    if (c->index != NULL) {
        lua_pushcfunction(L, c->index);
        lua_setfield(L, -2, "__index");
    } else {
        lua_getfield(L, -1, "methods");
        lua_setfield(L, -2, "__index");
    }
    if (c->newindex != NULL) {
        lua_pushcfunction(L, c->newindex);
        lua_setfield(L, -2, "__newindex");
    }
    if (c->len != NULL) {
        lua_pushcfunction(L, c->len);
        lua_setfield(L, -2, "__len");
    }
}

void
ll__thr_sync_open(lua_State *L)
{
    static const luaL_Reg ctors[] = {
        {"Lock", l_lock_new}, {"RLock", l_rlock_new},
        {"Condition", l_cond_new}, {"Semaphore", l_sem_new},
        {"BoundedSemaphore", l_bsem_new}, {"Event", l_event_new},
        {"Barrier", l_barrier_new}, {NULL, NULL}
    };
    int k;
    for (k = 0; k < K__COUNT; k++) {
        sync_push_meta(L, (enum sync_kind)k);
        lua_pop(L, 1);
    }
    luaL_setfuncs(L, ctors, 0);
    ll__thr_shared_open(L);
}
