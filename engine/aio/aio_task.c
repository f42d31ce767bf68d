/* SPDX-License-Identifier: MIT
 * engine/aio/aio_task.c -- aio tasks: spawn, step, suspend, cancel, methods.
 *
 * A task is a full userdata holding an ll_task plus a Lua thread running
 * the task function directly. An error kills only that task: lua_resume
 * returns it with the dead thread's stack intact, so the traceback is taken
 * there, and lua_resetthread then runs the pending <close> handlers
 * (Lua 5.4 leaves them pending when an error escapes a coroutine; they
 * run only when the thread is closed). No xpcall trampoline: two
 * CallInfos and a closure call less per task. Suspending primitives are
 * C functions that arrange their wake-up through ll__aio_suspend and
 * lua_yieldk with a continuation; the continuation is where a pending
 * cancel turns into CancelledError, at the await point. A plain
 * coroutine.yield inside a task is caught and fails the task.
 *
 * Cancellation copies CPython's Task.cancel/__step: cancel() first cancels
 * what the task awaits (a future, an inner task, a gather) and the task
 * then sees that awaitable end cancelled; only when that is impossible is
 * must_cancel set, and the next resume raises. So an awaited inner task
 * that swallows the cancel lets its awaiter carry on, as in CPython.
 *
 * Lifetimes: a pending task is anchored by a registry ref to its userdata
 * (the loop holds tasks strongly, unlike CPython's weak set) and one to its
 * thread; both are dropped when it finishes, and the slot of the thread's
 * ref is reused for the results (a union in aio_task: never both live).
 *
 * Memory: a task is a Lua thread (~1.1 KB, the floor) plus this userdata,
 * kept at one 224 B malloc chunk (aio_internal.h), and two registry slots.
 * The pending tasks of a run are the scheduler's list; only failed ones are
 * kept on a run list (through ll_task.all), for the end-of-run warnings.
 */
#include "aio_internal.h"

#include <math.h>
#include <string.h>
#include <time.h>

aio_task *
ll__aio_check_task(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, AIO_TASK_MT);
}

/* The task whose step is running, or raise naming the API called. */
aio_task *
ll__aio_current(lua_State *L, const char *what)
{
    ll_lua_ctx *ctx = ll__aio_ctx(L);
    ll_task *t = ctx->sched ? ll_sched_current(ctx->sched) : NULL;
    if (t == NULL)
        luaL_error(L, "%s must be called inside a task (start one with "
                   "aio.run(main))", what);
    return ll_task_data(t);
}

/* Drop the pending task's anchors; res_ref (sharing co_ref's storage)
 * becomes the ref on top of L. */
static void
aio_release(lua_State *L, aio_task *at)
{
    int res = luaL_ref(L, LUA_REGISTRYINDEX);
    luaL_unref(L, LUA_REGISTRYINDEX, at->co_ref);
    at->res_ref = res;
    luaL_unref(L, LUA_REGISTRYINDEX, at->self_ref);
    at->self_ref = LUA_NOREF;
}

/* First line of an error value, for the trace. */
static char *
aio_error_line(lua_State *L, int idx)
{
    char *s = ll_lua_tostring(L, idx);
    if (s != NULL)
        s[strcspn(s, "\n")] = '\0';
    return s;
}

void
ll__aio_finish_cancelled(lua_State *L, aio_task *at, const char *msg)
{
    ll__aio_push_error(L, "CancelledError", msg);
    ll__aio_wrap_error(L);
    aio_release(L, at);
    at->nres = 0;                 /* was nargs if it never ran */
    ll_task_finish(&at->t, LL_TASK_CANCELLED, msg);
}

