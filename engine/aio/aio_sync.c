/* SPDX-License-Identifier: MIT
 * engine/aio/aio_sync.c -- wait queues, and Event, Lock, Semaphore,
 * BoundedSemaphore in C.
 *
 * CPython's asyncio/locks.py (3.12/3.13) creates a Future per wait and
 * keeps it in a deque; here the waiting task itself is the entry (see
 * aio_waitq in aio_internal.h), so a wait allocates nothing and a wake-up
 * is one ready-queue push of the task's step. Everything observable is
 * CPython's: FIFO wake order, one loop turn between set_result and the
 * waiter running (call_soon of __wakeup), an entry staying in the queue
 * until its task runs, and the cancellation races (a waiter woken and then
 * cancelled before it ran gives its wake-up on, as locks.py's except
 * blocks do). The Lua-written version this replaces spent a Future
 * userdata and a pcall per wait (bench/NOTES.md). Condition and Barrier
 * stay in aio/sync.lua on top of these.
 *
 * Objects are full userdata with one registered metatable per type
 * (ll_lua_newclass); methods check `self` by size and a magic number (no
 * registry lookup per call).
 */
#include "aio_internal.h"

#include <stdio.h>
#include <string.h>

#define AIO_EVENT_MAGIC 0x45764e54u      /* "EvNT" */
#define AIO_LOCK_MAGIC  0x4c6f434bu      /* "LoCK" */
#define AIO_SEM_MAGIC   0x53654d41u      /* "SeMA" */

/* {=================== wait queues ===================} */

void
ll__aio_waitq_init(aio_waitq *q, bool split)
{
    ll_list_init(&q->head);
    ll_list_init(&q->parked);
    q->n = q->ncancelled = 0;
    q->split = split;
}

void
ll__aio_waitq_link(aio_task *at, aio_waitq *q)
{
    at->wq_state = AIO_WQ_PENDING;
    ll_list_push_back(&q->head, &at->w.node);
    q->n++;
}

void
ll__aio_waitq_unlink(aio_waitq *q, aio_task *at)
{
    if (!ll_list_linked(&at->w.node))
        return;
    ll_list_remove(&at->w.node);
    q->n--;
    if (at->wq_state == AIO_WQ_CANCELLED)
        q->ncancelled--;
}

/* A pending entry becomes done: parked on split queues. */
static void
waitq_settle(aio_waitq *q, aio_task *at, aio_wq_state st)
{
    at->wq_state = (uint8_t)st;
    if (st == AIO_WQ_CANCELLED)
        q->ncancelled++;
    if (q->split) {
        ll_list_remove(&at->w.node);
        ll_list_push_back(&q->parked, &at->w.node);
    }
}

void
ll__aio_waitq_wake(aio_waitq *q, aio_task *at, bool pop)
{
    waitq_settle(q, at, AIO_WQ_DONE);
    if (pop)
        ll__aio_waitq_unlink(q, at);
    ll_task_wake(&at->t);
}

bool
ll__aio_waitq_cancel(aio_task *at, const char *msg)
{
    if (at->wq_state != AIO_WQ_PENDING)
        return false;
    /* A popped entry is never pending, so it is still on its queue. */
    waitq_settle(at->fut_waiter, at, AIO_WQ_CANCELLED);
    ll_free(at->cancel_msg);
    at->cancel_msg = ll_strdup(msg);
    ll_task_wake(&at->t);
    return true;
}

void
ll__aio_waitq_detach(aio_task *at)
{
    ll__aio_waitq_unlink(at->fut_waiter, at);
    at->aw_kind = AIO_AW_NONE;
    at->fut_waiter = NULL;
}

bool
ll__aio_waitq_resume(aio_task *at)
{
    bool raise = at->wq_state == AIO_WQ_CANCELLED;
    ll__aio_waitq_detach(at);
    if (at->must_cancel) {
        /* Woken, then cancelled before it ran: CPython's __step throws
         * CancelledError in at the await all the same. */
        at->must_cancel = false;
        raise = true;
    }
    return raise;
}

