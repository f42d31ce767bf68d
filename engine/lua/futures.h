/* SPDX-License-Identifier: MIT
 * engine/lua/futures.h -- the Future of concurrent.futures, shared by the
 * thread pools (threads_pool.c) and the process pools (procs_pool.c).
 * Internal to engine/lua.
 *
 * A pool job embeds a fut_job; its Future is a userdata pointing at it.
 * Everything the two kinds of Future do alike lives in futures.c: waiting
 * with a timeout, result/exception (re-raising the job's error), done,
 * cancel, cancelled, add_done_callback, worker, and the end of a job's life
 * (done callbacks, registry anchors, freeing a job whose Future is gone).
 * What differs -- how a pool makes progress, how results are decoded, how a
 * queued job is cancelled -- comes from the pool through a fut_class.
 *
 * Ownership: the job is anchored (its Future held in the registry) from
 * submit until it settles, so a pending Future is never collected early.
 * At lua_close every finaliser runs anyway: a Future collected while its
 * job is still in a pool marks the job orphan, and settling frees it.
 * Owner thread only: nothing here may run on a worker thread.
 */
#ifndef LL_LUA_FUTURES_H
#define LL_LUA_FUTURES_H

#include <lua.h>
#include <lauxlib.h>

#include "engine/base.h"
#include "serial.h"

enum { FUT_PENDING, FUT_DONE, FUT_CANCELLED };

typedef struct fut_job fut_job;

/* What a pool supplies. Every hook runs on the owner thread. */
typedef struct fut_class {
    const char *mt;              /* the Future's metatable name */
    /* Collect finished work, waiting up to timeout seconds (< 0 = until
     * something finishes, 0 = not at all). Returns false when f can never
     * finish (its pool is gone). */
    bool (*pump)(lua_State *L, fut_job *f, double timeout);
    /* Push a table {n=, ...} with the values of item `item` (1-based) of
     * the finished (not cancelled) job f whose Future is at fidx; it may
     * push more below it. Returns true when the values are an error (its
     * value is [1]). */
    bool (*values)(lua_State *L, int fidx, fut_job *f, int item);
    /* Cancel the pending f if it has not started; true if it was. */
    bool (*cancel)(lua_State *L, fut_job *f);
    /* The finished f's worker id and monotonic start/end (ns); false if
     * unknown. */
    bool (*worker)(fut_job *f, lua_Integer *id, int64_t *t0, int64_t *t1);
    /* A done callback raised (its error on top; do not pop it). NULL:
     * ignore it, as concurrent.futures only logs. */
    void (*callback_error)(lua_State *L, fut_job *f);
    void (*free)(fut_job *f);
} fut_class;

struct fut_job {
    const fut_class *cls;
    int   state;                 /* FUT_PENDING, FUT_DONE, FUT_CANCELLED */
    int   anchor;                /* registry ref to the Future, or LUA_NOREF */
    int   callbacks;             /* registry ref to a table, or LUA_NOREF */
    bool  orphan;                /* its Future was collected (at close) */
    char  name[96];              /* "<pool>#<n>", for traces */
};

/* The Future userdata (one uservalue: the cached decoded results). */
typedef struct fut_ud {
    fut_job *job;
} fut_ud;

/* Create the metatable cls->mt with the shared methods (result,
 * exception, done, cancelled, cancel, add_done_callback, worker) and __gc,
 * plus the pool's own `meth` and `metameth` (may be NULL). cls must be
 * static. Pushes nothing. */
void ll__futures_newclass(lua_State *L, const fut_class *cls,
                          const luaL_Reg *meth, const luaL_Reg *metameth);

/* Start f's life as a pending job of class cls: push its Future and
 * anchor it. The caller has already filled f->name. */
void ll__futures_push(lua_State *L, const fut_class *cls, fut_job *f);

/* The job of the Future at idx (raising if it is not one of cls or is
 * gone). */
fut_job *ll__futures_check(lua_State *L, int idx, const fut_class *cls);

/* Submitting f failed after ll__futures_push: drop the anchor and mark it
 * cancelled (the Future on the stack frees it when collected). */
void ll__futures_unsubmit(lua_State *L, fut_job *f);

/* f reached its final state (the caller set f->state): run its done
 * callbacks (unless the Future is gone or run_callbacks is false), drop
 * the anchor, and free f if it is an orphan. */
void ll__futures_settle(lua_State *L, fut_job *f, bool run_callbacks);

/* Wait, pumping, until f is done or timeout seconds (< 0 = forever) have
 * passed. Returns whether it is done. */
bool ll__futures_wait(lua_State *L, fut_job *f, double timeout);

/* Push the values of item `item` of the finished f (Future at fidx) and
 * return how many; raises the job's error, or CancelledError. */
int ll__futures_push_values(lua_State *L, int fidx, fut_job *f, int item);

/* Optional timeout argument at idx: -1 when absent; raises if negative. */
double ll__futures_opt_timeout(lua_State *L, int idx);

/* Executors (ThreadPoolExecutor, Pool, ProcessPoolExecutor) */

/* The `initializer` (a function) and `initargs` (a table) fields of the
 * options table at opts: pushes both and sets *init / *initargs to their
 * stack slots, or 0 when absent. Raises on a wrong type. */
void ll__futures_opt_initializer(lua_State *L, int opts, int *init,
                                 int *initargs);
/* Serialise initializer(initargs...) (slots from above; init != 0) into
 * out, one sequence fn, args... Raises with the serialiser's message. */
void ll__futures_dump_initializer(lua_State *L, int init, int initargs,
                                  const ll_serial_opts *so, ll_buf *out);
/* ex:with(fn): fn(ex), then shutdown(ex) even if fn raised; re-raises, or
 * returns fn's results. The executor at 1 is already checked. */
int ll__futures_with(lua_State *L, lua_CFunction shutdown);

#endif /* LL_LUA_FUTURES_H */
