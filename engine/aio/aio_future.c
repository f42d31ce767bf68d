/* SPDX-License-Identifier: MIT
 * engine/aio/aio_future.c -- Future, done callbacks, call_soon/later/at, and
 * the C API of aio.h.
 *
 * A Future is a userdata with a state, a results table (or error holder)
 * and a list of ll_task_waiters: tasks awaiting it and done-callback
 * records, in registration order. Settling it queues every waiter on the
 * running loop, so wake-ups and callbacks happen one loop turn later in
 * FIFO order, as CPython's call_soon'ed done callbacks do. Futures only
 * know the main thread (to find the current run through the registry), so
 * one that outlives its aio.run is harmless: settling it later wakes
 * nobody.
 *
 * Handles (call_soon/call_later/call_at) live in their run's list and are
 * dropped when the run ends; a pending handle anchors its callback.
 */
#include "aio_internal.h"

#include <math.h>
#include <string.h>

typedef struct aio_handle {
    ll_callback   cb;
    ll_timer      tm;
    ll_list_node  node;      /* run->handles while scheduled */
    aio_run      *run;
    int           fn_ref;    /* {fn, args..., n=} */
    int           self_ref;
    bool          is_timer;
    bool          cancelled;
} aio_handle;

typedef struct aio_cbrec {
    ll_task_waiter w;
    lua_State     *G;        /* main thread: reaches the registry */
    int            fn_ref;
    int            target_ref;
    int            self_ref;
} aio_cbrec;

static aio_run *
aio_run_of(lua_State *L)
{
    ll_lua_ctx *ctx = ll_lua_ctx_of(L);
    return ctx->sched ? ll_sched_data(ctx->sched) : NULL;
}

static lua_State *
aio_main_thread(lua_State *L)
{
    lua_State *G;
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
    G = lua_tothread(L, -1);
    lua_pop(L, 1);
    return G;
}

/* {=================== futures ===================} */

struct aio_future_box {
    aio_future f;
    lua_State *G;
};

aio_future *
ll__aio_test_future(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, AIO_FUTURE_MT);
}

static aio_future *
aio_check_future(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, AIO_FUTURE_MT);
}

/* Methods get the Future metatable as upvalue 1: checking `self` is one
 * lua_getmetatable + rawequal instead of a registry lookup by name. */
static aio_future *
aio_self(lua_State *L)
{
    void *p = lua_touserdata(L, 1);
    if (p != NULL && lua_getmetatable(L, 1)) {
        bool ok = lua_rawequal(L, -1, lua_upvalueindex(1));
        lua_pop(L, 1);
        if (ok)
            return p;
    }
    return luaL_checkudata(L, 1, AIO_FUTURE_MT);
}

static lua_State *
aio_future_G(aio_future *f)
{
    return ((struct aio_future_box *)f)->G;
}

/* Push a new pending Future; mt_idx is the Future metatable's index, or 0
 * to look it up by name (the C API). */
static void
aio_future_push_new(lua_State *L, int mt_idx)
{
    struct aio_future_box *b;
    if (ll_lua_ctx_of(L)->sched == NULL)
        (void)ll__aio_running(L, "aio.Future()");      /* raises */
    b = lua_newuserdatauv(L, sizeof *b, 0);
    memset(b, 0, sizeof *b);
    b->f.state = LL_TASK_PENDING;
    b->f.res_ref = LUA_NOREF;
    ll_list_init(&b->f.waiters);
    b->G = aio_main_thread(L);
    if (mt_idx == 0) {
        luaL_setmetatable(L, AIO_FUTURE_MT);
    } else {
        lua_pushvalue(L, mt_idx);
        lua_setmetatable(L, -2);
    }
}

void
ll_aio_future_new(lua_State *L)
{
    aio_future_push_new(L, 0);
}

bool
ll_aio_is_future(lua_State *L, int idx)
{
    return ll__aio_test_future(L, idx) != NULL;
}