static aio_task *
waitq_first(ll_list_node *list)
{
    if (ll_list_empty(list))
        return NULL;
    return ll_container_of(list->next, aio_task, w.node);
}

/* {=================== shared helpers ===================} */

void
ll__aio_sync_trace(lua_State *L, ll_ev_kind kind, const char *what)
{
    ll_lua_ctx *ctx = ll__aio_ctx(L);
    ll_task *t;
    if (ctx->trace == NULL)
        return;
    t = ctx->sched ? ll_sched_current(ctx->sched) : NULL;
    if (t != NULL)
        ll_task_trace(t, kind, what);
    else
        ll_trace_add(ctx->trace, ctx->sched ? ll_sched_time(ctx->sched) : 0,
                     kind, 0, -1, "", what);
}

void *
ll__aio_sync_check(lua_State *L, uint32_t magic, size_t size,
                   const char *tname)
{
    void *p = lua_touserdata(L, 1);
    if (p == NULL || lua_rawlen(L, 1) != size || *(uint32_t *)p != magic)
        luaL_typeerror(L, 1, tname);
    return p;
}

/* "Lock-3": per-state counters, kept in the constructors' upvalue. */
static void
sync_name(lua_State *L, char *buf, size_t n, const char *kind, int slot)
{
    lua_Integer *counts = lua_touserdata(L, lua_upvalueindex(2));
    snprintf(buf, n, "%s-%lld", kind, (long long)++counts[slot]);
}

/* {=================== Event ===================} */

#define check_event(L) \
    ((aio_event *)ll__aio_sync_check(L, AIO_EVENT_MAGIC, sizeof(aio_event), "Event"))

void
ll__aio_event_init(aio_event *ev)
{
    ev->magic = AIO_EVENT_MAGIC;
    ev->value = false;
    ll__aio_waitq_init(&ev->wq, false);
}

static int
l_event_new(lua_State *L)
{
    aio_event *ev = lua_newuserdatauv(L, sizeof *ev, 0);
    ll__aio_event_init(ev);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    return 1;
}

static int
l_event_is_set(lua_State *L)
{
    lua_pushboolean(L, check_event(L)->value);
    return 1;
}

/* Wake every waiter; each leaves the queue itself when it runs. */
void
ll__aio_event_set(aio_event *ev)
{
    ll_list_node *p;
    if (ev->value)
        return;
    ev->value = true;
    for (p = ev->wq.head.next; p != &ev->wq.head; p = p->next) {
        aio_task *at = ll_container_of(p, aio_task, w.node);
        if (at->wq_state == AIO_WQ_PENDING)
            ll__aio_waitq_wake(&ev->wq, at, false);
    }
}

static int
l_event_set(lua_State *L)
{
    ll__aio_event_set(check_event(L));
    return 0;
}

static int
l_event_clear(lua_State *L)
{
    check_event(L)->value = false;
    return 0;
}

static int
event_wait_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)kctx;
    (void)status;
    if (ll__aio_waitq_resume(at))
        return ll__aio_raise(L, "CancelledError", at->cancel_msg);
    lua_pushboolean(L, 1);
    return 1;
}

int
ll__aio_event_wait(lua_State *L, aio_event *ev, const char *reason)
{
    aio_task *at;
    if (ev->value) {
        lua_pushboolean(L, 1);
        return 1;
    }
    at = ll__aio_current(L, "Event:wait()");
    return ll__aio_suspend(L, at, AIO_AW_WAITQ, &ev->wq, reason, (lua_KContext)at,
                              event_wait_k);
}

static int
l_event_wait(lua_State *L)
{
    return ll__aio_event_wait(L, check_event(L), "Event.wait");
}

static int
l_event_nwaiters(lua_State *L)
{
    lua_pushinteger(L, check_event(L)->wq.n);
    return 1;
}

static int
l_event_tostring(lua_State *L)
{
    aio_event *ev = check_event(L);
    lua_pushfstring(L, "<Event %s waiters:%d>", ev->value ? "set" : "unset",
                    (int)ev->wq.n);
    return 1;
}

/* {=================== Lock ===================} */

typedef struct aio_lock {
    uint32_t  magic;
    bool      locked;
    aio_waitq wq;
    char      name[40];
} aio_lock;

