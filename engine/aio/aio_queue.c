/* SPDX-License-Identifier: MIT
 * engine/aio/aio_queue.c -- Queue, LifoQueue, PriorityQueue in C.
 *
 * CPython's asyncio/queues.py (3.13, with shutdown) on the wait queues of
 * aio_sync.c: getters and putters are tasks parked on an aio_waitq, woken
 * with a pop (queues.py's _wakeup_next pops the waiter it wakes), so a
 * put/get pair costs no allocation. The cancel paths are queues.py's
 * `except:` blocks: a woken waiter that cannot take its turn passes the
 * wake-up on.
 *
 * Items live in a Lua table, the queue's user value: a ring over indices
 * 1..cap (FIFO; it stays in the table's array part, unlike a sliding
 * head/tail window), a stack (LIFO) or a binary heap of {prio, seq, value}
 * entries ordered by prio (`<`) then insertion (PriorityQueue), so equal
 * priorities come out FIFO. Each queue has its own small metatable holding
 * `maxsize` (a field in CPython), chained to the shared methods.
 */
#include "aio_internal.h"

#include <stdio.h>
#include <string.h>

#define AIO_QUEUE_MAGIC 0x51754555u      /* "QuEU" */

enum { Q_FIFO, Q_LIFO, Q_PRIO };

typedef struct aio_queue {
    uint32_t    magic;
    uint8_t     kind;
    bool        shutdown;
    lua_Number  maxsize;    /* a float is allowed, as in CPython */
    lua_Integer n;          /* items */
    lua_Integer head;       /* FIFO: 0-based ring start */
    lua_Integer cap;        /* FIFO: ring size */
    lua_Integer unfinished;
    lua_Integer seq;        /* PriorityQueue insertion order */
    aio_event   finished;
    aio_waitq   getters;
    aio_waitq   putters;
    char        name[40];
} aio_queue;

#define check_queue(L) ((aio_queue *)ll__aio_sync_check(L, \
    AIO_QUEUE_MAGIC, sizeof(aio_queue), "Queue"))

static bool
queue_full(const aio_queue *q)
{
    return q->maxsize > 0 && (lua_Number)q->n >= q->maxsize;
}

/* {=================== storage (items table at stack index it) ============} */

/* Heap entry order: prio (<) then seq. */
static bool
prio_less(lua_State *L, int it, lua_Integer a, lua_Integer b)
{
    bool r;
    lua_rawgeti(L, it, a);
    lua_rawgeti(L, it, b);
    lua_rawgeti(L, -2, 1);
    lua_rawgeti(L, -2, 1);
    if (lua_compare(L, -2, -1, LUA_OPEQ)) {
        lua_pop(L, 2);
        lua_rawgeti(L, -2, 2);
        lua_rawgeti(L, -2, 2);
        r = lua_tointeger(L, -2) < lua_tointeger(L, -1);
    } else {
        r = lua_compare(L, -2, -1, LUA_OPLT);
    }
    lua_pop(L, 4);
    return r;
}

static void
heap_swap(lua_State *L, int it, lua_Integer a, lua_Integer b)
{
    lua_rawgeti(L, it, a);
    lua_rawgeti(L, it, b);
    lua_rawseti(L, it, a);
    lua_rawseti(L, it, b);
}

/* Store the value on top (popped). */
static void
store_put(lua_State *L, aio_queue *q, int it)
{
    lua_Integer i;
    switch (q->kind) {
    case Q_FIFO:
        if (q->n == q->cap) {
            /* Grow the ring: the wrapped part [0, head) moves after the
             * old end, so the items stay contiguous from head. */
            lua_Integer ncap = q->cap ? q->cap * 2 : 8;
            for (i = 0; i < q->head; i++) {
                lua_rawgeti(L, it, i + 1);
                lua_rawseti(L, it, q->cap + i + 1);
                lua_pushnil(L);
                lua_rawseti(L, it, i + 1);
            }
            q->cap = ncap;
        }
        lua_rawseti(L, it, (q->head + q->n) % q->cap + 1);
        break;
    case Q_LIFO:
        lua_rawseti(L, it, q->n + 1);
        break;
    case Q_PRIO:
        lua_rawseti(L, it, q->n + 1);
        for (i = q->n + 1; i > 1 && prio_less(L, it, i, i / 2); i /= 2)
            heap_swap(L, it, i, i / 2);
        break;
    }
    q->n++;
}

