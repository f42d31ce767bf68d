/* SPDX-License-Identifier: MIT
 * engine/aio/aio_internal.h -- what the aio_*.c files share (not an API).
 *
 * The module is split by concept: aio_error.c (error objects), aio_task.c
 * (tasks: spawn, step, cancel, methods), aio_future.c (Future, done
 * callbacks, call_soon/later/at handles, the C API in aio.h), aio_gather.c,
 * aio_sync.c (wait queues; Event, Lock, Semaphore), aio_queue.c (queues),
 * aio_lib.c (the parts written in Lua on top of futures: Condition,
 * Barrier, combinators; sources in engine/aio/ directory) and mod_aio.c
 * (aio.run, registration). Cross-file names use the ll__aio_ prefix.
 *
 * Awaiting follows CPython's Task.__step: a suspended task records what it
 * waits on (fut_waiter + kind); cancel() first tries to cancel that
 * awaitable and only sets must_cancel if it could not, and the continuation
 * of every suspending primitive raises CancelledError when must_cancel is
 * set (ll__aio_resume_check). Loop thread only.
 */
#ifndef LL_AIO_INTERNAL_H
#define LL_AIO_INTERNAL_H

#include "engine/lua/host.h"
#include "aio.h"
#include "engine/loop.h"
#include "engine/task.h"

#define AIO_TASK_MT    "looplab.Task"
#define AIO_FUTURE_MT  "looplab.Future"
#define AIO_ERROR_MT   "looplab.Error"
#define AIO_GATHER_MT  "looplab.Gather"
#define AIO_RUN_MT     "looplab.Run"
#define AIO_HANDLE_MT  "looplab.Handle"
#define AIO_CBREC_MT   "looplab.DoneCallback"
#define AIO_CURRENT    "looplab.aio.current_run"
#define AIO_EVENT_MT   "looplab.Event"
#define AIO_LOCK_MT    "looplab.Lock"
#define AIO_SEM_MT     "looplab.Semaphore"
#define AIO_QUEUE_MT   "looplab.Queue"

typedef struct aio_run aio_run;
typedef struct aio_task aio_task;
typedef struct aio_future aio_future;
typedef struct aio_gather aio_gather;

/* What a suspended task waits on. */
typedef enum aio_kind {
    AIO_AW_NONE,      /* sleep / yield / nothing */
    AIO_AW_TASK,
    AIO_AW_FUTURE,
    AIO_AW_GATHER,
    AIO_AW_WAITQ      /* an aio_waitq of a Lock/Event/Semaphore/Queue */
} aio_kind;

/* What CPython keeps as one Future per wait in locks.py and queues.py,
 * kept in the waiting task instead (aio_task.wq_state, linked through
 * at->w.node): pending until a waker sets it (DONE) or the task's
 * cancel() cancels it (CANCELLED). An entry stays in the queue until its
 * task resumes and removes itself (CPython's `finally: waiters.remove`)
 * unless the waker pops it (queues.py's popleft). A split queue moves
 * woken and cancelled entries to `parked`, so the first entry of `head`
 * is always the first not-done one (Semaphore's _wake_up_next, O(1)). */
typedef enum aio_wq_state {
    AIO_WQ_PENDING,
    AIO_WQ_DONE,
    AIO_WQ_CANCELLED
} aio_wq_state;

typedef struct aio_waitq {
    ll_list_node head;        /* entries, in arrival order */
    ll_list_node parked;      /* split queues: done entries not yet gone */
    uint32_t     n;           /* entries still in the queue (both lists) */
    uint32_t     ncancelled;  /* of which cancelled */
    bool         split;
} aio_waitq;

struct aio_run {
    ll_loop       *loop;
    ll_sched      *sched;
    lua_State     *L;         /* the thread that called aio.run */
    ll_list_node   failed;    /* tasks that FAILED, unless collected
                                 (through ll_task.all): end-of-run warnings */
    ll_list_node   handles;   /* pending call_soon/later/at handles */
    ll_task_waiter main_done;
    bool           closed;
    bool           debug;
    double         slow_s;    /* debug: warn about steps longer than this */
    uint64_t       nsteps;    /* task steps run (stress GC schedule) */
};

/* 168 bytes, so the userdata (32 B header) is one 208 B malloc chunk:
 * fields that are never live at the same time share storage (a pending
 * task has a thread and arguments, a finished one results; the waiter's
 * data slot names the awaitable), flags are bits, and the run is found
 * through the scheduler while the task is pending. */