bool
ll_aio_future_done(lua_State *L, int idx)
{
    aio_future *f = ll__aio_test_future(L, idx);
    return f != NULL && f->state != LL_TASK_PENDING;
}

void
ll__aio_future_add_waiter(aio_future *f, ll_task_waiter *w)
{
    lua_State *G = aio_future_G(f);
    ll_task_waiter_prepare(w);
    if (f->state != LL_TASK_PENDING) {
        aio_run *run = aio_run_of(G);
        if (run != NULL)
            ll_task_waiter_queue(run->loop, w);
        return;
    }
    ll_list_push_back(&f->waiters, &w->node);
}

/* Mark f finished and queue its waiters (on the current run, if any). */
static void
aio_future_settle(aio_future *f, ll_task_state st)
{
    aio_run *run = aio_run_of(aio_future_G(f));
    ll_list_node *n;

    f->state = st;
    f->cancel_cb = NULL;
    while ((n = f->waiters.next) != &f->waiters) {
        ll_task_waiter *w = ll_container_of(n, ll_task_waiter, node);
        if (run != NULL)
            ll_task_waiter_queue(run->loop, w);
        else
            ll_list_remove(n);
    }
}

static int
aio_future_resolve(lua_State *L, aio_future *f, int nres)
{
    int i;
    if (f->state != LL_TASK_PENDING) {
        lua_pop(L, nres);
        return LL_EINVAL;
    }
    f->nres = nres;
    if (nres == 1 && lua_type(L, -1) == LUA_TBOOLEAN) {
        f->res_ref = lua_toboolean(L, -1) ? AIO_REF_TRUE : AIO_REF_FALSE;
        lua_pop(L, 1);
        aio_future_settle(f, LL_TASK_DONE);
        return LL_OK;
    }
    if (nres == 0) {
        lua_pushnil(L);
    } else if (nres > 1) {
        lua_createtable(L, nres, 0);
        lua_insert(L, -(nres + 1));
        for (i = nres; i >= 1; i--)
            lua_rawseti(L, -(i + 1), i);
    }
    f->res_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    aio_future_settle(f, LL_TASK_DONE);
    return LL_OK;
}

int
ll_aio_future_resolve(lua_State *L, int idx, int nres)
{
    return aio_future_resolve(L, aio_check_future(L, idx), nres);
}

int
ll_aio_future_reject(lua_State *L, int idx)
{
    aio_future *f = aio_check_future(L, idx);
    if (f->state != LL_TASK_PENDING) {
        lua_pop(L, 1);
        return LL_EINVAL;
    }
    ll__aio_wrap_error(L);
    f->res_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    aio_future_settle(f, LL_TASK_FAILED);
    return LL_OK;
}

void
ll_aio_future_on_cancel(lua_State *L, int idx, ll_aio_cancel_fn fn, void *ud)
{
    aio_future *f = aio_check_future(L, idx);
    f->cancel_cb = fn;
    f->cancel_ud = ud;
}

bool
ll__aio_future_cancel_ptr(aio_future *f, const char *msg)
{
    ll_aio_cancel_fn cb = f->cancel_cb;
    if (f->state != LL_TASK_PENDING)
        return false;
    ll_free(f->cancel_msg);
    f->cancel_msg = ll_strdup(msg);
    f->cancel_cb = NULL;
    if (cb != NULL)
        cb(f->cancel_ud);
    aio_future_settle(f, LL_TASK_CANCELLED);
    return true;
}