#define check_lock(L) \
    ((aio_lock *)ll__aio_sync_check(L, AIO_LOCK_MAGIC, sizeof(aio_lock), "Lock"))

static int
l_lock_new(lua_State *L)
{
    aio_lock *lk = lua_newuserdatauv(L, sizeof *lk, 0);
    lk->magic = AIO_LOCK_MAGIC;
    lk->locked = false;
    ll__aio_waitq_init(&lk->wq, false);
    sync_name(L, lk->name, sizeof lk->name, "Lock", 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    return 1;
}

/* locks.py _wake_up_first: only the FIRST entry, and only if pending. */
static void
lock_wake_first(aio_lock *lk)
{
    aio_task *at = waitq_first(&lk->wq.head);
    if (at != NULL && at->wq_state == AIO_WQ_PENDING)
        ll__aio_waitq_wake(&lk->wq, at, false);
}

static int
lock_acquired(lua_State *L, aio_lock *lk)
{
    lk->locked = true;
    ll__aio_sync_trace(L, LL_EV_LOCK_ACQUIRE, lk->name);
    lua_pushboolean(L, 1);
    return 1;
}

static int sync_with_body(lua_State *L);

/* After an acquire (true on top): return it, or run with()'s body. */
static int
sync_then(lua_State *L, bool with)
{
    if (!with)
        return 1;
    lua_pop(L, 1);
    return sync_with_body(L);
}

/* Wait for an acquire as the running task (traced as lock_wait). */
static int
sync_wait(lua_State *L, aio_waitq *wq, const char *name, const char *reason,
          bool with, lua_KFunction k)
{
    aio_task *at = ll__aio_current(L, reason);
    ll__aio_sync_trace(L, LL_EV_LOCK_WAIT, name);
    return ll__aio_suspend(L, at, AIO_AW_WAITQ, wq, reason,
                              (lua_KContext)at | (with ? 1 : 0), k);
}

/* kctx: the task pointer, low bit set when acquire runs for with(). */
static int
lock_acquire_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)(kctx & ~(lua_KContext)1);
    aio_lock *lk = lua_touserdata(L, 1);
    (void)status;
    if (ll__aio_waitq_resume(at)) {
        if (!lk->locked)
            lock_wake_first(lk);
        return ll__aio_raise(L, "CancelledError", at->cancel_msg);
    }
    lock_acquired(L, lk);
    return sync_then(L, kctx & 1);
}

static int
lock_acquire(lua_State *L, aio_lock *lk, bool with)
{
    if (!lk->locked && lk->wq.n == lk->wq.ncancelled) {
        lock_acquired(L, lk);
        return sync_then(L, with);
    }
    return sync_wait(L, &lk->wq, lk->name, "Lock.acquire", with,
                     lock_acquire_k);
}

static int
l_lock_acquire(lua_State *L)
{
    aio_lock *lk = check_lock(L);
    lua_settop(L, 1);
    return lock_acquire(L, lk, false);
}

static void
lock_release(lua_State *L, aio_lock *lk)
{
    if (!lk->locked)
        ll__aio_raise(L, "RuntimeError", "Lock is not acquired.");
    lk->locked = false;
    ll__aio_sync_trace(L, LL_EV_LOCK_RELEASE, lk->name);
    lock_wake_first(lk);
}

static int
l_lock_release(lua_State *L)
{
    lock_release(L, check_lock(L));
    return 0;
}

static int
l_lock_locked(lua_State *L)
{
    lua_pushboolean(L, check_lock(L)->locked);
    return 1;
}

static int
l_lock_tostring(lua_State *L)
{
    lua_pushstring(L, check_lock(L)->locked ? "<Lock locked>"
                                            : "<Lock unlocked>");
    return 1;
}

/* {=================== Semaphore ===================} */

typedef struct aio_sem {
    uint32_t    magic;
    bool        bounded;
    lua_Integer value;
    lua_Integer bound;
    aio_waitq   wq;        /* split: head holds only pending entries */
    char        name[40];
} aio_sem;