struct aio_task {
    ll_task        t;
    union {
        int        co_ref;    /* PENDING: the task's thread */
        int        res_ref;   /* DONE: the one result (nres 1) or a results
                                 table {n=} (nres >= 2; none for 0);
                                 otherwise the error holder {value=} */
    };
    int            self_ref;  /* this userdata, while pending */
    union {
        int        nargs;     /* arguments for the first resume; -1 once
                                 it ran */
        int        nres;      /* once finished */
    };
    uint16_t       ncancels;  /* cancelling(); saturates at 65535 */
    uint8_t        aw_kind : 3;    /* aio_kind */
    uint8_t        wq_state : 2;   /* aio_wq_state while on an aio_waitq */
    bool           retrieved : 1;  /* result/exception observed */
    bool           must_cancel : 1;
    bool           yielded_here : 1;
    bool           gathered : 1;   /* a gather that returned early owns
                                      errors */
    bool           in_cancel : 1;
    bool           leftover : 1;   /* still pending when aio.run began
                                      shutdown */
    bool           stress_bounce : 1;  /* LL_STRESS_YIELD: resume at once */
    char          *cancel_msg;
    union {
        ll_task_waiter w;     /* on the awaitable it waits for; its fn
                                 finds the task by container_of */
        struct {
            ll_list_node   w_node_;
            ll_callback_fn w_fn_;
            void          *fut_waiter;  /* = w.data: the awaitable */
        };
    };
};

/* The run of a task; only while it is pending (the run may be gone). */
static inline aio_run *
ll__aio_run_of(aio_task *at)
{
    return ll_sched_data(at->t.sched);
}

struct aio_future {
    ll_task_state  state;
    ll_list_node   waiters;   /* ll_task_waiter, woken via the ready queue */
    aio_run       *run;       /* the loop it belongs to */
    int            res_ref;   /* as aio_task: the value (nres <= 1), a
                                 results table, or the holder {value=} */
    int            nres;
    char          *cancel_msg;
    bool           retrieved;
    ll_aio_cancel_fn cancel_cb;  /* C hook (aio.h) */
    void          *cancel_ud;
};

/* A Future settled with one boolean keeps it in res_ref as one of these
 * (luaL_unref ignores negative refs; LUA_REFNIL already covers nil), so
 * the set_result(true) of every Lock/Event/Semaphore wake-up costs no
 * registry slot. Read a Future's res_ref with ll__aio_push_ref. */
#define AIO_REF_TRUE   (-3)
#define AIO_REF_FALSE  (-4)

static inline void
ll__aio_push_ref(lua_State *L, int ref)
{
    if (ref == AIO_REF_TRUE || ref == AIO_REF_FALSE)
        lua_pushboolean(L, ref == AIO_REF_TRUE);
    else
        lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
}

/* aio_error.c */
void ll__aio_push_error(lua_State *L, const char *type, const char *msg);
int  ll__aio_raise(lua_State *L, const char *type, const char *msg);
bool ll__aio_is_error(lua_State *L, int idx, const char *type);
void ll__aio_wrap_error(lua_State *L);
void ll__aio_error_open(lua_State *L, int aio_idx);

/* mod_aio.c */
ll_lua_ctx *ll__aio_ctx(lua_State *L);
aio_run    *ll__aio_running(lua_State *L, const char *what);
void        ll__aio_warn(lua_State *L, uint32_t id, const char *name,
                         const char *msg, const char *detail);

/* aio_task.c */
aio_task *ll__aio_check_task(lua_State *L, int idx);
aio_task *ll__aio_current(lua_State *L, const char *what);
aio_task *ll__aio_spawn(lua_State *L, aio_run *run, const char *name,
                        int fidx, int nargs);
bool      ll__aio_task_cancel(aio_task *at, const char *msg);
int       ll__aio_push_results(lua_State *L, aio_task *at);
/* Push a finished task's first result (nil if none) or its error value. */
void      ll__aio_push_first(lua_State *L, aio_task *at);
void      ll__aio_finish_cancelled(lua_State *L, aio_task *at,
                                   const char *msg);
/* Suspend the running task on an awaitable (kind, aw; NULL for sleeps):
 * registers at->w on it unless kind is GATHER/NONE, applies a pending
 * must_cancel as CPython's __step does, yields with continuation k. */
int  ll__aio_suspend(lua_State *L, aio_task *at, aio_kind kind, void *aw,
                     const char *reason, lua_KContext kctx, lua_KFunction k);