/* Push the next item (the heap entry for PriorityQueue). */
static void
store_get(lua_State *L, aio_queue *q, int it)
{
    lua_Integer i, m, l, n;
    switch (q->kind) {
    case Q_FIFO:
        lua_rawgeti(L, it, q->head + 1);
        lua_pushnil(L);
        lua_rawseti(L, it, q->head + 1);
        q->head = (q->head + 1) % q->cap;
        break;
    case Q_LIFO:
        lua_rawgeti(L, it, q->n);
        lua_pushnil(L);
        lua_rawseti(L, it, q->n);
        break;
    case Q_PRIO:
        n = q->n;
        lua_rawgeti(L, it, 1);
        lua_rawgeti(L, it, n);
        lua_rawseti(L, it, 1);
        lua_pushnil(L);
        lua_rawseti(L, it, n);
        n--;
        for (i = 1;; i = m) {
            l = 2 * i;
            m = i;
            if (l <= n && prio_less(L, it, l, m))
                m = l;
            if (l + 1 <= n && prio_less(L, it, l + 1, m))
                m = l + 1;
            if (m == i)
                break;
            heap_swap(L, it, i, m);
        }
        break;
    }
    q->n--;
}

/* {=================== waking ===================} */

/* queues.py _wakeup_next: pop until a waiter that is not done, wake it. */
static void
queue_wakeup_next(aio_waitq *wq)
{
    while (!ll_list_empty(&wq->head)) {
        aio_task *at = ll_container_of(wq->head.next, aio_task, w.node);
        if (at->wq_state == AIO_WQ_PENDING) {
            ll__aio_waitq_wake(wq, at, true);
            return;
        }
        ll__aio_waitq_unlink(wq, at);
    }
}

static void
queue_trace(lua_State *L, aio_queue *q, ll_ev_kind kind)
{
    char what[64];
    if (ll__aio_ctx(L)->trace == NULL)
        return;
    snprintf(what, sizeof what, "%s size=%lld", q->name, (long long)q->n);
    ll__aio_sync_trace(L, kind, what);
}

/* {=================== put ===================} */

/* The item for the put at stack index 2 (PriorityQueue: an entry). */
static void
queue_item(lua_State *L, aio_queue *q)
{
    if (q->kind == Q_PRIO) {
        lua_settop(L, 3);
        lua_createtable(L, 3, 0);
        lua_pushvalue(L, 2);
        lua_rawseti(L, -2, 1);
        lua_pushinteger(L, ++q->seq);
        lua_rawseti(L, -2, 2);
        lua_pushvalue(L, 3);
        lua_rawseti(L, -2, 3);
        lua_replace(L, 2);
    }
    lua_settop(L, 2);
}

/* put_nowait with the item at index 2. */
static int
queue_put_item(lua_State *L, aio_queue *q)
{
    if (q->shutdown)
        return ll__aio_raise(L, "QueueShutDown", NULL);
    if (queue_full(q))
        return ll__aio_raise(L, "QueueFull", NULL);
    lua_getiuservalue(L, 1, 1);
    lua_pushvalue(L, 2);
    store_put(L, q, lua_gettop(L) - 1);
    lua_pop(L, 1);
    q->unfinished++;
    q->finished.value = false;            /* _finished.clear() */
    queue_trace(L, q, LL_EV_QUEUE_PUT);
    queue_wakeup_next(&q->getters);
    return 0;
}

static int queue_put_k(lua_State *L, int status, lua_KContext kctx);

static int
queue_put_loop(lua_State *L, aio_queue *q)
{
    aio_task *at;
    if (queue_full(q)) {
        if (q->shutdown)
            return ll__aio_raise(L, "QueueShutDown", NULL);
        at = ll__aio_current(L, "Queue:put()");
        return ll__aio_suspend(L, at, AIO_AW_WAITQ, &q->putters, "Queue.put",
                                  (lua_KContext)at, queue_put_k);
    }
    return queue_put_item(L, q);
}