/* Finish with the values on top of co (results) or an error holder. */
static void
aio_finish(aio_task *at, lua_State *L, lua_State *co, bool ok, int nres)
{
    ll_task_state st = LL_TASK_DONE;
    char *what = NULL;
    int i;

    if (ok && at->must_cancel) {
        /* Cancelled right before it returned: CPython cancels it anyway. */
        lua_pop(co, nres);
        ll__aio_finish_cancelled(L, at, at->cancel_msg);
        return;
    }
    if (ok && nres <= 1) {
        /* The common case keeps the value itself: no results table. */
        at->nres = nres;
        if (nres == 1)
            lua_xmove(co, L, 1);
        else
            lua_pushnil(L);
    } else if (ok) {
        at->nres = nres;
        lua_createtable(L, nres, 0);
        lua_xmove(co, L, nres);
        for (i = nres; i >= 1; i--)
            lua_rawseti(L, -(i + 1), i);   /* stack: results, v1..vi */
    } else {
        lua_xmove(co, L, 1);          /* the holder {value, traceback} */
        lua_getfield(L, -1, "value");
        st = ll__aio_is_error(L, -1, "CancelledError") ? LL_TASK_CANCELLED
                                                      : LL_TASK_FAILED;
        what = aio_error_line(L, -1);
        lua_pop(L, 1);
    }
    aio_release(L, at);
    if (st == LL_TASK_FAILED) {
        aio_run *run = ll__aio_run_of(at);
        ll_task_finish(&at->t, st, what);
        ll_list_push_back(&run->failed, &at->t.all);
    } else {
        ll_task_finish(&at->t, st, what);
    }
    ll_free(what);
}

/* The task died with the error value on top of co: keep it with the
 * traceback of the dead thread ({value=, traceback=}), close its pending
 * <close> variables, finish the task. */
static void
aio_fail(aio_task *at, lua_State *L, lua_State *co)
{
    int base = lua_gettop(L);
    const char *msg;

    lua_createtable(L, 0, 2);                    /* base+1: holder */
    lua_xmove(co, L, 1);                         /* base+2: the error */
    lua_pushvalue(L, base + 2);
    lua_setfield(L, base + 1, "value");
    msg = ll_lua_pushsafestring(L, base + 2, NULL);
    luaL_traceback(L, co, msg, 0);
    lua_setfield(L, base + 1, "traceback");
    lua_settop(L, base + 1);
    lua_resetthread(co);                 /* runs the pending <close>s */
    lua_xmove(L, co, 1);
    aio_finish(at, L, co, false, 1);
}

static double
aio_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The loop runs this for every step of a task. */
static void
aio_step(ll_task *t)
{
    aio_task *at = ll_task_data(t);
    aio_run *run = ll__aio_run_of(at);
    lua_State *L = run->L;
    lua_State *co;
    int nargs = 0, nres = 0, st;
    double t0 = 0;

    if (at->nargs >= 0) {
        /* First step. A task cancelled before it ever ran never runs its
         * body (CPython: the throw hits an unstarted coroutine). */
        if (at->must_cancel) {
            ll__aio_finish_cancelled(L, at, at->cancel_msg);
            return;
        }
        nargs = at->nargs;
        at->nargs = -1;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->co_ref);
    co = lua_tothread(L, -1);
    lua_pop(L, 1);
    at->yielded_here = false;
    if (run->debug)
        t0 = aio_mono();
#ifdef LL_STRESS_YIELD
    /* Lua's HARDMEMTESTS in small: collect often, fully at steps 2^k, so
     * anything C holds without an anchor dies early. Only the first 2^14
     * steps of a run and under 32 MB of heap: every test scenario fits, and
     * the 10^5..10^6-task programs stay runnable. */
    run->nsteps++;
    if (run->nsteps <= (1u << 14) && lua_gc(L, LUA_GCCOUNT) < 32 * 1024) {
        if ((run->nsteps & (run->nsteps - 1)) == 0)
            lua_gc(L, LUA_GCCOLLECT);
        else
            lua_gc(L, LUA_GCSTEP, 0);
    }
#endif
    for (;;) {
        st = lua_resume(co, L, nargs, &nres);
#ifdef LL_STRESS_YIELD
        if (st == LUA_YIELD && at->stress_bounce) {
            at->stress_bounce = false;
            lua_pop(co, nres);
            nargs = 0;
            continue;
        }
#endif
        break;
    }
    if (run->debug) {
        double dt = aio_mono() - t0;
        if (dt >= run->slow_s) {
            char nb[LL_TASK_NAME_MAX];
            const char *name = ll_task_name(t, nb);
            char *m = ll_asprintf("Executing <Task %s> took %.3f seconds",
                                  name, dt);
            ll__aio_warn(L, t->id, name, m, NULL);
            ll_free(m);
        }
    }
    if (st == LUA_YIELD) {
        lua_pop(co, nres);
        if (!at->yielded_here) {
            /* coroutine.yield() straight to the scheduler: not an await. */
            lua_pushliteral(co, "coroutine.yield() inside a task: use "
                                "aio.sleep(0) to give other tasks a turn");
            aio_fail(at, L, co);
        }
        return;
    }
    if (st == LUA_OK) {
        aio_finish(at, L, co, true, nres);
        return;
    }
    aio_fail(at, L, co);
}

