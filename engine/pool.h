/* SPDX-License-Identifier: MIT
 * engine/pool.h -- a pthread work pool: submit(work, done) -> done on the owner.
 *
 * A work item belongs to the pool from ll_pool_submit until its done
 * callback has run on the owner thread (libuv's uv__work_submit/done):
 * `work` runs on one of the pool's worker threads, then the item is queued
 * for completion and the pool's notify hook is called (from the worker
 * thread, outside the pool lock) so the owner can wake up; the owner runs
 * ll_pool_run_done, which calls each finished item's `done`. Items are
 * started in submission order. No Lua here: each worker gets an opaque
 * per-thread state from the init hook (the Lua layer makes one lua_State
 * per worker there), so worker threads never touch the owner's state.
 *
 * Thread affinity: ll_pool_new/submit/cancel/run_done/shutdown/free on the
 * owner thread only; the hooks as documented on ll_pool_opts.
 */
#ifndef LL_POOL_H
#define LL_POOL_H

#include "base.h"
#include "list.h"

typedef struct ll_pool ll_pool;
typedef struct ll_pool_work ll_pool_work;

typedef enum ll_pool_state {
    LL_POOL_IDLE,      /* not submitted (or done ran) */
    LL_POOL_QUEUED,    /* waiting for a worker */
    LL_POOL_RUNNING,   /* a worker runs `work` */
    LL_POOL_FINISHED   /* waiting for ll_pool_run_done to call `done` */
} ll_pool_state;

/* Runs on a worker thread; wstate is that worker's init-hook state. */
typedef void (*ll_pool_work_fn)(ll_pool_work *w, void *wstate);
/* Runs on the owner thread inside ll_pool_run_done. status is LL_OK when
 * `work` ran, LL_ECANCELED when the item was cancelled before it started.
 * The item may be freed or resubmitted from here. */
typedef void (*ll_pool_done_fn)(ll_pool_work *w, int status);

struct ll_pool_work {
    ll_list_node    node;      /* pool-private */
    ll_pool_work_fn work;
    ll_pool_done_fn done;
    void           *data;
    /* Filled in by the pool; read them on the owner thread after done. */
    ll_pool_state   state;
    int             status;
    int             worker;    /* worker id that ran it, -1 if none */
    int64_t         t_submit, t_start, t_end;   /* ll_mono_ns() */
};

typedef struct ll_pool_opts {
    int   nworkers;            /* >= 1 */
    /* Called once on each worker thread before it takes work; *wstate is
     * handed to every `work` call on that thread. Non-zero return = the
     * worker exits at once (its items go to the other workers). May be
     * NULL. */
    int  (*worker_init)(void *ud, int worker, void **wstate);
    /* Called on the worker thread as it exits. May be NULL. */
    void (*worker_done)(void *ud, int worker, void *wstate);
    /* Called on a worker thread after an item was queued for completion
     * (and by cancel/shutdown on the owner thread): wake the owner. Must be
     * thread-safe. May be NULL. */
    void (*notify)(void *ud);
    /* Called on a worker thread when an item starts/ends (tracing). May be
     * NULL. */
    void (*on_job)(void *ud, ll_pool_work *w, bool started);
    void *ud;
} ll_pool_opts;

/* Start a pool of opts->nworkers threads. Worker ids are unique in the
 * process (a global counter), so traces can use them as rows.
 * LL_OK, LL_EINVAL (nworkers < 1), LL_ENOMEM or LL_EIO (pthread_create);
 * *out is NULL on failure. */
int  ll_pool_new(const ll_pool_opts *opts, ll_pool **out);

/* Queue w (work and done set, state IDLE) for a worker. LL_OK,
 * LL_EINVAL (no work/done or already submitted), LL_ESTATE after shutdown. */
int  ll_pool_submit(ll_pool *p, ll_pool_work *w);

/* Take a queued item back: it is finished with LL_ECANCELED and its done
 * runs at the next ll_pool_run_done. LL_OK, or LL_EBUSY once a worker has
 * started it (or it is already finished), LL_EINVAL if never submitted. */
int  ll_pool_cancel(ll_pool *p, ll_pool_work *w);

/* Run `done` for every finished item (owner thread). Returns how many. */
int  ll_pool_run_done(ll_pool *p);

/* Block the owner until at least one item is finished and not yet
 * reported by ll_pool_run_done, or timeout_ns passes (< 0 = forever).
 * Returns true if something is finished. */
bool ll_pool_wait(ll_pool *p, int64_t timeout_ns);

/* The item's state as of now (locked read; owner thread). */
ll_pool_state ll_pool_work_state(ll_pool *p, const ll_pool_work *w);

/* Items submitted and whose done has not run yet. */
size_t ll_pool_pending(const ll_pool *p);
int  ll_pool_nworkers(const ll_pool *p);
/* Worker id of the i-th worker (0 <= i < nworkers). */
int  ll_pool_worker_id(const ll_pool *p, int i);

/* Stop accepting work; when cancel_pending, cancel every queued item; then
 * wait for the workers to finish what they run and exit (joining them).
 * Callbacks of finished items still need ll_pool_run_done. Idempotent. */
void ll_pool_shutdown(ll_pool *p, bool cancel_pending);

/* Shut down (cancelling queued work), run the remaining done callbacks and
 * free the pool. */
void ll_pool_free(ll_pool *p);

#endif /* LL_POOL_H */