static int
queue_put_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)kctx;
    aio_queue *q = lua_touserdata(L, 1);
    (void)status;
    if (ll__aio_waitq_resume(at)) {
        /* putter.cancel(): a still-pending putter counts as cancelled. */
        if (!queue_full(q) && at->wq_state == AIO_WQ_DONE)
            queue_wakeup_next(&q->putters);   /* woken, cannot take it */
        return ll__aio_raise(L, "CancelledError", at->cancel_msg);
    }
    return queue_put_loop(L, q);
}

static int
l_queue_put(lua_State *L)
{
    aio_queue *q = check_queue(L);
    queue_item(L, q);
    return queue_put_loop(L, q);
}

static int
l_queue_put_nowait(lua_State *L)
{
    aio_queue *q = check_queue(L);
    queue_item(L, q);
    return queue_put_item(L, q);
}

/* {=================== get ===================} */

static int
queue_get_item(lua_State *L, aio_queue *q)
{
    lua_getiuservalue(L, 1, 1);
    store_get(L, q, lua_gettop(L));
    queue_trace(L, q, LL_EV_QUEUE_GET);
    queue_wakeup_next(&q->putters);
    if (q->kind == Q_PRIO) {
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 3);
        return 2;
    }
    return 1;
}

static int
queue_get_empty(lua_State *L, aio_queue *q)
{
    if (q->shutdown)
        return ll__aio_raise(L, "QueueShutDown", NULL);
    return ll__aio_raise(L, "QueueEmpty", NULL);
}

static int queue_get_k(lua_State *L, int status, lua_KContext kctx);

static int
queue_get_loop(lua_State *L, aio_queue *q)
{
    aio_task *at;
    if (q->n == 0) {
        if (q->shutdown)
            return ll__aio_raise(L, "QueueShutDown", NULL);
        at = ll__aio_current(L, "Queue:get()");
        return ll__aio_suspend(L, at, AIO_AW_WAITQ, &q->getters, "Queue.get",
                                  (lua_KContext)at, queue_get_k);
    }
    return queue_get_item(L, q);
}

static int
queue_get_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)kctx;
    aio_queue *q = lua_touserdata(L, 1);
    (void)status;
    if (ll__aio_waitq_resume(at)) {
        if (q->n > 0 && at->wq_state == AIO_WQ_DONE)
            queue_wakeup_next(&q->getters);   /* woken, cannot take it */
        return ll__aio_raise(L, "CancelledError", at->cancel_msg);
    }
    return queue_get_loop(L, q);
}

static int
l_queue_get(lua_State *L)
{
    aio_queue *q = check_queue(L);
    lua_settop(L, 1);
    return queue_get_loop(L, q);
}

static int
l_queue_get_nowait(lua_State *L)
{
    aio_queue *q = check_queue(L);
    lua_settop(L, 1);
    if (q->n == 0)
        return queue_get_empty(L, q);
    return queue_get_item(L, q);
}

/* {=================== the rest ===================} */

static int
l_queue_qsize(lua_State *L)
{
    lua_pushinteger(L, check_queue(L)->n);
    return 1;
}

static int
l_queue_empty(lua_State *L)
{
    lua_pushboolean(L, check_queue(L)->n == 0);
    return 1;
}

static int
l_queue_full(lua_State *L)
{
    lua_pushboolean(L, queue_full(check_queue(L)));
    return 1;
}

static int
l_queue_task_done(lua_State *L)
{
    aio_queue *q = check_queue(L);
    if (q->unfinished <= 0)
        return ll__aio_raise(L, "ValueError",
                             "task_done() called too many times");
    if (--q->unfinished == 0)
        ll__aio_event_set(&q->finished);
    return 0;
}

static int
l_queue_join(lua_State *L)
{
    aio_queue *q = check_queue(L);
    lua_settop(L, 1);
    if (q->unfinished > 0)
        return ll__aio_event_wait(L, &q->finished, "Queue.join");
    return 0;
}

static int
l_queue_shutdown(lua_State *L)
{
    aio_queue *q = check_queue(L);
    q->shutdown = true;
    if (lua_toboolean(L, 2)) {
        int it;
        lua_getiuservalue(L, 1, 1);
        it = lua_gettop(L);
        while (q->n > 0) {
            store_get(L, q, it);
            lua_pop(L, 1);
            if (q->unfinished > 0)
                q->unfinished--;
        }
        lua_pop(L, 1);
        if (q->unfinished == 0)
            ll__aio_event_set(&q->finished);
    }
    /* Every getter and putter re-checks and raises QueueShutDown. */
    while (!ll_list_empty(&q->getters.head))
        queue_wakeup_next(&q->getters);
    while (!ll_list_empty(&q->putters.head))
        queue_wakeup_next(&q->putters);
    return 0;
}