/* Create a task for the function at fidx with the nargs values on top of
 * the stack as its arguments; pushes the task. */
aio_task *
ll__aio_spawn(lua_State *L, aio_run *run, const char *name, int fidx,
              int nargs)
{
    aio_task *at;
    lua_State *co;
    ll_task *parent = ll_sched_current(run->sched);
    int base = lua_gettop(L) - nargs, i;

    fidx = lua_absindex(L, fidx);
    luaL_checkstack(L, nargs + 4, "too many task arguments");
    at = lua_newuserdatauv(L, sizeof *at, 0);
    memset(at, 0, sizeof *at);
    at->co_ref = at->self_ref = LUA_NOREF;
    ll_list_init(&at->w.node);
    luaL_setmetatable(L, AIO_TASK_MT);
    co = lua_newthread(L);
    at->co_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (!lua_checkstack(co, nargs + 4))
        luaL_error(L, "out of memory starting a task");
    lua_pushvalue(L, fidx);
    for (i = 1; i <= nargs; i++)
        lua_pushvalue(L, base + i);
    lua_xmove(L, co, nargs + 1);
    at->nargs = nargs;
    lua_pushvalue(L, -1);
    at->self_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (ll_task_start(run->sched, &at->t, name, aio_step, at, parent) != LL_OK)
        luaL_error(L, "out of memory starting a task");
    return at;
}

/* Push a finished task's results (returns their count) or raise its error. */
int
ll__aio_push_results(lua_State *L, aio_task *at)
{
    int n, i;
    at->retrieved = true;
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->res_ref);
    if (at->t.state != LL_TASK_DONE) {
        lua_getfield(L, -1, "value");
        return lua_error(L);
    }
    n = at->nres;
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

void
ll__aio_push_first(lua_State *L, aio_task *at)
{
    at->retrieved = true;
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->res_ref);
    if (at->t.state != LL_TASK_DONE)
        lua_getfield(L, -1, "value");
    else if (at->nres >= 2)
        lua_rawgeti(L, -1, 1);
    else
        return;
    lua_remove(L, -2);
}

/* {=================== suspend / resume ===================} */

static void
aio_wake_waiter(ll_callback *cb)
{
    ll_task_run_now(&ll_container_of(ll_task_waiter_of(cb), aio_task, w)->t);
}

bool
ll__aio_aw_cancel(aio_kind kind, void *aw, const char *msg)
{
    switch (kind) {
    case AIO_AW_TASK:   return ll__aio_task_cancel(aw, msg);
    case AIO_AW_FUTURE: return ll__aio_future_cancel_ptr(aw, msg);
    case AIO_AW_GATHER: return ll__aio_gather_cancel(aw, msg);
    case AIO_AW_WAITQ:  /* needs the task: aio_cancel_awaited */
    case AIO_AW_NONE:   break;
    }
    return false;
}

/* Cancel what the task awaits; false if that is no longer possible. */
static bool
aio_cancel_awaited(aio_task *at, const char *msg)
{
    if (at->aw_kind == AIO_AW_WAITQ)
        return ll__aio_waitq_cancel(at, msg);
    return ll__aio_aw_cancel(at->aw_kind, at->fut_waiter, msg);
}