int
ll__aio_future_push_results(lua_State *L, aio_future *f)
{
    int n, i;
    switch (f->state) {
    case LL_TASK_PENDING:
        return ll__aio_raise(L, "InvalidStateError", "Result is not set.");
    case LL_TASK_CANCELLED:
        return ll__aio_raise(L, "CancelledError", f->cancel_msg);
    case LL_TASK_FAILED:
        f->retrieved = true;
        ll__aio_push_ref(L, f->res_ref);
        lua_getfield(L, -1, "value");
        return lua_error(L);
    case LL_TASK_DONE:
        break;
    }
    ll__aio_push_ref(L, f->res_ref);
    n = f->nres;
    if (n <= 1) {
        lua_settop(L, lua_gettop(L) - 1 + n);
        return n;
    }
    luaL_checkstack(L, n, "too many results");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);
    lua_remove(L, -n - 1);
    return n;
}

/* aio.Future(): the metatable is upvalue 1 (a registry lookup by name
 * was ~270 instructions of every Lock/Event/Queue wait). */
static int
l_future_new(lua_State *L)
{
    aio_future_push_new(L, lua_upvalueindex(1));
    return 1;
}

static int
l_future_set_result(lua_State *L)
{
    int n = lua_gettop(L) - 1;
    aio_future *f = aio_self(L);
    if (f->state != LL_TASK_PENDING)
        return ll__aio_raise(L, "InvalidStateError", "invalid state");
    aio_future_resolve(L, f, n);
    return 0;
}

static int
l_future_set_exception(lua_State *L)
{
    aio_future *f = aio_self(L);
    luaL_checkany(L, 2);
    if (f->state != LL_TASK_PENDING)
        return ll__aio_raise(L, "InvalidStateError", "invalid state");
    lua_settop(L, 2);
    ll_aio_future_reject(L, 1);
    return 0;
}

static int
l_future_result(lua_State *L)
{
    return ll__aio_future_push_results(L, aio_self(L));
}

static int
l_future_exception(lua_State *L)
{
    aio_future *f = aio_self(L);
    switch (f->state) {
    case LL_TASK_PENDING:
        return ll__aio_raise(L, "InvalidStateError", "Exception is not set.");
    case LL_TASK_CANCELLED:
        return ll__aio_raise(L, "CancelledError", f->cancel_msg);
    case LL_TASK_FAILED:
        f->retrieved = true;
        ll__aio_push_ref(L, f->res_ref);
        lua_getfield(L, -1, "value");
        return 1;
    case LL_TASK_DONE:
        break;
    }
    lua_pushnil(L);
    return 1;
}

static int
l_future_done(lua_State *L)
{
    lua_pushboolean(L, aio_self(L)->state != LL_TASK_PENDING);
    return 1;
}

static int
l_future_cancelled(lua_State *L)
{
    lua_pushboolean(L, aio_self(L)->state == LL_TASK_CANCELLED);
    return 1;
}

static int
l_future_cancel(lua_State *L)
{
    aio_future *f = aio_self(L);
    lua_pushboolean(L, ll__aio_future_cancel_ptr(f, luaL_optstring(L, 2,
                                                                  NULL)));
    return 1;
}

/* Reasons the Lua library may give (ll_task_block keeps the pointer). */
static const char *const aio_reasons[] = {
    "Lock.acquire", "Event.wait", "Condition.wait", "Semaphore.acquire",
    "Queue.get", "Queue.put", "wait", "wait_for", "TaskGroup", NULL
};

/* fut:await([reason]) */
static int
l_future_await(lua_State *L)
{
    aio_future *f = aio_self(L);
    const char *reason = "future";
    aio_task *at;
    int i;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        /* The library passes the index into aio_reasons (1-based). */
        lua_Integer k = lua_tointeger(L, 2);
        if (k >= 1 && k < (lua_Integer)(sizeof aio_reasons / sizeof *aio_reasons))
            reason = aio_reasons[k - 1];
    } else if (lua_type(L, 2) == LUA_TSTRING)
        for (i = 0; aio_reasons[i]; i++)
            if (strcmp(aio_reasons[i], lua_tostring(L, 2)) == 0)
                reason = aio_reasons[i];
    lua_settop(L, 1);
    if (f->state != LL_TASK_PENDING)
        return ll__aio_return(L, ll__aio_future_push_results(L, f));
    at = ll__aio_current(L, "Future:await()");
    return ll__aio_suspend(L, at, AIO_AW_FUTURE, f, reason,
                           (lua_KContext)at, ll__aio_await_k);
}