static int
l_queue_ngetters(lua_State *L)
{
    lua_pushinteger(L, check_queue(L)->getters.n);
    return 1;
}

static int
l_queue_nputters(lua_State *L)
{
    lua_pushinteger(L, check_queue(L)->putters.n);
    return 1;
}

static int
l_queue_tostring(lua_State *L)
{
    aio_queue *q = check_queue(L);
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "maxsize");
    lua_pushfstring(L, "<%s maxsize=%s qsize=%I>", q->name,
                    luaL_tolstring(L, -1, NULL), (lua_Integer)q->n);
    return 1;
}

/* {=================== constructors ===================} */

static const char *const queue_kinds[] = { "Queue", "LifoQueue",
                                           "PriorityQueue" };

/* Upvalues: 1 the shared class table (its __index = methods), 2 the
 * per-kind name counters, 3 the kind. */
static int
l_queue_new(lua_State *L)
{
    lua_Integer *counts;
    int kind = (int)lua_tointeger(L, lua_upvalueindex(3));
    aio_queue *q;

    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_pushinteger(L, 0);
    } else if (lua_type(L, 1) != LUA_TNUMBER) {
        return ll__aio_raise(L, "ValueError", "maxsize must be a number");
    }
    lua_settop(L, 1);
    q = lua_newuserdatauv(L, sizeof *q, 1);
    memset(q, 0, sizeof *q);
    q->magic = AIO_QUEUE_MAGIC;
    q->kind = (uint8_t)kind;
    q->maxsize = lua_tonumber(L, 1);
    ll__aio_event_init(&q->finished);
    q->finished.value = true;
    ll__aio_waitq_init(&q->getters, false);
    ll__aio_waitq_init(&q->putters, false);
    counts = lua_touserdata(L, lua_upvalueindex(2));
    snprintf(q->name, sizeof q->name, "%s-%lld", queue_kinds[kind],
             (long long)++counts[kind]);
    lua_createtable(L, q->maxsize > 0 && q->maxsize <= 1024 ?
                    (int)q->maxsize : 0, 0);
    lua_setiuservalue(L, -2, 1);
    /* The queue's own metatable: {__index = itself, maxsize = N}, whose
     * metatable is the class (its __index: the methods). */
    lua_createtable(L, 0, 4);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "maxsize");
    lua_getfield(L, lua_upvalueindex(1), "__tostring");
    lua_setfield(L, -2, "__tostring");
    lua_pushstring(L, queue_kinds[kind]);
    lua_setfield(L, -2, "__name");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setmetatable(L, -2);
    lua_setmetatable(L, -2);
    return 1;
}

static const luaL_Reg queue_meth[] = {
    { "put", l_queue_put },
    { "get", l_queue_get },
    { "put_nowait", l_queue_put_nowait },
    { "get_nowait", l_queue_get_nowait },
    { "qsize", l_queue_qsize },
    { "empty", l_queue_empty },
    { "full", l_queue_full },
    { "task_done", l_queue_task_done },
    { "join", l_queue_join },
    { "shutdown", l_queue_shutdown },
    { "_ngetters", l_queue_ngetters },
    { "_nputters", l_queue_nputters },
    { NULL, NULL }
};

static const luaL_Reg queue_mt[] = {
    { "__tostring", l_queue_tostring }, { NULL, NULL }
};

void
ll__aio_queue_open(lua_State *L, int aio_idx)
{
    lua_Integer *counts;
    int k;

    aio_idx = lua_absindex(L, aio_idx);
    ll_lua_newclass(L, AIO_QUEUE_MT, queue_meth, queue_mt);
    luaL_getmetatable(L, AIO_QUEUE_MT);          /* the class */
    counts = lua_newuserdatauv(L, 3 * sizeof *counts, 0);
    memset(counts, 0, 3 * sizeof *counts);
    for (k = 0; k < 3; k++) {
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_pushinteger(L, k);
        lua_pushcclosure(L, l_queue_new, 3);
        lua_setfield(L, aio_idx, queue_kinds[k]);
    }
    lua_pop(L, 2);
}