#define check_sem(L) \
    ((aio_sem *)ll__aio_sync_check(L, AIO_SEM_MAGIC, sizeof(aio_sem), "Semaphore"))

static int
sem_new(lua_State *L, bool bounded)
{
    lua_Integer v = 1;
    int isint = 1;
    aio_sem *s;
    if (!lua_isnoneornil(L, 1)) {
        if (lua_type(L, 1) != LUA_TNUMBER)
            return ll__aio_raise(L, "ValueError",
                                 "Semaphore initial value must be >= 0");
        v = lua_tointegerx(L, 1, &isint);
        if (!isint)
            return ll__aio_raise(L, "ValueError",
                                 "Semaphore initial value must be an "
                                 "integer");
        if (v < 0)
            return ll__aio_raise(L, "ValueError",
                                 "Semaphore initial value must be >= 0");
    }
    s = lua_newuserdatauv(L, sizeof *s, 0);
    s->magic = AIO_SEM_MAGIC;
    s->bounded = bounded;
    s->value = s->bound = v;
    ll__aio_waitq_init(&s->wq, true);
    sync_name(L, s->name, sizeof s->name,
              bounded ? "BoundedSemaphore" : "Semaphore", bounded ? 2 : 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    return 1;
}

static int l_sem_new(lua_State *L) { return sem_new(L, false); }
static int l_bsem_new(lua_State *L) { return sem_new(L, true); }

/* value == 0, or any entry that is not cancelled (woken ones count). */
static bool
sem_locked(const aio_sem *s)
{
    return s->value == 0 || s->wq.n > s->wq.ncancelled;
}

/* locks.py _wake_up_next: the first entry that is not done. */
static bool
sem_wake_next(aio_sem *s)
{
    aio_task *at = waitq_first(&s->wq.head);
    if (at == NULL)
        return false;
    s->value--;
    ll__aio_waitq_wake(&s->wq, at, false);
    return true;
}

static int
sem_acquired(lua_State *L, aio_sem *s)
{
    ll__aio_sync_trace(L, LL_EV_LOCK_ACQUIRE, s->name);
    lua_pushboolean(L, 1);
    return 1;
}

static int
sem_acquire_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)(kctx & ~(lua_KContext)1);
    aio_sem *s = lua_touserdata(L, 1);
    bool raise;
    (void)status;
    raise = ll__aio_waitq_resume(at);
    if (raise && at->wq_state == AIO_WQ_DONE)
        s->value++;          /* woken, but cancelled before it ran */
    /* New waiters may have arrived but had to wait due to FIFO. */
    while (s->value > 0)
        if (!sem_wake_next(s))
            break;
    if (raise)
        return ll__aio_raise(L, "CancelledError", at->cancel_msg);
    sem_acquired(L, s);
    return sync_then(L, kctx & 1);
}

static int
sem_acquire(lua_State *L, aio_sem *s, bool with)
{
    if (!sem_locked(s)) {
        s->value--;
        sem_acquired(L, s);
        return sync_then(L, with);
    }
    return sync_wait(L, &s->wq, s->name, "Semaphore.acquire", with,
                     sem_acquire_k);
}

static int
l_sem_acquire(lua_State *L)
{
    aio_sem *s = check_sem(L);
    lua_settop(L, 1);
    return sem_acquire(L, s, false);
}

static void
sem_release(lua_State *L, aio_sem *s)
{
    if (s->bounded && s->value >= s->bound)
        ll__aio_raise(L, "ValueError",
                      "BoundedSemaphore released too many times");
    s->value++;
    ll__aio_sync_trace(L, LL_EV_LOCK_RELEASE, s->name);
    sem_wake_next(s);
}

static int
l_sem_release(lua_State *L)
{
    sem_release(L, check_sem(L));
    return 0;
}

static int
l_sem_locked(lua_State *L)
{
    lua_pushboolean(L, sem_locked(check_sem(L)));
    return 1;
}

static int
l_sem_tostring(lua_State *L)
{
    aio_sem *s = check_sem(L);
    lua_pushfstring(L, "<%s value:%I waiters:%d>",
                    s->bounded ? "BoundedSemaphore" : "Semaphore",
                    (lua_Integer)s->value, (int)(s->wq.n - s->wq.ncancelled));
    return 1;
}