static int
l_future_tostring(lua_State *L)
{
    aio_future *f = aio_self(L);
    lua_pushfstring(L, "<Future %s>", ll_task_state_name(f->state));
    return 1;
}

static int
l_future_gc(lua_State *L)
{
    aio_future *f = lua_touserdata(L, 1);
    ll_list_node *n;
    /* Waiters anchor what they wait on, so only dead ones can be left. */
    while ((n = ll_list_pop_front(&f->waiters)) != NULL)
        ;
    luaL_unref(L, LUA_REGISTRYINDEX, f->res_ref);
    f->res_ref = LUA_NOREF;
    ll_free(f->cancel_msg);
    f->cancel_msg = NULL;
    return 0;
}

/* {=================== done callbacks ===================} */

static void
aio_cbrec_release(lua_State *L, aio_cbrec *r)
{
    luaL_unref(L, LUA_REGISTRYINDEX, r->fn_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, r->target_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, r->self_ref);
    r->fn_ref = r->target_ref = r->self_ref = LUA_NOREF;
}

static int
aio_traceback(lua_State *L)
{
    const char *msg = ll_lua_pushsafestring(L, 1, NULL);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Run fn(args) on the run's thread; an error is reported, CPython-style,
 * as "Exception in callback", and never stops the loop. */
static void
aio_call_protected(lua_State *L, int nargs, const char *what)
{
    int base = lua_gettop(L) - nargs - 1;
    lua_pushcfunction(L, aio_traceback);
    lua_insert(L, base + 1);
    if (lua_pcall(L, nargs, 0, base + 1) != LUA_OK) {
        char *m = ll_asprintf("Exception in callback %s", what);
        ll__aio_warn(L, 0, "", m ? m : "Exception in callback",
                     lua_tostring(L, -1));
        ll_free(m);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);                      /* the handler */
}

static void
aio_cbrec_fire(ll_callback *cb)
{
    aio_cbrec *r = ll_container_of(ll_task_waiter_of(cb), aio_cbrec, w);
    aio_run *run = aio_run_of(r->G);
    lua_State *L;
    if (run == NULL)
        return;
    L = run->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->target_ref);
    aio_cbrec_release(L, r);
    aio_call_protected(L, 1, "done callback");
}

/* t:add_done_callback(fn) for tasks and futures. */
int
ll__aio_add_done_callback(lua_State *L)
{
    aio_future *f = ll__aio_test_future(L, 1);
    aio_task *at = f ? NULL : luaL_testudata(L, 1, AIO_TASK_MT);
    aio_cbrec *r;

    if (f == NULL && at == NULL)
        return luaL_argerror(L, 1, "expected a task or a future");
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (aio_run_of(L) == NULL)
        return luaL_error(L, "add_done_callback: no running event loop");
    r = lua_newuserdatauv(L, sizeof *r, 0);
    memset(r, 0, sizeof *r);
    luaL_setmetatable(L, AIO_CBREC_MT);
    r->G = aio_main_thread(L);
    r->self_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, 2);
    r->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, 1);
    r->target_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_task_waiter_prepare(&r->w);
    r->w.fn = aio_cbrec_fire;
    r->w.data = r;
    if (f != NULL)
        ll__aio_future_add_waiter(f, &r->w);
    else
        ll_task_add_waiter(&at->t, &r->w);
    return 0;
}

