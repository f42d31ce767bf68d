/* SPDX-License-Identifier: MIT
 * engine/threads/threads_int.h -- what the files of the `threads` module share
 * (internal to them; aio_pool.c and threads_sync.c need only threads.h).
 *
 *   threads_rt.c      the runtime: events from workers, the owner's pump,
 *                     the owner's self, GIL release around blocking calls
 *   threads_pool.c    worker threads (their states, the GIL hook, running
 *                     a job) and pools and jobs on the owner (submit, done)
 *   threads_future.c  the threads Future (futures.h hooks), threads.wait,
 *                     threads.as_completed
 *   mod_threads.c     ThreadPoolExecutor, Thread, module functions
 *
 * Thread affinity is per field, as marked: the owner is the main program's
 * thread; workers touch only their own thr_worker and, under rt->mu, the
 * event queue.
 */
#ifndef LL_LUA_THREADS_INT_H
#define LL_LUA_THREADS_INT_H

#include "threads.h"

#include "engine/lua/futures.h"
#include "engine/lua/host.h"
#include "engine/lua/serial.h"

#define THR_SELF_KEY   "looplab.threads.self"
#define THR_FUTURE_MT  "looplab.threads.Future"
#define THR_CHECK_EVERY 10000   /* hook interval without the GIL */

typedef struct thr_event {
    int64_t    mono;
    ll_ev_kind kind;
    int        worker;
    char      *name;
    char      *what;
} thr_event;

struct thr_rt {
    atomic_int      refs;
    ll_gil          gil;
    pthread_mutex_t mu;          /* events, done_seq, wakeup */
    pthread_cond_t  cv;          /* owner: done_seq moved */
    uint64_t        done_seq;
    thr_event      *ev;
    size_t          nev, capev;
    size_t          ngil;        /* GIL events recorded */
    void          (*wakeup)(void *);
    void           *wakeup_ud;
    /* owner thread only */
    ll_list_node    pools;
    ll_lua_ctx     *ctx;
    lua_State      *pump_L;
    uint32_t        next_job;
    unsigned        next_thread;  /* Thread-N names */
    bool            closing;
    bool            gil_default;
};

typedef struct thr_pool {
    ll_pool      *pool;
    thr_rt       *rt;
    ll_list_node  node;          /* in rt->pools (owner) */
    bool          uses_gil;
    bool          daemon;
    bool          shut;          /* takes no more work */
    bool          joined;        /* its threads are gone */
    atomic_bool   interrupt;
    char          name[64];
    ll_buf        init;          /* initializer blob: fn, args... */
    long          max_instr;
    size_t        mem_limit;
    size_t        live_jobs;     /* owner */
} thr_pool;

typedef struct thr_job {
    fut_job      f;              /* owner: state, Future, callbacks, name */
    ll_pool_work w;
    thr_pool    *tp;
    uint32_t     id;
    ll_buf       fn, args, out;
    bool         failed;         /* out holds an error value */
    bool         loaded;         /* out was loaded (handles consumed) */
    bool         thread_job;     /* a Thread: report uncaught errors */
} thr_job;

/* threads_rt.c */

/* Drop a reference; the last one frees the runtime. Any thread. */
void ll__thr_rt_unref(thr_rt *rt);
/* Queue an event for the owner's trace/output. Any thread; strings are
 * copied. */
void ll__thr_event_add(thr_rt *rt, ll_ev_kind kind, int worker,
                       const char *name, const char *what, int64_t mono);
/* Owner: copy queued worker events into the trace and the output. */
void ll__thr_flush_events(thr_rt *rt);
/* The pool's completion notice (ll_pool_opts.notify; ud is the thr_pool):
 * wakes the owner and the aio doorbell. Worker threads. */
void ll__thr_notify(void *ud);

/* threads_pool.c -- owner thread, except where said */

/* A pool of nworkers threads that run with the GIL if gil (and the GIL is
 * on); not started. Raises on a worker thread or OOM. */
thr_pool *ll__thr_pool_new(lua_State *L, int nworkers, bool gil,
                           const char *name);
/* Start its threads and link it into the runtime; raises on failure. */
void ll__thr_pool_start(lua_State *L, thr_pool *tp, int nworkers);
/* Take no more work; join the threads (cancelling queued jobs if
 * cancel). */
void ll__thr_pool_stop(lua_State *L, thr_pool *tp, bool cancel);
/* Stop and join it, settle what is left, unlink and free it. */
void ll__thr_pool_free(lua_State *L, thr_pool *tp);
/* Serialise fn (stack fn_idx) and args [first, first+nargs) into a new
 * job, submit it and push its Future. fn_name/args_name root the paths in
 * serialisation errors, which are raised. */
thr_job *ll__thr_submit(lua_State *L, thr_pool *tp, int fn_idx, int first,
                        int nargs, const char *fn_name, const char *args_name);
void ll__thr_job_free(thr_job *j);

/* threads_future.c */

extern const fut_class ll__thr_future_class;
/* The job settled (state set): report a Thread's uncaught error, run done
 * callbacks, drop the anchor (freeing an orphan). */
void ll__thr_future_fire(lua_State *L, thr_job *j);
/* Create the Future class; put wait, as_completed and the return_when
 * constants into the module table on top. */
void ll__thr_future_open(lua_State *L);

#endif /* LL_LUA_THREADS_INT_H */
