/* SPDX-License-Identifier: MIT
 * engine/aio/aio_gather.c -- aio.gather, kept in C for the spawn path.
 *
 * CPython's _GatheringFuture without the future: the gather record is what
 * the awaiting task waits on (AIO_AW_GATHER). Results come in argument
 * order; with return_exceptions=false the first failing (or cancelled)
 * child ends the gather at once while its siblings keep running; cancelling
 * the awaiting task cancels every unfinished child and the gather then
 * raises CancelledError (even with return_exceptions), as since 3.7.
 * Children that fail after an early return are marked as owned by the
 * gather (`gathered`), standing in for CPython's "mark retrieved".
 */
#include "aio_internal.h"

#include <string.h>

/* One record per child, so a child's completion touches one cache line
 * (three parallel arrays were three misses per child at 10^6 children,
 * which finish in random order). A Future is tagged by the low bit of its
 * (aligned userdata) pointer. */
typedef struct aio_kid {
    ll_task_waiter w;
    uintptr_t      aw;
} aio_kid;

struct aio_gather {
    aio_task       *parent;
    size_t          n, done, first_err, last;  /* 1-based, 0 = none */
    bool            return_exceptions, finished, cancel_requested;
    aio_kid        *kids;
};

static aio_kind
aio_kid_kind(const aio_gather *g, size_t i)
{
    return (g->kids[i].aw & 1) ? AIO_AW_FUTURE : AIO_AW_TASK;
}

static void *
aio_kid_aw(const aio_gather *g, size_t i)
{
    return (void *)(g->kids[i].aw & ~(uintptr_t)1);
}

static ll_task_state
aio_kid_state(aio_gather *g, size_t i)
{
    if (aio_kid_kind(g, i) == AIO_AW_TASK)
        return ((aio_task *)aio_kid_aw(g, i))->t.state;
    return ((aio_future *)aio_kid_aw(g, i))->state;
}

static void
aio_gather_child_done(ll_callback *cb)
{
    ll_task_waiter *w = ll_task_waiter_of(cb);
    aio_gather *g = w->data;
    size_t idx = (size_t)(ll_container_of(w, aio_kid, w) - g->kids);

    g->done++;
    if (g->finished)
        return;
    g->last = idx + 1;
    if (aio_kid_state(g, idx) != LL_TASK_DONE && !g->return_exceptions) {
        g->finished = true;
        g->first_err = idx + 1;
        ll_task_wake(&g->parent->t);
    } else if (g->done == g->n) {
        g->finished = true;
        ll_task_wake(&g->parent->t);
    }
}

static void
aio_gather_detach(aio_gather *g)
{
    size_t i;
    for (i = 0; g->kids && i < g->n; i++)
        ll_task_remove_waiter(&g->kids[i].w);
}

bool
ll__aio_gather_cancel(aio_gather *g, const char *msg)
{
    bool ret = false;
    size_t i;
    if (g->finished)
        return false;
    for (i = 0; i < g->n; i++)
        if (ll__aio_aw_cancel(aio_kid_kind(g, i), aio_kid_aw(g, i), msg))
            ret = true;
    if (ret)
        g->cancel_requested = true;
    return ret;
}

static int
l_gather_gc(lua_State *L)
{
    aio_gather *g = lua_touserdata(L, 1);
    aio_gather_detach(g);
    ll_free(g->kids);
    g->kids = NULL;
    return 0;
}

/* Push child i's value (or error value); raise it when `raise`. */
static void
aio_gather_push_kid(lua_State *L, aio_gather *g, size_t i, bool raise)
{
    if (aio_kid_kind(g, i) == AIO_AW_TASK) {
        ll__aio_push_first(L, aio_kid_aw(g, i));
        if (raise)
            lua_error(L);
        return;
    } else {
        aio_future *f = aio_kid_aw(g, i);
        f->retrieved = true;
        if (f->state == LL_TASK_CANCELLED) {
            lua_pushnil(L);
            ll__aio_push_error(L, "CancelledError", f->cancel_msg);
        } else {
            ll__aio_push_ref(L, f->res_ref);
            if (f->state != LL_TASK_DONE)
                lua_getfield(L, -1, "value");
            else if (f->nres >= 2)
                lua_rawgeti(L, -1, 1);
            else
                lua_pushvalue(L, -1);
        }
    }
    lua_remove(L, -2);
    if (raise)
        lua_error(L);
}

