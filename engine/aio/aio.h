/* SPDX-License-Identifier: MIT
 * engine/aio/aio.h -- the C side of `aio` for other Lua-facing modules.
 *
 * A Future is the one awaitable primitive C code hands to Lua: a stream
 * read, a to_thread job or a pool result creates one, returns it (or awaits
 * it on behalf of the caller) and resolves it later from a loop callback.
 * Waiters wake through the ready queue in the order they started waiting,
 * exactly like CPython futures (done callbacks are call_soon'ed).
 *
 * Typical use, inside a lua_CFunction called from a task:
 *
 *     ll_aio_future_new(L);                  // stack: ..., fut
 *     op->fut_ref = luaL_ref(L, LUA_REGISTRYINDEX) after lua_pushvalue;
 *     ll_aio_future_on_cancel(L, -1, my_cancel, op);
 *     start the operation (fd watcher, pool job...);
 *     return ll_aio_await(L, -1);            // yields; returns its results
 *
 *   and later, on the loop thread (an I/O or pool completion callback):
 *
 *     lua_State *L = ll_aio_loop_state(any_L);   // the run's own thread
 *     lua_rawgeti(L, LUA_REGISTRYINDEX, op->fut_ref);
 *     lua_pushlstring(L, data, n);           // the results
 *     ll_aio_future_resolve(L, -2, 1);       // pops the 1 result
 *     lua_pop(L, 1);  luaL_unref(L, LUA_REGISTRYINDEX, op->fut_ref);
 *
 * Everything here runs on the loop thread (the thread of aio.run). Worker
 * threads never touch a lua_State: they hand results to the loop thread
 * first (eventfd / ll_loop callback) and resolve there.
 */
#ifndef LL_AIO_H
#define LL_AIO_H

#include <stdbool.h>
#include <lua.h>

#include "engine/loop.h"

/* Called when a pending Future is cancelled (by fut:cancel() or because
 * the task awaiting it was cancelled), before its waiters wake: stop the
 * underlying operation. It must not resolve the future. */
typedef void (*ll_aio_cancel_fn)(void *ud);

/* Push a new pending Future bound to the running aio.run loop. Raises a Lua
 * error (naming the caller) when no loop is running. */
void ll_aio_future_new(lua_State *L);

/* True if the value at idx is an aio Future. */
bool ll_aio_is_future(lua_State *L, int idx);

/* Is the Future at idx finished (result, error or cancelled)? */
bool ll_aio_future_done(lua_State *L, int idx);

/* Resolve the Future at idx with the nres values on top of the stack
 * (popped in every case). Returns 0, or LL_EINVAL when it was already done
 * (a cancelled future ignores late results: not an error for the caller to
 * raise). */
int  ll_aio_future_resolve(lua_State *L, int idx, int nres);

/* Fail the Future at idx with the error value on top (popped): any Lua
 * value; use ll_aio_push_error for an aio error object. 0 or LL_EINVAL. */
int  ll_aio_future_reject(lua_State *L, int idx);

/* Register fn(ud) to run if the Future at idx is cancelled while pending.
 * One hook per future; a later call replaces it; NULL removes it. */
void ll_aio_future_on_cancel(lua_State *L, int idx, ll_aio_cancel_fn fn,
                             void *ud);

/* Await the awaitable (Future or Task) at idx from a lua_CFunction running
 * inside a task: use as `return ll_aio_await(L, idx);`. It yields (never
 * returns to the caller's C code) and the Lua caller receives the results,
 * or the error / CancelledError is raised at this point. A done awaitable
 * returns its results at once. Raises if not called inside a task. */
int  ll_aio_await(lua_State *L, int idx);

/* Push an aio error object {type=, message=} (metatable looplab.Error).
 * type is one of the aio error names, e.g. "TimeoutError",
 * "ConnectionResetError" or any CamelCase name you document; msg may be
 * NULL. */
void ll_aio_push_error(lua_State *L, const char *type, const char *msg);

/* Debug mode for every aio.run started afterwards in this state (what
 * aio.set_debug does): warn "Executing <Task ...> took N seconds" for each
 * task step longer than slow_s real seconds (<= 0: CPython's 0.1). */
void ll_aio_set_debug(lua_State *L, bool on, double slow_s);

/* The lua_State of the running aio.run (the thread that called it): the
 * one to use for resolving futures from loop callbacks. NULL if no run. */
lua_State *ll_aio_loop_state(lua_State *L);

/* The running loop (for fd watchers and timers), or NULL. */
ll_loop *ll_aio_loop(lua_State *L);

#endif /* LL_AIO_H */