int
ll__aio_remove_done_callback(lua_State *L)
{
    aio_future *f = ll__aio_test_future(L, 1);
    aio_task *at = f ? NULL : luaL_testudata(L, 1, AIO_TASK_MT);
    ll_list_node *head, *p, *next;
    int n = 0;

    if (f == NULL && at == NULL)
        return luaL_argerror(L, 1, "expected a task or a future");
    luaL_checkany(L, 2);
    head = f ? &f->waiters : &at->t.waiters;
    for (p = head->next; p != head; p = next) {
        ll_task_waiter *w = ll_container_of(p, ll_task_waiter, node);
        aio_cbrec *r;
        next = p->next;
        if (w->fn != aio_cbrec_fire)
            continue;
        r = ll_container_of(w, aio_cbrec, w);
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
        if (lua_rawequal(L, -1, 2)) {
            ll_task_remove_waiter(w);
            aio_cbrec_release(L, r);
            n++;
        }
        lua_pop(L, 1);
    }
    lua_pushinteger(L, n);
    return 1;
}

/* {=================== call_soon / call_later / call_at ===================} */

static void
aio_handle_drop(lua_State *L, aio_handle *h)
{
    ll_list_remove(&h->node);
    ll_loop_cancel_soon(&h->cb);
    if (h->is_timer)
        ll_timer_stop(&h->tm);
    luaL_unref(L, LUA_REGISTRYINDEX, h->fn_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, h->self_ref);
    h->fn_ref = h->self_ref = LUA_NOREF;
}

static void
aio_handle_run(aio_handle *h)
{
    lua_State *L = h->run->L;
    int n, i;
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->fn_ref);
    aio_handle_drop(L, h);
    lua_getfield(L, -1, "n");
    n = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    luaL_checkstack(L, n + 4, "too many callback arguments");
    for (i = 1; i <= n; i++)
        lua_rawgeti(L, -i, i);
    lua_remove(L, -n - 1);
    aio_call_protected(L, n - 1, "handle");
}

static void
aio_handle_soon(ll_callback *cb)
{
    aio_handle_run(cb->data);
}

static void
aio_handle_timer(ll_timer *t)
{
    aio_handle_run(t->data);
}

/* Build a handle for fn at fidx and the arguments after it. */
static aio_handle *
aio_handle_new(lua_State *L, aio_run *run, int fidx, bool is_timer)
{
    int top = lua_gettop(L), i;
    aio_handle *h;
    luaL_checktype(L, fidx, LUA_TFUNCTION);
    h = lua_newuserdatauv(L, sizeof *h, 0);
    memset(h, 0, sizeof *h);
    luaL_setmetatable(L, AIO_HANDLE_MT);
    h->run = run;
    h->is_timer = is_timer;
    ll_list_init(&h->cb.node);
    h->cb.fn = aio_handle_soon;
    h->cb.data = h;
    ll_timer_init(run->loop, &h->tm);
    h->tm.data = h;
    lua_createtable(L, top - fidx + 1, 1);
    for (i = fidx; i <= top; i++) {
        lua_pushvalue(L, i);
        lua_rawseti(L, -2, i - fidx + 1);
    }
    lua_pushinteger(L, top - fidx + 1);
    lua_setfield(L, -2, "n");
    h->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, -1);
    h->self_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    ll_list_push_back(&run->handles, &h->node);
    return h;                           /* stack: ..., handle */
}

static int
l_aio_call_soon(lua_State *L)
{
    aio_run *run = ll__aio_running(L, "aio.call_soon()");
    aio_handle *h = aio_handle_new(L, run, 1, false);
    ll_loop_call_soon(run->loop, &h->cb);
    return 1;
}

static int
aio_call_at_ns(lua_State *L, aio_run *run, int fidx, int64_t when)
{
    aio_handle *h = aio_handle_new(L, run, fidx, true);
    if (ll_timer_start_at(&h->tm, when, aio_handle_timer) != LL_OK)
        return luaL_error(L, "out of memory scheduling a timer");
    return 1;
}