static void
aio_gather_disown(aio_gather *g)
{
    size_t i;
    for (i = 0; i < g->n; i++)
        if (aio_kid_kind(g, i) == AIO_AW_TASK)
            ((aio_task *)aio_kid_aw(g, i))->gathered = true;
}

static int
aio_gather_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_gather *g = lua_touserdata(L, (int)kctx);
    size_t i;
    (void)status;

    ll__aio_resume_check(L, g->parent);
    aio_gather_detach(g);
    if (g->first_err) {
        /* The first error propagates; siblings keep running. */
        aio_gather_disown(g);
        aio_gather_push_kid(L, g, g->first_err - 1, true);
    }
    if (g->cancel_requested) {
        const char *msg = NULL;
        if (g->last && aio_kid_state(g, g->last - 1) == LL_TASK_CANCELLED) {
            aio_gather_push_kid(L, g, g->last - 1, false);
            lua_getfield(L, -1, "message");
            msg = lua_tostring(L, -1);
        }
        return ll__aio_raise(L, "CancelledError", msg);
    }
    lua_createtable(L, (int)g->n, 1);
    for (i = 0; i < g->n; i++) {
        aio_gather_push_kid(L, g, i, false);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushinteger(L, (lua_Integer)g->n);
    lua_setfield(L, -2, "n");
    return 1;
}

static int
l_aio_gather(lua_State *L)
{
    aio_task *at = ll__aio_current(L, "aio.gather()");
    aio_run *run = ll__aio_run_of(at);
    aio_gather *g;
    lua_Integer n, i;
    int gidx, kids;

    luaL_checktype(L, 1, LUA_TTABLE);
    n = luaL_len(L, 1);
    lua_settop(L, 2);
    g = lua_newuserdatauv(L, sizeof *g, 1);
    memset(g, 0, sizeof *g);
    luaL_setmetatable(L, AIO_GATHER_MT);
    gidx = lua_gettop(L);
    g->parent = at;
    /* g->n stays 0 until every item is checked: an item rejected half-way
     * raises, and the __gc must then not detach waiters never prepared */
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "return_exceptions");
        g->return_exceptions = lua_toboolean(L, -1);
        lua_pop(L, 1);
    }
    if (n == 0) {
        lua_createtable(L, 0, 1);
        lua_pushinteger(L, 0);
        lua_setfield(L, -2, "n");
        return 1;
    }
    g->kids = ll_calloc((size_t)n, sizeof *g->kids);
    if (g->kids == NULL)
        return luaL_error(L, "aio.gather: out of memory");
    lua_createtable(L, (int)n, 0);          /* anchors the children */
    kids = lua_gettop(L);
    for (i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        if (lua_isfunction(L, -1)) {
            ll__aio_spawn(L, run, NULL, -1, 0);
            lua_remove(L, -2);
        }
        if (luaL_testudata(L, -1, AIO_TASK_MT) != NULL) {
            g->kids[i - 1].aw = (uintptr_t)lua_touserdata(L, -1);
        } else if (ll__aio_test_future(L, -1) != NULL) {
            g->kids[i - 1].aw = (uintptr_t)lua_touserdata(L, -1) | 1;
        } else {
            return luaL_error(L, "aio.gather: item %d is a %s (expected a "
                              "task, a future or a function)", (int)i,
                              luaL_typename(L, -1));
        }
        lua_rawseti(L, kids, i);
    }
    lua_setiuservalue(L, gidx, 1);
    g->n = (size_t)n;
    for (i = 0; i < n; i++) {
        ll_task_waiter *w = &g->kids[i].w;
        ll_task_waiter_prepare(w);
        w->fn = aio_gather_child_done;
        w->data = g;
        if (aio_kid_kind(g, i) == AIO_AW_TASK)
            ll_task_add_waiter(&((aio_task *)aio_kid_aw(g, i))->t, w);
        else
            ll__aio_future_add_waiter(aio_kid_aw(g, i), w);
    }
    return ll__aio_suspend(L, at, AIO_AW_GATHER, g, "gather",
                           (lua_KContext)gidx, aio_gather_k);
}

void
ll__aio_gather_open(lua_State *L, int aio_idx)
{
    aio_idx = lua_absindex(L, aio_idx);
    luaL_newmetatable(L, AIO_GATHER_MT);
    lua_pushcfunction(L, l_gather_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    lua_pushcfunction(L, l_aio_gather);
    lua_setfield(L, aio_idx, "gather");
}