int
ll__aio_suspend(lua_State *L, aio_task *at, aio_kind kind, void *aw,
                const char *reason, lua_KContext kctx, lua_KFunction k)
{
    lua_State *co;
    /* Only the task's own thread may wait: from a coroutine of its own
     * (coroutine.wrap inside a task) the yield would go to that
     * coroutine's resume instead of the scheduler, and "concurrency" could
     * be faked by hand with no task at all. */
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->co_ref);
    co = lua_tothread(L, -1);
    lua_pop(L, 1);
    if (co != L)
        return luaL_error(L, "aio: %s inside a coroutine of your own: "
                          "waits must run in a task itself (start one with "
                          "aio.create_task, not coroutine.create/wrap)",
                          reason ? reason : "wait");
    at->aw_kind = (uint8_t)kind;
    ll_list_init(&at->w.node);
    at->w.fn = aio_wake_waiter;
    at->fut_waiter = aw;
    if (kind == AIO_AW_TASK)
        ll_task_add_waiter(&((aio_task *)aw)->t, &at->w);
    else if (kind == AIO_AW_FUTURE)
        ll__aio_future_add_waiter(aw, &at->w);
    else if (kind == AIO_AW_WAITQ)
        ll__aio_waitq_link(at, aw);
    ll_task_block(&at->t, reason);
    /* A cancel that arrived during this step goes to what we now await. */
    if (at->must_cancel && kind != AIO_AW_NONE &&
        aio_cancel_awaited(at, at->cancel_msg))
        at->must_cancel = false;
    at->yielded_here = true;
    return lua_yieldk(L, 0, kctx, k);
}

void
ll__aio_resume_check(lua_State *L, aio_task *at)
{
    if (at->aw_kind == AIO_AW_TASK || at->aw_kind == AIO_AW_FUTURE)
        ll_task_remove_waiter(&at->w);
    else if (at->aw_kind == AIO_AW_WAITQ)
        ll__aio_waitq_unlink(at->fut_waiter, at);
    at->aw_kind = AIO_AW_NONE;
    at->fut_waiter = NULL;
    if (at->must_cancel) {
        at->must_cancel = false;
        ll__aio_raise(L, "CancelledError", at->cancel_msg);
    }
}

/* {=================== sleep / await ===================} */

static int
aio_sleep_k(lua_State *L, int status, lua_KContext kctx)
{
    (void)status;
    ll__aio_resume_check(L, (aio_task *)kctx);
    return lua_gettop(L) >= 2 ? 1 : 0;   /* sleep(d, value) returns value */
}

static int
l_aio_sleep(lua_State *L)
{
    double d = luaL_checknumber(L, 1);
    aio_task *at;

    if (isnan(d))
        return ll__aio_raise(L, "ValueError", "Invalid delay: NaN (not a "
                             "number)");
    at = ll__aio_current(L, "aio.sleep()");
    lua_settop(L, 2);
    /* A pending cancel fires after one loop turn, as CPython's cancelled
     * sleep future would. */
    if (ll_task_sleep(&at->t, at->must_cancel ? 0 : ll_clock_s2ns(d))
        != LL_OK)
        return luaL_error(L, "aio.sleep: out of memory");
    return ll__aio_suspend(L, at, AIO_AW_NONE, NULL, d > 0 ? "sleep" : "yield",
                           (lua_KContext)at, aio_sleep_k);
}

int
ll__aio_await_k(lua_State *L, int status, lua_KContext kctx)
{
    aio_task *at = (aio_task *)kctx;
    aio_future *f = NULL;
    (void)status;
    /* The Future we suspended on is known: skip the by-name type test. */
    if (at->aw_kind == AIO_AW_FUTURE && at->fut_waiter == lua_touserdata(L, 1))
        f = at->fut_waiter;
    ll__aio_resume_check(L, at);
    if (f != NULL || (f = ll__aio_test_future(L, 1)) != NULL)
        return ll__aio_future_push_results(L, f);
    return ll__aio_push_results(L, lua_touserdata(L, 1));
}

#ifdef LL_STRESS_YIELD
static int
aio_return_k(lua_State *L, int status, lua_KContext kctx)
{
    (void)L;
    (void)status;
    return (int)kctx;
}
#endif