/* {=================== with ===================} */

/* `async with obj:` -> obj:with(fn, ...): acquire, run fn(...) protected
 * (it may await), release, then return its results or re-raise. Stack
 * while the body runs: self, results... */
static int
sync_with_done(lua_State *L, int status, lua_KContext kctx)
{
    (void)kctx;
    if (*(uint32_t *)lua_touserdata(L, 1) == AIO_LOCK_MAGIC)
        lock_release(L, lua_touserdata(L, 1));
    else
        sem_release(L, lua_touserdata(L, 1));
    if (status != LUA_OK && status != LUA_YIELD)
        return lua_error(L);
    return lua_gettop(L) - 1;
}

/* Stack: self, fn, args... (the lock is held). */
static int
sync_with_body(lua_State *L)
{
    int status = lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0,
                            sync_with_done);
    return sync_with_done(L, status, 0);
}

static int
l_sync_with(lua_State *L)
{
    void *p = lua_touserdata(L, 1);
    if (p != NULL && lua_rawlen(L, 1) == sizeof(aio_lock) &&
        *(uint32_t *)p == AIO_LOCK_MAGIC)
        return lock_acquire(L, p, true);
    return sem_acquire(L, check_sem(L), true);
}

/* {=================== registration ===================} */

static const luaL_Reg event_meth[] = {
    { "is_set", l_event_is_set },
    { "set", l_event_set },
    { "clear", l_event_clear },
    { "wait", l_event_wait },
    { "_nwaiters", l_event_nwaiters },
    { NULL, NULL }
};

static const luaL_Reg event_mt[] = {
    { "__tostring", l_event_tostring }, { NULL, NULL }
};

static const luaL_Reg lock_meth[] = {
    { "acquire", l_lock_acquire },
    { "release", l_lock_release },
    { "locked", l_lock_locked },
    { "with", l_sync_with },
    { NULL, NULL }
};

static const luaL_Reg lock_mt[] = {
    { "__tostring", l_lock_tostring }, { NULL, NULL }
};

static const luaL_Reg sem_meth[] = {
    { "acquire", l_sem_acquire },
    { "release", l_sem_release },
    { "locked", l_sem_locked },
    { "with", l_sync_with },
    { NULL, NULL }
};

static const luaL_Reg sem_mt[] = {
    { "__tostring", l_sem_tostring }, { NULL, NULL }
};

/* aio[field] = ctor with upvalues: the class metatable mt (its methods
 * checked by magic, so constructors set it without a registry lookup) and
 * the name counters. */
static void
sync_ctor(lua_State *L, int aio_idx, const char *field, lua_CFunction ctor,
          const char *mt, int counters)
{
    luaL_getmetatable(L, mt);
    lua_pushvalue(L, counters);
    lua_pushcclosure(L, ctor, 2);
    lua_setfield(L, aio_idx, field);
}

void
ll__aio_sync_open(lua_State *L, int aio_idx)
{
    int counters;
    lua_Integer *c;

    aio_idx = lua_absindex(L, aio_idx);
    c = lua_newuserdatauv(L, 3 * sizeof *c, 0);   /* Lock, Sem, BSem */
    memset(c, 0, 3 * sizeof *c);
    counters = lua_gettop(L);

    ll_lua_newclass(L, AIO_EVENT_MT, event_meth, event_mt);
    sync_ctor(L, aio_idx, "Event", l_event_new, AIO_EVENT_MT, counters);
    ll_lua_newclass(L, AIO_LOCK_MT, lock_meth, lock_mt);
    sync_ctor(L, aio_idx, "Lock", l_lock_new, AIO_LOCK_MT, counters);
    ll_lua_newclass(L, AIO_SEM_MT, sem_meth, sem_mt);
    sync_ctor(L, aio_idx, "Semaphore", l_sem_new, AIO_SEM_MT, counters);
    sync_ctor(L, aio_idx, "BoundedSemaphore", l_bsem_new, AIO_SEM_MT,
              counters);
    lua_pop(L, 1);
}