static int
l_aio_call_later(lua_State *L)
{
    aio_run *run = ll__aio_running(L, "aio.call_later()");
    double d = luaL_checknumber(L, 1);
    if (isnan(d))
        return luaL_argerror(L, 1, "delay is NaN");
    /* Negative delays keep their order (CPython: ordered by deadline). */
    return aio_call_at_ns(L, run, 2, ll_loop_now(run->loop) +
                          (d < 0 ? -ll_clock_s2ns(-d) : ll_clock_s2ns(d)));
}

static int
l_aio_call_at(lua_State *L)
{
    aio_run *run = ll__aio_running(L, "aio.call_at()");
    double w = luaL_checknumber(L, 1);
    if (isnan(w))
        return luaL_argerror(L, 1, "time is NaN");
    return aio_call_at_ns(L, run, 2, ll_clock_s2ns(w));
}

static int
l_handle_cancel(lua_State *L)
{
    aio_handle *h = luaL_checkudata(L, 1, AIO_HANDLE_MT);
    if (!h->cancelled && h->self_ref != LUA_NOREF)
        aio_handle_drop(L, h);
    h->cancelled = true;
    return 0;
}

static int
l_handle_cancelled(lua_State *L)
{
    lua_pushboolean(L, ((aio_handle *)luaL_checkudata(L, 1,
                                                      AIO_HANDLE_MT))->cancelled);
    return 1;
}

static int
l_handle_when(lua_State *L)
{
    aio_handle *h = luaL_checkudata(L, 1, AIO_HANDLE_MT);
    if (!h->is_timer)
        lua_pushnil(L);
    else
        lua_pushnumber(L, (double)h->tm.deadline / 1e9);
    return 1;
}

/* Called by aio.run at the end: pending handles never run (their loop is
 * closing), and must not keep pointers into it. */
void ll__aio_handles_close(lua_State *L, aio_run *run);
void
ll__aio_handles_close(lua_State *L, aio_run *run)
{
    ll_list_node *p;
    while ((p = run->handles.next) != &run->handles)
        aio_handle_drop(L, ll_container_of(p, aio_handle, node));
}

/* {=================== registration ===================} */

static const luaL_Reg aio_future_meth[] = {
    { "set_result", l_future_set_result },
    { "set_exception", l_future_set_exception },
    { "result", l_future_result },
    { "exception", l_future_exception },
    { "done", l_future_done },
    { "cancelled", l_future_cancelled },
    { "cancel", l_future_cancel },
    { "add_done_callback", ll__aio_add_done_callback },
    { "remove_done_callback", ll__aio_remove_done_callback },
    { "await", l_future_await },
    { NULL, NULL }
};

static const luaL_Reg aio_handle_meth[] = {
    { "cancel", l_handle_cancel },
    { "cancelled", l_handle_cancelled },
    { "when", l_handle_when },
    { NULL, NULL }
};

static const luaL_Reg aio_future_funcs[] = {
    { "call_soon", l_aio_call_soon },
    { "call_later", l_aio_call_later },
    { "call_at", l_aio_call_at },
    { NULL, NULL }
};

void
ll__aio_future_open(lua_State *L, int aio_idx)
{
    aio_idx = lua_absindex(L, aio_idx);
    luaL_newmetatable(L, AIO_FUTURE_MT);
    luaL_newlibtable(L, aio_future_meth);
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, aio_future_meth, 1);
    lua_setfield(L, -2, "__index");
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, l_future_tostring, 1);
    lua_setfield(L, -2, "__tostring");
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, l_future_new, 1);
    lua_setfield(L, aio_idx, "Future");
    lua_pushcfunction(L, l_future_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, AIO_HANDLE_MT);
    luaL_newlib(L, aio_handle_meth);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newmetatable(L, AIO_CBREC_MT);
    lua_pop(L, 1);
    lua_pushvalue(L, aio_idx);
    luaL_setfuncs(L, aio_future_funcs, 0);
    lua_pop(L, 1);
}