int
ll__aio_return(lua_State *L, int n)
{
#ifdef LL_STRESS_YIELD
    ll_lua_ctx *ctx = ll__aio_ctx(L);
    ll_task *t = ctx->sched ? ll_sched_current(ctx->sched) : NULL;
    if (t != NULL && lua_isyieldable(L)) {
        aio_task *at = ll_task_data(t);
        lua_State *co;
        lua_rawgeti(L, LUA_REGISTRYINDEX, at->co_ref);
        co = lua_tothread(L, -1);
        lua_pop(L, 1);
        if (co == L) {
            at->stress_bounce = true;
            at->yielded_here = true;
            return lua_yieldk(L, 0, (lua_KContext)n, aio_return_k);
        }
    }
#endif
    (void)L;
    return n;
}

static int
aio_await_fn_k(lua_State *L, int status, lua_KContext kctx)
{
    (void)status;
    (void)kctx;
    return lua_gettop(L);
}

int
ll_aio_await(lua_State *L, int idx)
{
    aio_task *target, *at;
    aio_future *f;

    lua_pushvalue(L, idx);
    lua_replace(L, 1);
    lua_settop(L, 1);                 /* keeps the awaitable alive */
    if (lua_isfunction(L, 1)) {
        /* `await coro()` runs the coroutine in the awaiting task. */
        lua_callk(L, 0, LUA_MULTRET, 0, aio_await_fn_k);
        return aio_await_fn_k(L, LUA_OK, 0);
    }
    if ((f = ll__aio_test_future(L, 1)) != NULL) {
        if (f->state != LL_TASK_PENDING)
            return ll__aio_return(L, ll__aio_future_push_results(L, f));
        at = ll__aio_current(L, "aio.await()");
        return ll__aio_suspend(L, at, AIO_AW_FUTURE, f, "future",
                               (lua_KContext)at, ll__aio_await_k);
    }
    target = luaL_testudata(L, 1, AIO_TASK_MT);
    if (target == NULL)
        return luaL_error(L, "aio.await: expected a task, a future or a "
                          "function, got %s", luaL_typename(L, 1));
    if (target->t.state != LL_TASK_PENDING)
        return ll__aio_return(L, ll__aio_push_results(L, target));
    at = ll__aio_current(L, "aio.await()");
    if (at == target)
        return ll__aio_raise(L, "RuntimeError",
                             "a task cannot await itself");
    return ll__aio_suspend(L, at, AIO_AW_TASK, target, "task",
                           (lua_KContext)at, ll__aio_await_k);
}

static int
l_aio_await(lua_State *L)
{
    luaL_checkany(L, 1);
    return ll_aio_await(L, 1);
}

/* {=================== task objects ===================} */

bool
ll__aio_task_cancel(aio_task *at, const char *msg)
{
    if (at->t.state != LL_TASK_PENDING)
        return false;
    if (at->ncancels < UINT16_MAX)
        at->ncancels++;
    /* in_cancel breaks await cycles (a awaits b awaits a), where CPython
     * would recurse until RecursionError. */
    if (at->aw_kind != AIO_AW_NONE && !at->in_cancel) {
        bool r;
        at->in_cancel = true;
        r = aio_cancel_awaited(at, msg);
        at->in_cancel = false;
        if (r)
            return true;
    }
    at->must_cancel = true;
    ll_free(at->cancel_msg);
    at->cancel_msg = ll_strdup(msg);
    if (!at->t.started)
        return true;                  /* the first step sees must_cancel */
    if (ll_sched_current(at->t.sched) == &at->t)
        return true;                  /* self-cancel: the next await raises */
    if (at->aw_kind == AIO_AW_NONE) {
        /* Sleeping (or parked): wake it so the continuation raises. */
        ll_task_unschedule(&at->t);
        ll_task_wake(&at->t);
    }
    return true;
}

static int
l_task_cancel(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    const char *msg = luaL_optstring(L, 2, NULL);
    lua_pushboolean(L, ll__aio_task_cancel(at, msg));
    return 1;
}

static int
l_task_cancelling(lua_State *L)
{
    lua_pushinteger(L, ll__aio_check_task(L, 1)->ncancels);
    return 1;
}