/* First thing in every continuation: clear the waiter, raise a pending
 * cancel. */
void ll__aio_resume_check(lua_State *L, aio_task *at);
/* Return the n values on top of L to the Lua caller. In LL_STRESS_YIELD
 * builds, first yield to the scheduler and come straight back (same step,
 * nothing else runs): every await continuation gets exercised with no
 * change in ordering. */
int  ll__aio_return(lua_State *L, int n);
/* Continuation of an await on the Task/Future at stack index 1. */
int  ll__aio_await_k(lua_State *L, int status, lua_KContext kctx);
bool ll__aio_aw_cancel(aio_kind kind, void *aw, const char *msg);
void ll__aio_task_open(lua_State *L, int aio_idx);
void ll__aio_task_describe(ll_buf *b, aio_task *at);
/* Warn about a finished task: msg, then its name and traceback. */
void ll__aio_task_warn(lua_State *L, aio_task *at, const char *msg);

/* aio_future.c */
aio_future *ll__aio_test_future(lua_State *L, int idx);
int  ll__aio_future_push_results(lua_State *L, aio_future *f);
bool ll__aio_future_cancel(lua_State *L, aio_future *f, int idx,
                           const char *msg);
bool ll__aio_future_cancel_ptr(aio_future *f, const char *msg);
void ll__aio_future_add_waiter(aio_future *f, ll_task_waiter *w);
void ll__aio_future_open(lua_State *L, int aio_idx);
int  ll__aio_add_done_callback(lua_State *L);
int  ll__aio_remove_done_callback(lua_State *L);
void ll__aio_handles_close(lua_State *L, aio_run *run);

/* aio_sync.c: wait queues (see aio_waitq) and Event, Lock, Semaphore */
void ll__aio_waitq_init(aio_waitq *q, bool split);
/* A task waits on a queue with ll__aio_suspend(L, at, AIO_AW_WAITQ, q,
 * reason, kctx, k); the continuation's first call must be
 * ll__aio_waitq_resume. */
/* Called by ll__aio_suspend: link the entry (it inits at->w first). */
void ll__aio_waitq_link(aio_task *at, aio_waitq *q);
/* set_result: mark the entry done and wake its task (call_soon order);
 * pop takes it off the queue at once (queues.py's popleft). */
void ll__aio_waitq_wake(aio_waitq *q, aio_task *at, bool pop);
/* Take the entry off its queue if it is still there. */
void ll__aio_waitq_unlink(aio_waitq *q, aio_task *at);
/* The entry's future.cancel(): false if it is no longer pending. */
bool ll__aio_waitq_cancel(aio_task *at, const char *msg);
/* First call of a continuation: leave the queue; true if the await raises
 * CancelledError (entry cancelled, or must_cancel arrived after the
 * wake-up); at->wq_state still says what happened to the entry. */
bool ll__aio_waitq_resume(aio_task *at);
/* The task is abandoned while waiting: leave the queue. */
void ll__aio_waitq_detach(aio_task *at);
/* An Event (also embedded in a Queue for join()). */
typedef struct aio_event {
    uint32_t  magic;
    bool      value;
    aio_waitq wq;
} aio_event;
void ll__aio_event_init(aio_event *ev);
void ll__aio_event_set(aio_event *ev);
/* Event:wait() for the running task; reason names it in the trace. */
int  ll__aio_event_wait(lua_State *L, aio_event *ev, const char *reason);
/* Check `self` (stack index 1) of an aio_sync/aio_queue object: a full
 * userdata of `size` bytes starting with `magic`; raises naming tname. */
void *ll__aio_sync_check(lua_State *L, uint32_t magic, size_t size,
                         const char *tname);
/* The running task's trace event (kind, what) if the run is traced. */
void ll__aio_sync_trace(lua_State *L, ll_ev_kind kind, const char *what);
void ll__aio_sync_open(lua_State *L, int aio_idx);
void ll__aio_queue_open(lua_State *L, int aio_idx);   /* aio_queue.c */

/* aio_gather.c */
void ll__aio_gather_open(lua_State *L, int aio_idx);
bool ll__aio_gather_cancel(aio_gather *g, const char *msg);

/* aio_lib.c: run the Lua-written parts against the aio table at aio_idx. */
void ll__aio_lib_open(lua_State *L, int aio_idx);
void ll__aio_pool_open(lua_State *L, int aio_idx);   /* aio_pool.c */

#endif /* LL_AIO_INTERNAL_H */