static int
l_task_uncancel(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    if (at->ncancels > 0) {
        at->ncancels--;
        if (at->ncancels == 0)
            at->must_cancel = false;      /* 3.13 */
    }
    lua_pushinteger(L, at->ncancels);
    return 1;
}

static int
l_task_done(lua_State *L)
{
    lua_pushboolean(L, ll__aio_check_task(L, 1)->t.state != LL_TASK_PENDING);
    return 1;
}

static int
l_task_cancelled(lua_State *L)
{
    lua_pushboolean(L, ll__aio_check_task(L, 1)->t.state == LL_TASK_CANCELLED);
    return 1;
}

static int
l_task_result(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    if (at->t.state == LL_TASK_PENDING)
        return ll__aio_raise(L, "InvalidStateError", "Result is not set.");
    return ll__aio_push_results(L, at);
}

static int
l_task_exception(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    if (at->t.state == LL_TASK_PENDING)
        return ll__aio_raise(L, "InvalidStateError", "Exception is not set.");
    at->retrieved = true;
    if (at->t.state == LL_TASK_DONE) {
        lua_pushnil(L);
        return 1;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->res_ref);
    lua_getfield(L, -1, "value");
    if (at->t.state == LL_TASK_CANCELLED)
        return lua_error(L);
    return 1;
}

static int
l_task_get_name(lua_State *L)
{
    char nb[LL_TASK_NAME_MAX];
    lua_pushstring(L, ll_task_name(&ll__aio_check_task(L, 1)->t, nb));
    return 1;
}

static int
l_task_set_name(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    if (ll_task_set_name(&at->t, luaL_tolstring(L, 2, NULL)) != LL_OK)
        return luaL_error(L, "out of memory");
    return 0;
}

static int
l_task_tostring(lua_State *L)
{
    aio_task *at = ll__aio_check_task(L, 1);
    char nb[LL_TASK_NAME_MAX];
    lua_pushfstring(L, "<Task %s %s>", ll_task_name(&at->t, nb),
                    ll_task_state_name(at->t.state));
    return 1;
}

void
ll__aio_task_warn(lua_State *L, aio_task *at, const char *msg)
{
    char *detail, nb[LL_TASK_NAME_MAX];
    const char *name = ll_task_name(&at->t, nb);
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->res_ref);
    lua_getfield(L, -1, "traceback");
    detail = ll_asprintf("task: %s\n%s", name,
                         lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
    lua_pop(L, 2);
    ll__aio_warn(L, at->t.id, name, msg, detail);
    ll_free(detail);
}

static int
l_task_gc(lua_State *L)
{
    aio_task *at = lua_touserdata(L, 1);
    /* CPython logs this when the task object dies; a task collected before
     * its run ended would otherwise go unreported. */
    if (at->t.state == LL_TASK_FAILED && !at->retrieved && !at->gathered) {
        at->retrieved = true;
        ll__aio_task_warn(L, at, "Task exception was never retrieved");
    }
    if (at->t.state == LL_TASK_FAILED)
        ll_list_remove(&at->t.all);     /* off run->failed */
    if (at->t.state != LL_TASK_PENDING) {
        luaL_unref(L, LUA_REGISTRYINDEX, at->res_ref);
        at->res_ref = LUA_NOREF;
    }
    if (at->t.state == LL_TASK_PENDING && at->aw_kind == AIO_AW_WAITQ)
        ll__aio_waitq_detach(at);
    if (at->t.sched != NULL)
        ll_task_close(&at->t);
    ll_free(at->cancel_msg);
    at->cancel_msg = NULL;
    return 0;
}

/* Where a suspended task stands: the innermost Lua line of its thread
 * outside aio's own library code. */
static void
aio_task_where(ll_buf *b, aio_task *at)
{
    lua_State *L, *co;
    lua_Debug ar;
    int level;

    if (at->t.state != LL_TASK_PENDING || at->co_ref == LUA_NOREF)
        return;
    L = ll__aio_run_of(at)->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, at->co_ref);
    co = lua_tothread(L, -1);
    lua_pop(L, 1);
    for (level = 0; co && lua_getstack(co, level, &ar); level++) {
        if (!lua_getinfo(co, "Sl", &ar) || ar.currentline <= 0)
            continue;
        if (strncmp(ar.source, "=aio", 4) == 0)
            continue;
        ll_buf_printf(b, " at %s:%d", ar.short_src, ar.currentline);
        return;
    }
}

void
ll__aio_task_describe(ll_buf *b, aio_task *at)
{
    switch (at->aw_kind) {
    case AIO_AW_TASK: {
        char nb[LL_TASK_NAME_MAX];
        ll_buf_printf(b, "waiting on task '%s'",
                      ll_task_name(&((aio_task *)at->fut_waiter)->t, nb));
        break;
    }
    case AIO_AW_FUTURE:
        ll_buf_printf(b, "waiting on %s",
                      at->t.reason ? at->t.reason : "a future");
        break;
    case AIO_AW_GATHER:
        ll_buf_adds(b, "waiting on gather");
        break;
    case AIO_AW_WAITQ:
    case AIO_AW_NONE:
        ll_buf_printf(b, "waiting on %s", at->t.reason ? at->t.reason
                      : "something that never happens");
        break;
    }
    aio_task_where(b, at);
}

/* {=================== module functions ===================} */

static int
l_aio_create_task(lua_State *L)
{
    aio_run *run = ll__aio_running(L, "aio.create_task()");
    const char *name = NULL;
    int fidx = 1;

    if (lua_type(L, 1) == LUA_TSTRING) {
        name = lua_tostring(L, 1);
        fidx = 2;
    }
    luaL_checktype(L, fidx, LUA_TFUNCTION);
    ll__aio_spawn(L, run, name, fidx, lua_gettop(L) - fidx);
    return 1;
}

static int
l_aio_current_task(lua_State *L)
{
    ll_lua_ctx *ctx = ll__aio_ctx(L);
    ll_task *t = ctx->sched ? ll_sched_current(ctx->sched) : NULL;
    if (t == NULL)
        lua_pushnil(L);
    else
        lua_rawgeti(L, LUA_REGISTRYINDEX,
                    ((aio_task *)ll_task_data(t))->self_ref);
    return 1;
}

typedef struct aio_all_ud {
    lua_State  *L;
    lua_Integer n;
} aio_all_ud;

static void
aio_all_tasks_add(ll_task *t, void *ud)
{
    aio_all_ud *a = ud;
    lua_rawgeti(a->L, LUA_REGISTRYINDEX,
                ((aio_task *)ll_task_data(t))->self_ref);
    lua_rawseti(a->L, -2, ++a->n);
}

static int
l_aio_all_tasks(lua_State *L)
{
    aio_run *run = ll__aio_running(L, "aio.all_tasks()");
    aio_all_ud a = { L, 0 };
    lua_newtable(L);
    ll_sched_foreach_pending(run->sched, aio_all_tasks_add, &a);
    return 1;
}

static const luaL_Reg aio_task_funcs[] = {
    { "create_task", l_aio_create_task },
    { "sleep", l_aio_sleep },
    { "await", l_aio_await },
    { "current_task", l_aio_current_task },
    { "all_tasks", l_aio_all_tasks },
    { NULL, NULL }
};

static const luaL_Reg aio_task_meth[] = {
    { "cancel", l_task_cancel },
    { "cancelling", l_task_cancelling },
    { "uncancel", l_task_uncancel },
    { "done", l_task_done },
    { "cancelled", l_task_cancelled },
    { "result", l_task_result },
    { "exception", l_task_exception },
    { "get_name", l_task_get_name },
    { "set_name", l_task_set_name },
    { "await", l_aio_await },
    { "add_done_callback", ll__aio_add_done_callback },
    { "remove_done_callback", ll__aio_remove_done_callback },
    { NULL, NULL }
};

void
ll__aio_task_open(lua_State *L, int aio_idx)
{
    aio_idx = lua_absindex(L, aio_idx);
    luaL_newmetatable(L, AIO_TASK_MT);
    luaL_newlib(L, aio_task_meth);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, l_task_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, l_task_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);

    lua_pushvalue(L, aio_idx);
    luaL_setfuncs(L, aio_task_funcs, 0);
    lua_pop(L, 1);
}
